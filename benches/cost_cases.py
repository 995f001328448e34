"""The measured cases of benches/lambda_cost.py: each Lambda binary on the Runtime API emulator of
benches/lambda_start.py, its AWS requests counted by benches/aws_meter.py, and per invocation its
CPU time, wall time, peak RSS, logged bytes and requests."""
import csv
import io
import json
import os
import re
import subprocess
import threading
import time
import urllib.request
import uuid
from email.message import EmailMessage
from pathlib import Path

import boto3

from aws_meter import Meter, summarise
from lambda_start import (daytime_zone, DOMAIN, EVENTS, EXAMPLES, MENTEE, MENTOR, Runtime, function_binary,
                          set_up_aws, sqs_event, status_kb)

TEMPLATE_MEMORY = {"inbound": 256, "scheduler": 256, "sender": 256, "ses-events": 128, "unsubscribe": 128}
EMF_METRICS = set()  # the custom metrics the functions' embedded-metric-format lines create
LOG_DIR = os.environ.get("LAMBDA_COST_LOG_DIR")  # keep the functions' output here, to read it


def cpu_ns(pid):
    """CPU time of all the process's threads so far (schedstat field 1: time on the CPU, ns)."""
    total = 0
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return 0
    for task in tasks:
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
    return total


def emf_metrics(output):
    """The CloudWatch custom metrics the output's embedded-metric-format lines create: each
    namespace, metric name and dimension values is one metric billed by the month."""
    found = set()
    for line in output.splitlines():
        if b'"_aws"' not in line:
            continue
        try:
            doc = json.loads(line)
        except ValueError:
            continue
        for directive in doc["_aws"].get("CloudWatchMetrics", []):
            for dims in directive.get("Dimensions", []):
                values = tuple(f"{d}={doc.get(d)}" for d in dims)
                for metric in directive.get("Metrics", []):
                    found.add((directive.get("Namespace"), metric["Name"], values))
    return found


def run_measured(binary, env, events, labels, meter, function):
    """One process, `events` in order: per invocation CPU, wall, RSS, logged bytes and requests."""
    runtime = Runtime(list(events) + [None])
    logged = [0]
    marks, init = [], {}
    child_env = {k: v for k, v in os.environ.items() if k != "MENTORMAIL_TEST_ENDPOINT"}
    child_env.update(env, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{runtime.port}")
    meter.begin(f"{function}: init")
    started = time.perf_counter()
    proc = subprocess.Popen([str(binary)], env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    keep = open(Path(LOG_DIR) / f"{function}.log", "ab") if LOG_DIR else None

    output = []

    def pump(stream):
        while chunk := os.read(stream.fileno(), 65536):
            logged[0] += len(chunk)
            output.append(chunk)
            if keep:
                keep.write(chunk)

    pumps = [threading.Thread(target=pump, args=(s,), daemon=True) for s in (proc.stdout, proc.stderr)]
    for t in pumps:
        t.start()

    def first_poll():
        init.update(cpu_ns=cpu_ns(proc.pid), ms=(time.perf_counter() - started) * 1000,
                    rss_kb=status_kb(proc.pid, "VmRSS"), log=logged[0])

    def handover(_request_id):
        label = labels[len(marks)]
        marks.append({"case": label, "cpu0": cpu_ns(proc.pid), "t0": time.perf_counter(), "log0": logged[0]})
        meter.begin((function, len(marks) - 1))

    def response(_request_id):
        mark = marks[-1]
        mark.update(cpu1=cpu_ns(proc.pid), t1=time.perf_counter(),
                    hwm_kb=status_kb(proc.pid, "VmHWM"), rss_kb=status_kb(proc.pid, "VmRSS"))

    runtime.on_first_poll, runtime.on_handover, runtime.on_response = first_poll, handover, response
    deadline = time.time() + 900
    with runtime.lock:
        while len(runtime.done) < len(events) and time.time() < deadline and proc.poll() is None:
            runtime.lock.wait(0.5)
    time.sleep(0.3)  # the last invocation's log lines
    proc.kill()
    proc.wait()
    for t in pumps:
        t.join(5)
    runtime.server.shutdown()
    if keep:
        keep.close()
    EMF_METRICS.update(emf_metrics(b"".join(output)))
    if len(runtime.done) < len(events):
        raise SystemExit(f"{function}: {len(runtime.done)} of {len(events)} invocations; errors {runtime.errors}")
    rows = []
    init_summary = summarise(meter.records.pop(f"{function}: init", []))
    for n, mark in enumerate(marks):
        log_end = marks[n + 1]["log0"] if n + 1 < len(marks) else logged[0]
        rows.append({
            "function": function, "case": mark["case"], "first": n == 0,
            "cpu_ms": (mark["cpu1"] - mark["cpu0"]) / 1e6, "wall_ms": (mark["t1"] - mark["t0"]) * 1000,
            "peak_rss_mb": (mark["hwm_kb"] or 0) / 1024, "log_bytes": log_end - mark["log0"],
            "init_cpu_ms": init.get("cpu_ns", 0) / 1e6, "init_ms": init.get("ms"),
            "init_rss_mb": (init.get("rss_kb") or 0) / 1024, "init_log_bytes": init.get("log", 0),
            "init_requests": init_summary["requests"],
            **summarise(records := meter.records.pop((function, n), [])),
            "sent": [{k: r.get(k) for k in ("message_id", "tags", "destination", "mail_bytes")}
                     for r in records if r["op"] == "SendEmail" and r["status"] == 200],
        })
    if runtime.errors:
        for row in rows:
            row["function_errors"] = runtime.errors
    return rows


def enrol_cohort(bin_dir, env, pairs):
    """`pairs` more pairs through the CLI's import, enrolled a week ago so their kickoff, first
    prompt and first digest are due now."""
    if pairs <= 0:
        return
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["mentor_email", "mentor_name", "mentee_email", "mentee_name", "mentee_time_zone", "cadence", "at"])
    for n in range(pairs):
        w.writerow([f"mentor{n}@example.org", f"Mentor {n}", f"mentee{n}@example.org", f"Mentee {n}",
                    daytime_zone(), "weekly:mon", "09:00"])
    path = Path(f"/tmp/lambda-cost-cohort-{uuid.uuid4().hex[:8]}.csv")
    path.write_text(out.getvalue())
    week_ago = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 8 * 86400))
    subprocess.run([str(bin_dir / "mentormail"), "--aws", "--now", week_ago, "import", str(path)],
                   env=dict(os.environ, **env, MENTORMAIL_TOKEN_SECRET="bench-secret"),
                   check=True, stdout=subprocess.DEVNULL)
    path.unlink()


