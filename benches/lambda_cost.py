#!/usr/bin/env python3
"""Cost per mail and per 1,000 mentee-weeks, from measured CPU time and counted requests
(issue 16, goals 4 and 5).

Runs the Lambda binaries against the Runtime API emulator of benches/lambda_start.py, with every
AWS request going through a counting proxy in front of moto server (benches/aws_meter.py), and
measures per invocation: process CPU time (sum over /proc/<pid>/task/*/schedstat, sampled when the
event is handed over and when the response arrives), wall time, peak RSS (VmHWM), bytes logged to
stdout/stderr, and the requests per service and operation with the DynamoDB capacity they bill.

Cases: inbound for an ordinary mentee reply to a prompt, a mentor's forwarded notes and a 40 MB
reply with attachments; the scheduler's run that finds --pairs pairs due (fan-out: it queues
jobs) and an empty run; the sender jobs it queued (kickoff, prompt, digest); ses-events for a Send
event (what the configuration set publishes for each mail) and a Delivery event.

It then models each case at 128, 256 and 512 MB (Lambda gives CPU in proportion to memory, 1,769 MB
= one vCPU: duration = cpu_ms x 1769 / memory + the requests' service wait, from the LATENCY table
below) and prices 1,000 mentee-weeks at a weekly cadence (PRICES and WEEK tables below).

Usage (builds nothing; the lead runs it on release binaries):
  cargo build --release --bin lambda --bin mentormail    # or the per-function binaries
  ~/.cache/mentormail/venv-tools-*/bin/python benches/lambda_cost.py --bin-dir target/release --markdown
  ... --json                                              # the same figures as JSON
"""
import argparse
import json
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cost_cases import TEMPLATE_MEMORY, measure  # noqa: E402
from lambda_start import ROOT, start_moto  # noqa: E402

MEMORY_MB = (128, 256, 512)
VCPU_MB = 1769  # Lambda docs, "Memory and computing power": 1,769 MB has the equivalent of one vCPU
LAMBDA_LOG_LINES = 260  # bytes of START, END and REPORT lines Lambda writes per invocation
TEMPLATE_TIMEOUT_S = {"inbound": 60, "scheduler": 300, "sender": 60, "ses-events": 30, "unsubscribe": 10}

# Typical service latency seen from a Lambda function in the same region, per request, in ms; an
# assumption of this model (the figures AWS publishes are ranges, not guarantees).
LATENCY_MS = {
    "dynamodb": (6, "DynamoDB developer guide: 'single-digit millisecond performance at any scale'; "
                    "6 ms taken for a round trip from Lambda with TLS reuse"),
    "s3": (30, "S3 user guide, 'Performance guidelines': small-object first-byte latency of tens of "
               "ms (assumed 30 ms), plus the bytes at S3_MB_PER_S"),
    "ses": (60, "no published figure; assumed 60 ms for SES v2 SendEmail (it validates, signs DKIM "
                "and stores before answering)"),
    "sqs": (15, "SQS developer guide: SendMessage 'tens of milliseconds' at most; assumed 15 ms"),
    "ssm": (25, "no published figure; assumed 25 ms for GetParameter with decryption (KMS)"),
}
S3_MB_PER_S = 80  # assumed single-stream S3 throughput inside Lambda (no published figure)

# Public us-east-1 prices (USD), on-demand, without the free tier; as listed on the services'
# pricing pages in December 2026.
PRICES = {
    "lambda_gb_s": (0.0000133334, "per GB-second, arm64, first 7.5 billion GB-s a month", "aws.amazon.com/lambda/pricing"),
    "lambda_request": (0.20 / 1e6, "per request", "aws.amazon.com/lambda/pricing"),
    "ddb_wru": (0.625 / 1e6, "per write request unit, on-demand (after the Nov 2024 price cut)", "aws.amazon.com/dynamodb/pricing/on-demand"),
    "ddb_rru": (0.125 / 1e6, "per read request unit, on-demand", "aws.amazon.com/dynamodb/pricing/on-demand"),
    "sqs_request": (0.50 / 1e6, "per FIFO-queue request (each 64 KB chunk; the send queue is FIFO)", "aws.amazon.com/sqs/pricing"),
    "s3_put": (0.005 / 1000, "per PUT/COPY/POST/LIST request, S3 Standard", "aws.amazon.com/s3/pricing"),
    "s3_get": (0.0004 / 1000, "per GET/SELECT request, S3 Standard", "aws.amazon.com/s3/pricing"),
    "s3_gb_month": (0.023, "per GB-month, S3 Standard, first 50 TB", "aws.amazon.com/s3/pricing"),
    "s3_gir_gb_month": (0.004, "per GB-month, S3 Glacier Instant Retrieval", "aws.amazon.com/s3/pricing"),
    "s3_gir_transition": (0.02 / 1000, "per lifecycle transition request into Glacier Instant Retrieval", "aws.amazon.com/s3/pricing"),
    "ses_sent": (0.10 / 1000, "per mail sent", "aws.amazon.com/ses/pricing"),
    "ses_attachment_gb": (0.12, "per GB of attachments sent", "aws.amazon.com/ses/pricing"),
    "ses_received": (0.10 / 1000, "per mail received", "aws.amazon.com/ses/pricing"),
    "ses_chunk": (0.09 / 1000, "per 256 KB chunk of mail received", "aws.amazon.com/ses/pricing"),
    "sns_publish": (0.50 / 1e6, "per publish (64 KB chunk); deliveries to Lambda are free", "aws.amazon.com/sns/pricing"),
    "eventbridge_scheduled": (0.0, "scheduled rule events on the default bus are free", "aws.amazon.com/eventbridge/pricing"),
    "logs_ingest_gb": (0.50, "per GB ingested, CloudWatch Logs standard class", "aws.amazon.com/cloudwatch/pricing"),
    "logs_gb_month": (0.03, "per GB-month stored (archived, compressed)", "aws.amazon.com/cloudwatch/pricing"),
    "kms_key_month": (1.00, "per customer managed key a month (the SNS topics' key)", "aws.amazon.com/kms/pricing"),
    "kms_request": (0.03 / 10000, "per request", "aws.amazon.com/kms/pricing"),
    "alarm_month": (0.10, "per standard-resolution alarm metric a month", "aws.amazon.com/cloudwatch/pricing"),
    "custom_metric_month": (0.30, "per custom metric a month (first 10,000; embedded metric format)", "aws.amazon.com/cloudwatch/pricing"),
}
P = {k: v[0] for k, v in PRICES.items()}

# What one mentee-week at a weekly cadence consists of: rates per mentee-week (assumptions).
WEEK = {
    "prompts": (1.0, "one prompt a week (weekly cadence)"),
    "digests": (1.0, "the mentor's digest, one a week per pair"),
    "replies": (1.0, "one reply per prompt (the issue's case; real rates are lower)"),
    "notes": (0.5, "a mentor forwards session notes every other week"),
    "large_share": (0.01, "1 % of replies carry attachments up to SES's 40 MB"),
    "cohort": (1000, "mentees sharing the scheduler's runs (1,000 mentee-weeks = 1,000 mentees for a week)"),
    "scheduler_runs": (672, "rate(15 minutes): 4 x 24 x 7 runs a week, all but the due ones empty"),
    "raw_retention_days": (31, "RawMailRetentionDays 30 + 1 day as a noncurrent version (versioned bucket)"),
    "log_retention_months": (3, "LogRetentionDays 90"),
    "files_kept_months": (12, "months a kept attachment is stored (files stay with the pair)"),
    "files_standard_months": (1, "template.yaml's lifecycle rule: kept files over 128 KB move to Glacier Instant Retrieval after 30 days"),
    "sqs_per_job": (2, "Lambda's SQS poller: a ReceiveMessage and a DeleteMessage per job, beside the planner's counted SendMessageBatch"),
    "cold_share": (0.5, "share of invocations that start a new execution environment (init billed)"),
}
W = {k: v[0] for k, v in WEEK.items()}