def drain(kw, queue_url):
    sqs = boto3.client("sqs", **kw)
    bodies = []
    while got := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages"):
        bodies += [m["Body"] for m in got]
        sqs.delete_message_batch(QueueUrl=queue_url, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)])
    return bodies


def job_kind(body):
    """What a queued job sends (kickoff, prompt, digest, ...), from the words in its JSON."""
    text = body.lower()
    for kind in ("kickoff", "digest", "reminder", "recap", "summary", "prompt"):
        if kind in text:
            return kind
    return "job"


def moto_sent_mail(endpoint, recipient):
    for attempt in range(5):
        try:
            with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=30) as r:
                state = json.load(r)
            break
        except OSError:
            time.sleep(0.2 * (attempt + 1))
    else:
        raise SystemExit("moto's data.json did not answer")
    return [m["raw_data"] for m in state.get("ses", {}).get("RawMessage", []) or []
            if recipient in m.get("destinations", [])]


def store_mail(kw, bucket, raw):
    message_id = f"cost{uuid.uuid4().hex}"
    boto3.client("s3", **kw).put_object(Bucket=bucket, Key=f"inbound/{message_id}", Body=raw)
    return message_id


def receipt_event(message_id, sender, recipient):
    event = json.loads((EVENTS / "ses-receipt-reply.json").read_text())
    mail = event["Records"][0]["ses"]["mail"]
    mail.update(messageId=message_id, source=sender, destination=[recipient])
    mail["commonHeaders"].update({"from": [sender], "to": [recipient]})
    mail["headers"] = [h for h in mail["headers"] if h["name"].lower() not in ("from", "to")] + [
        {"name": "From", "value": sender}, {"name": "To", "value": recipient}]
    event["Records"][0]["ses"]["receipt"]["recipients"] = [recipient]
    return event


def reply_mail(reply_to, attachment_bytes=0):
    """The example Gmail reply, addressed to the prompt's reply address, with random binary
    attachments of `attachment_bytes` in all (base64 makes the raw mail 4/3 of that)."""
    source = (EXAMPLES / "reply-gmail.eml").read_bytes()
    source = re.sub(rb"(?m)^To: .*$", f"To: PM Mentoring <{reply_to}>".encode(), source)
    source = re.sub(rb"(?m)^From: .*$", f"From: Sam Rivera <{MENTEE}>".encode(), source)
    source = re.sub(rb"(?m)^Message-ID: <[^>]*>", f"Message-ID: <{uuid.uuid4().hex}@mail.gmail.com>".encode(), source)
    if not attachment_bytes:
        return source
    text = source.split(b"\n\n", 1)[1].decode(errors="replace")
    text = re.sub(r"(?s)^--\S+\r?\n.*?\r?\n\r?\n", "", text).split("\n--", 1)[0]
    mail = EmailMessage()
    for name in ("MIME-Version", "Date", "References", "In-Reply-To", "Message-ID", "Subject", "From", "To"):
        m = re.search(rf"(?mi)^{name}: (.*)$", source.decode(errors="replace"))
        if m and name != "MIME-Version":
            mail[name] = m.group(1).strip()
    mail.set_content(text)
    per_file = int(7.5 * 2**20)  # under the 10 MiB a file the inbound function keeps
    left, n = attachment_bytes, 0
    while left > 0:
        size = min(per_file, left)
        pdf = b"%PDF-1.7\n" + os.urandom(max(0, size - 16)) + b"\n%%EOF\n"
        mail.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"slides-{n}.pdf")
        left -= size
        n += 1
    return mail.as_bytes()