# Fixed monthly costs, whatever the cohort's size (the template's resources).
ESM_COUNT = 1  # SQS event source mappings in template.yaml (the sender's, on the send queue)
ALARMS = 11  # AWS::CloudWatch::Alarm resources in template.yaml
KMS_KEYS_MONTH = 12 * 24 * 30.4  # one data key per 5 minutes
ESM_POLLS_MONTH = 5 * 3 * 60 * 24 * 30.4  # Lambda docs: 5 pollers long-polling 20 s each while idle


def median(values):
    values = sorted(values)
    return values[len(values) // 2] if len(values) % 2 else (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2


def cases(rows):
    """One figure set per case key: the median over its repeated invocations."""
    grouped = {}
    for row in rows:
        grouped.setdefault(row["key"], []).append(row)
    out = {}
    for key, group in grouped.items():
        first = group[0]
        case = {k: v for k, v in first.items() if not isinstance(v, (int, float)) or isinstance(v, bool)}
        for k, v in first.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                case[k] = median([g[k] for g in group])
        case["repeats"] = len(group)
        out[key] = case
    return out


def wait_ms(requests, transfer_bytes):
    """Service wait of one invocation: each request's typical latency, plus S3's bytes."""
    waiting = sum(n * LATENCY_MS[key.split(":")[0]][0] for key, n in requests.items()
                  if key.split(":")[0] in LATENCY_MS)
    return waiting + transfer_bytes / (S3_MB_PER_S * 1e6) * 1000


def modelled(case, memory):
    """Duration and Lambda cost of one invocation of `case` at `memory` MB."""
    compute = case["cpu_ms"] * VCPU_MB / memory
    wait = wait_ms(case["requests"], case["s3_read_bytes"] + case["s3_stored_bytes"])
    duration = compute + wait
    billed = math.ceil(duration)
    init = case["init_cpu_ms"] * VCPU_MB / memory + wait_ms(case["init_requests"], 0)
    return {
        "memory_mb": memory, "duration_ms": duration, "compute_ms": compute, "wait_ms": wait,
        "init_ms": init, "fits": case["peak_rss_mb"] <= memory * RSS_HEADROOM,
        "gb_s": memory / 1024 * billed / 1000,
        "cost": memory / 1024 * billed / 1000 * P["lambda_gb_s"] + P["lambda_request"],
        "init_cost": memory / 1024 * math.ceil(init) / 1000 * P["lambda_gb_s"],
    }


RSS_HEADROOM = 0.75  # a memory setting fits a case when its peak RSS is at most 3/4 of it


def recommend(by_case):
    """Per function: the cheapest memory setting that fits every case with headroom and keeps
    the slowest case (for the scheduler: the whole cohort due in one run) under half the
    function's timeout."""
    out = {}
    for function in TEMPLATE_MEMORY:
        mine = [c for k, c in by_case.items() if c["function"] == function and not k.endswith(".first")
                and not c.get("scaled_from")]
        if function == "scheduler" and "scheduler.due-cohort" in by_case:
            mine.append(by_case["scheduler.due-cohort"])
        if not mine:
            continue
        options = []
        for memory in MEMORY_MB:
            models = [modelled(c, memory) for c in mine]
            slowest = max(m["duration_ms"] for m in models)
            options.append({"memory_mb": memory, "fits": all(m["fits"] for m in models),
                            "slowest_ms": slowest, "fast_enough": slowest <= TEMPLATE_TIMEOUT_S[function] * 500,
                            "cost_per_million": sum(m["cost"] for m in models) / len(models) * 1e6})
        good = [o for o in options if o["fits"] and o["fast_enough"]]
        pick = min(good, key=lambda o: o["cost_per_million"]) if good else None
        out[function] = {"template_mb": TEMPLATE_MEMORY[function], "options": options,
                         "recommended_mb": pick["memory_mb"] if pick else max(MEMORY_MB)}
    return out


def weekly(by_case, memory_of, jobs_queued):
    """Cost of one mentee-week, item by item: (item, quantity text, USD, whether SES's own)."""
    def c(key):
        return by_case[key]

    def run_cost(key, times):
        case = c(key)
        m = modelled(case, memory_of[case["function"]])
        return times * (m["cost"] + W["cold_share"] * m["init_cost"])

    large, reply, notes = c("inbound.large"), c("inbound.reply"), c("inbound.notes")
    replies_ordinary = W["replies"] * (1 - W["large_share"])
    replies_large = W["replies"] * W["large_share"]
    inbound = [(reply, replies_ordinary), (large, replies_large), (notes, W["notes"])]
    digest = by_case.get("sender.digest", c("sender.prompt"))  # a run without a due digest: as a prompt
    scheduled = [(c("sender.prompt"), W["prompts"]), (digest, W["digests"])]
    jobs = W["prompts"] + W["digests"]
    due_share = jobs / jobs_queued
    empty_runs = W["scheduler_runs"] / W["cohort"]
    sends = sum(case["ses_sends"] * n for case, n in inbound + scheduled)
    send_events = [(c("ses-events.send"), sum(cs["ses_sends"] * n for cs, n in scheduled)),
                   (c("ses-events.send-untagged"), sum(cs["ses_sends"] * n for cs, n in inbound))]
    invocations = [(c("scheduler.due"), due_share), (c("scheduler.empty"), empty_runs)] + scheduled + inbound + send_events
    received = [(reply["mail_bytes"], replies_ordinary), (large["mail_bytes"], replies_large),
                (notes["mail_bytes"], W["notes"])]
    chunks = sum(math.ceil(size / 262144) * n for size, n in received)
    sent_bytes = sum(cs["ses_sent_bytes"] * n for cs, n in inbound + scheduled)
    wru = sum(cs["wru"] * n for cs, n in invocations)
    rru = sum(cs["rru"] * n for cs, n in invocations)
    sqs = sum(cs["sqs_requests"] * n for cs, n in invocations) + jobs * W["sqs_per_job"]
    s3_put = sum(n for _, n in received) + sum(cs["s3_put"] * n for cs, n in invocations)
    s3_get = sum(cs["s3_get"] * n for cs, n in invocations)
    raw_gb_month = sum(size * n for size, n in received) / 1e9 * W["raw_retention_days"] / 30.4
    # Kept files: Standard for their whole life, except those the lifecycle rule moves to Glacier
    # Instant Retrieval after their first month (a sixth of the price, one transition request).
    kept_gb = sum(cs["s3_stored_bytes"] * n for cs, n in invocations) / 1e9
    moved_gb = sum(cs.get("s3_transitioned_bytes", 0) * n for cs, n in invocations) / 1e9
    transitions = sum(cs.get("s3_transitions", 0) * n for cs, n in invocations)
    standard_months = min(W["files_standard_months"], W["files_kept_months"])
    kept_gb_month = (kept_gb - moved_gb) * W["files_kept_months"] + moved_gb * standard_months
    gir_gb_month = moved_gb * (W["files_kept_months"] - standard_months)
    log_bytes = sum((cs["log_bytes"] + LAMBDA_LOG_LINES + W["cold_share"] * cs["init_log_bytes"]) * n
                    for cs, n in invocations)
    lambda_cost = sum(run_cost(cs["key"], n) for cs, n in invocations)
    count = sum(n for _, n in invocations)
    return [
        ("SES: mail sent", f"{sends:.2f} mails, {sent_bytes / 1e3:.1f} KB, no attachments", sends * P["ses_sent"], True),
        ("SES: mail received", f"{sum(n for _, n in received):.2f} mails, {chunks:.2f} chunks of 256 KB",
         sum(n for _, n in received) * P["ses_received"] + chunks * P["ses_chunk"], True),
        ("Lambda (requests, GB-s, init)", f"{count:.2f} invocations", lambda_cost, False),
        ("DynamoDB on-demand", f"{wru:.1f} WRU, {rru:.1f} RRU", wru * P["ddb_wru"] + rru * P["ddb_rru"], False),
        ("SQS", f"{sqs:.2f} requests", sqs * P["sqs_request"], False),
        ("S3 requests", f"{s3_put:.2f} PUT, {s3_get:.2f} GET", s3_put * P["s3_put"] + s3_get * P["s3_get"], False),
        ("S3 storage (raw mail, kept files)",
         f"{raw_gb_month * 1e3:.3f} + {kept_gb_month * 1e3:.3f} MB-months Standard, "
         f"{gir_gb_month * 1e3:.3f} MB-months Instant Retrieval, {transitions:.2f} transitions",
         (raw_gb_month + kept_gb_month) * P["s3_gb_month"] + gir_gb_month * P["s3_gir_gb_month"]
         + transitions * P["s3_gir_transition"], False),
        ("SNS (SES events)", f"{sends:.2f} publishes", sends * P["sns_publish"], False),
        ("CloudWatch Logs", f"{log_bytes / 1e3:.1f} KB", log_bytes / 1e9 * (P["logs_ingest_gb"] + W["log_retention_months"] * P["logs_gb_month"]), False),
        ("EventBridge schedule", f"{empty_runs + due_share:.2f} events", 0.0, False),
    ]


def fixed_monthly(metrics):
    return [
        ("KMS key of the SNS topics", "1 key", P["kms_key_month"]),
        ("CloudWatch alarms", f"{ALARMS} alarms", ALARMS * P["alarm_month"]),
        ("Custom metrics (EMF)", f"{metrics} metrics seen in this run", metrics * P["custom_metric_month"]),
        ("SQS pollers while idle", f"{ESM_COUNT} queue(s) x {ESM_POLLS_MONTH:,.0f} polls", ESM_COUNT * ESM_POLLS_MONTH * P["sqs_request"]),
        # SSE data keys are reused for 5 minutes (KMS's default reuse period) by each of SNS
        # (SES events topic) and SQS (send queue: the planner and the poller).
        ("KMS requests for SNS and SQS encryption", f"3 x {KMS_KEYS_MONTH:,.0f} data keys",
         3 * KMS_KEYS_MONTH * P["kms_request"]),
    ]


ORDER = ["inbound.first", "inbound.reply", "inbound.notes", "inbound.large", "scheduler.due", "scheduler.due-cohort", "scheduler.empty",
         "sender.first", "sender.kickoff", "sender.prompt", "sender.digest", "ses-events.first", "ses-events.send",
         "ses-events.send-untagged", "ses-events.delivery"]


def scaled(case, factor, label):
    """`case` with its CPU, requests and capacity times `factor` (a due run over more pairs)."""
    out = dict(case, case=label, scaled_from=case["key"], key=case["key"] + "-cohort")
    for k in ("cpu_ms", "wall_ms", "log_bytes", "wru", "rru", "ddb_requests", "sqs_requests"):
        out[k] = case[k] * factor
    out["requests"] = {k: v * factor for k, v in case["requests"].items()}
    return out


def model(rows, meta):
    by_case = cases(rows)
    if "scheduler.due" in by_case:
        cohort = int(W["cohort"])
        by_case["scheduler.due-cohort"] = scaled(by_case["scheduler.due"], cohort / meta["pairs"],
                                                 f"due run, {cohort} pairs (scaled linearly)")
    recommended = recommend(by_case)
    template = dict(TEMPLATE_MEMORY)
    chosen = {f: r["recommended_mb"] for f, r in recommended.items()}
    jobs = len(meta["jobs"])

    def week_at(memory_of):
        items = weekly(by_case, memory_of, jobs)
        ses = sum(i[2] for i in items if i[3])
        beyond = sum(i[2] for i in items if not i[3])
        return {"items": [{"item": i[0], "quantity": i[1], "usd_per_mentee_week": i[2], "ses": i[3],
                           "share_of_ses": i[2] / ses if ses else None} for i in items],
                "ses_usd": ses, "beyond_ses_usd": beyond, "ratio": beyond / ses if ses else None}

    fixed = [{"item": i, "quantity": q, "usd_per_month": c} for i, q, c in fixed_monthly(len(meta["custom_metrics"]))]
    at_template, at_recommended = week_at(template), week_at(chosen)
    fixed_total = sum(f["usd_per_month"] for f in fixed)
    ses_per_mentee_month = at_template["ses_usd"] * 30.4 / 7
    return {
        "cases": {k: by_case[k] for k in ORDER if k in by_case},
        "modelled": {k: [modelled(by_case[k], m) for m in MEMORY_MB] for k in ORDER if k in by_case},
        "memory": recommended,
        "week_template_memory": at_template, "week_recommended_memory": at_recommended,
        "fixed_monthly": fixed, "fixed_monthly_usd": fixed_total,
        # Mentees at which the fixed monthly costs are 10 % of the SES bill.
        "cohort_for_fixed_at_10pct": fixed_total / (0.10 * ses_per_mentee_month) if ses_per_mentee_month else None,
        "meta": meta,
    }


def usd(x):
    return f"${x:,.4f}" if x < 1 else f"${x:,.2f}"


def markdown(result, label):
    out = []
    w = out.append
    w(f"Figures from **{label}** binaries.\n")
    w("Measured per invocation (median of repeats; `first` rows include the lazy set-up of a new process):\n")
    w("| function | case | mail | CPU ms | wall ms | peak RSS MB | logged B | requests | WRU | RRU |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for key, c in result["cases"].items():
        mail = f"{c['mail_bytes'] / 1e3:,.1f} KB" if c.get("mail_bytes") else ""
        reqs = ", ".join(f"{k} {v:g}" for k, v in c["requests"].items()) or "none"
        w(f"| {c['function']} | {c['case']} | {mail} | {c['cpu_ms']:.1f} | {c['wall_ms']:.1f} | {c['peak_rss_mb']:.1f} "
          f"| {c['log_bytes']:,.0f} | {reqs} | {c['wru']:g} | {c['rru']:g} |")
    inits = {c["function"]: c for c in result["cases"].values()}
    w("\nInit (process start to first poll), per function: " + "; ".join(
        f"{f} {c['init_cpu_ms']:.1f} ms CPU, {c['init_rss_mb']:.1f} MB"
        + "".join(f", {k} {v:g}" for k, v in c["init_requests"].items()) for f, c in inits.items()) + ".\n")
    w("Modelled duration (compute at memory/1769 of a vCPU + service wait) and Lambda cost per million:\n")
    w("| function | case | " + " | ".join(f"{m} MB" for m in MEMORY_MB) + " |")
    w("|---|---|" + "---|" * len(MEMORY_MB))
    for key, models in result["modelled"].items():
        c = result["cases"][key]
        cells = [f"{m['duration_ms']:,.0f} ms ({m['compute_ms']:,.0f}+{m['wait_ms']:,.0f}), ${m['cost'] * 1e6:,.2f}/M"
                 + ("" if m["fits"] else " **RSS too big**") for m in models]
        w(f"| {c['function']} | {c['case']} | " + " | ".join(cells) + " |")
    w("\nMemory setting per function (fits: peak RSS ≤ 75 % of memory in every case; fast enough: slowest case "
      "≤ half the timeout):\n")
    w("| function | template | " + " | ".join(f"{m} MB" for m in MEMORY_MB) + " | recommended |")
    w("|---|---|" + "---|" * len(MEMORY_MB) + "---|")
    for f, r in result["memory"].items():
        cells = [f"${o['cost_per_million']:,.2f}/M, slowest {o['slowest_ms']:,.0f} ms"
                 + ("" if o["fits"] else ", RSS too big") + ("" if o["fast_enough"] else ", too slow")
                 for o in r["options"]]
        w(f"| {f} | {r['template_mb']} MB | " + " | ".join(cells) + f" | **{r['recommended_mb']} MB** |")
    for title, week in (("template memory", result["week_template_memory"]),
                        ("recommended memory", result["week_recommended_memory"])):
        w(f"\nCost per 1,000 mentee-weeks at a weekly cadence ({title}):\n")
        w("| item | quantity per mentee-week | USD per 1,000 mentee-weeks | of the SES bill |")
        w("|---|---|---|---|")
        for i in week["items"]:
            share = "(SES)" if i["ses"] else f"{i['share_of_ses'] * 100:.1f} %"
            w(f"| {i['item']} | {i['quantity']} | {usd(i['usd_per_mentee_week'] * 1000)} | {share} |")
        w(f"| **SES bill** | | **{usd(week['ses_usd'] * 1000)}** | |")
        w(f"| **everything beyond SES** | | **{usd(week['beyond_ses_usd'] * 1000)}** | **{week['ratio'] * 100:.1f} %** (goal ≤ 10 %) |")
        top = max((i for i in week["items"] if not i["ses"]), key=lambda i: i["usd_per_mentee_week"])
        w(f"\nLargest item beyond SES: {top['item']} ({top['share_of_ses'] * 100:.1f} % of the SES bill).")
    w("\nFixed monthly costs (whatever the cohort's size):\n")
    w("| item | quantity | USD a month |")
    w("|---|---|---|")
    for f in result["fixed_monthly"]:
        w(f"| {f['item']} | {f['quantity']} | {usd(f['usd_per_month'])} |")
    w(f"| **total** | | **{usd(result['fixed_monthly_usd'])}** |")
    w(f"\nCustom metrics seen: {', '.join(result['meta']['custom_metrics']) or 'none'}.")
    w(f"\nThe fixed costs reach 10 % of the SES bill only from about {result['cohort_for_fixed_at_10pct']:,.0f} "
      "mentees at a weekly cadence.\n")
    w("Assumptions: service latency per request\n")
    w("| service | ms | source |")
    w("|---|---|---|")
    for k, (ms, src) in LATENCY_MS.items():
        w(f"| {k} | {ms} | {src} |")
    w(f"| S3 bytes | {S3_MB_PER_S} MB/s | assumed single-stream throughput |")
    w("\nAssumptions: a mentee-week\n")
    w("| rate | value | why |")
    w("|---|---|---|")
    for k, (v, why) in WEEK.items():
        w(f"| {k} | {v:g} | {why} |")
    w("\nPrices (us-east-1, on-demand, no free tier)\n")
    w("| price | USD | unit | source |")
    w("|---|---|---|---|")
    for k, (v, unit, src) in PRICES.items():
        w(f"| {k} | {v:.10g} | {unit} | {src} |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin-dir", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"), "release"))
    ap.add_argument("--endpoint", default=os.environ.get("MENTORMAIL_TEST_ENDPOINT"),
                    help="a moto server to use (default: start one)")
    ap.add_argument("--pairs", type=int, default=20, help="pairs due in the scheduler's run")
    ap.add_argument("--large-mb", type=float, default=40, help="raw size of the large mail (SES's maximum: 40)")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    bin_dir = Path(args.bin_dir)
    label = "debug" if "debug" in bin_dir.parts else "release" if "release" in bin_dir.parts else str(bin_dir)
    moto, endpoint = (None, args.endpoint) if args.endpoint else start_moto()
    try:
        rows, meta = measure(bin_dir, endpoint, args.pairs, args.large_mb)
    finally:
        if moto:
            moto.kill()
    meta["binaries"] = label
    result = model(rows, meta)
    result["invocations"] = rows
    if args.json:
        print(json.dumps(result, indent=1, default=str))
    if args.markdown or not args.json:
        print(markdown(result, label))


if __name__ == "__main__":
    main()