def sns_event(message):
    return {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0",
                         "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:ses-events:1",
                         "Sns": {"Type": "Notification", "MessageId": str(uuid.uuid4()),
                                 "TopicArn": "arn:aws:sns:us-east-1:123456789012:ses-events",
                                 "Subject": None, "Timestamp": "2026-12-03T09:00:00.000Z",
                                 "SignatureVersion": "1", "Signature": "", "SigningCertUrl": "",
                                 "UnsubscribeUrl": "", "Message": json.dumps(message), "MessageAttributes": {}}}]}


def ses_event(kind, sent):
    mail = {"timestamp": "2026-12-03T09:00:00.000Z", "messageId": sent["message_id"],
            "source": f"coach@{DOMAIN}", "destination": sent["destination"],
            "tags": {k: [v] for k, v in sent["tags"].items()}}
    body = {"Send": {}, "Delivery": {"timestamp": mail["timestamp"], "recipients": sent["destination"],
                                     "processingTimeMillis": 500, "smtpResponse": "250 ok"}}[kind]
    return sns_event({"eventType": kind, "mail": mail, kind.lower(): body})


def measure(bin_dir, endpoint, pairs, large_mb):
    """Every case on moto through the meter: the list of measured invocations."""
    env, kw, bucket = set_up_aws(endpoint, bin_dir)
    enrol_cohort(bin_dir, env, pairs - 1)
    meter = Meter(endpoint)
    env = dict(env, AWS_ENDPOINT_URL=meter.url, AWS_LAMBDA_LOG_LEVEL="INFO")
    queue = env["MENTORMAIL_SEND_QUEUE_URL"]
    rows = []

    def run(function, events, cases):
        """`cases`: (key, label) per event; the key groups repeats of one case."""
        binary, chooser = function_binary(bin_dir, function)
        fenv = dict(env, **chooser, AWS_LAMBDA_FUNCTION_MEMORY_SIZE=str(TEMPLATE_MEMORY[function]))
        got = run_measured(binary, fenv, events, [label for _, label in cases], meter, function)
        for row, (key, _) in zip(got, cases):
            row["key"] = f"{function}.{key}"
        rows.extend(got)
        return got

    scheduled = json.loads((EVENTS / "scheduled.json").read_text())
    run("scheduler", [scheduled, scheduled], [("due", f"due run, {pairs} pairs"), ("empty", "empty run")])
    bodies = drain(kw, queue)
    kinds = [job_kind(b) for b in bodies]
    sender_rows = run("sender", [sqs_event(b) for b in bodies],
                      [("first" if n == 0 else k, f"{k} job" + (" (first, cold)" if n == 0 else ""))
                       for n, k in enumerate(kinds)])
    sent = [m for r in sender_rows for m in r["sent"]]
    drain(kw, queue)

    prompts = [m for m in moto_sent_mail(endpoint, MENTEE) if "Reply-To: <reflect+" in m]
    if not prompts:
        raise SystemExit("no prompt to the mentee was sent; cannot build a reply")
    reply_to = re.search(r"Reply-To: <(reflect\+[^>]+)>", prompts[-1]).group(1)
    notes_to = f"notes@{DOMAIN}"
    notes = (EXAMPLES / "mentor-forward.eml").read_bytes()

    def notes_event():
        raw = re.sub(rb"(?m)^Message-ID: <[^>]*>", f"Message-ID: <{uuid.uuid4().hex}@mail>".encode(), notes)
        return receipt_event(store_mail(kw, bucket, raw), MENTOR, notes_to), len(raw)

    warm, warm_size = notes_event()
    reply = reply_mail(reply_to)
    notes2, notes_size = notes_event()
    large = reply_mail(reply_to, int(large_mb * 1e6 * 3 / 4) - 4000)
    events = [warm, receipt_event(store_mail(kw, bucket, reply), MENTEE, reply_to), notes2,
              receipt_event(store_mail(kw, bucket, large), MENTEE, reply_to)]
    inbound = run("inbound", events, [
        ("first", "mentor's notes (first, cold)"), ("reply", "mentee's reply"), ("notes", "mentor's notes"),
        ("large", f"reply with attachments, {len(large) / 1e6:.1f} MB")])
    for row, size in zip(inbound, (warm_size, len(reply), notes_size, len(large))):
        row["mail_bytes"] = size
    sent += [m for r in inbound for m in r["sent"]]
    drain(kw, queue)

    tagged = [m for m in sent if m["tags"]]
    run("ses-events", [ses_event("Send", tagged[0]), ses_event("Send", tagged[1]),
                       ses_event("Send", sent[-1]), ses_event("Delivery", tagged[1])],
        [("first", "Send event (first, cold)"), ("send", "Send event of a scheduled mail"),
         ("send-untagged", "Send event of an acknowledgement"), ("delivery", "Delivery event")])
    meter.close()
    metrics = sorted(" ".join([n or "", m, *d]) for n, m, d in EMF_METRICS)
    return rows, {"pairs": pairs, "sent_bytes": [m["mail_bytes"] for m in sent], "jobs": kinds,
                  "custom_metrics": metrics}
