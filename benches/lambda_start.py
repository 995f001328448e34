#!/usr/bin/env python3
"""Start-up and invocation figures of each Lambda binary beside the minimal lambda_runtime
function, measured in the same run against a local Lambda Runtime API (issue 16, goal 1).

A small emulator of the Runtime API (`/2018-06-01/runtime/invocation/next`, `.../response`,
`.../error`, `/init/error`) hands each binary its sample events, with DynamoDB, S3, SES v2, SQS
and SSM on moto server, and records:
  init      process start to the first poll of `/next` (what a cold start costs before the event)
  first     the first invocation: event handed over to response received
  warm      the median of the later invocations
  rss_init  resident memory at the first poll (VmRSS), and peak resident memory (VmHWM) at the end
Each function is started `--runs` times; the table shows medians.

Usage (builds nothing; build first with the profile to measure):
  cargo build --release --bin lambda --bin mentormail --example minimal_lambda
  benches/lambda_start.py [--bin-dir target/release] [--runs 7] [--warm 5] [--json]
Needs the tools venv (boto3, moto, PyYAML): scripts/venv.sh makes it; `./scripts/test` has.
"""
import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
import yaml

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "infra" / "events"
EXAMPLES = ROOT / "infra" / "examples"
DOMAIN = "mentor.example.org"
MENTOR, MENTEE = "maya.chen@example.org", "sam.rivera@example.org"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the function is killed with its last poll open: not an error


class Runtime:
    """One function's Runtime API: hands out `events` in order, times each invocation."""

    def __init__(self, events):
        self.events = list(events)
        self.lock = threading.Condition()
        self.first_poll = None
        self.handed = {}
        self.done = {}
        self.errors = []
        self.on_first_poll = None
        # Optional hooks for callers that sample the process around each invocation
        # (benches/lambda_cost.py): called with the request id when the event is handed over and
        # when the response or error arrives.
        self.on_handover = None
        self.on_response = None
        self.server = QuietServer(("127.0.0.1", 0), self._handler())
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handler(self):
        runtime = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Small writes must not wait for ACKs (Nagle against delayed ACK costs 40 ms a turn).
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _reply(self, status, body=b"", headers=()):
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                # Headers and body in one write.
                self._headers_buffer.append(b"\r\n" + body)
                self.flush_headers()

            def do_GET(self):
                if not self.path.endswith("/runtime/invocation/next"):
                    return self._reply(404)
                now = time.perf_counter()
                with runtime.lock:
                    if runtime.first_poll is None:
                        runtime.first_poll = now
                        if runtime.on_first_poll:
                            runtime.on_first_poll()
                    while not runtime.events:
                        runtime.lock.wait()
                    event = runtime.events.pop(0)
                if event is None:  # the end: keep the poll open until the process is stopped
                    time.sleep(3600)
                    return
                request_id = str(uuid.uuid4())
                body = json.dumps(event).encode()
                headers = [
                    ("Content-Type", "application/json"),
                    ("Lambda-Runtime-Aws-Request-Id", request_id),
                    ("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 900_000)),
                    ("Lambda-Runtime-Invoked-Function-Arn",
                     "arn:aws:lambda:us-east-1:123456789012:function:bench"),
                    ("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000"),
                ]
                if runtime.on_handover:
                    try:
                        runtime.on_handover(request_id)
                    except Exception:  # a bench hook's failure must not cut the runtime's reply
                        traceback.print_exc()
                runtime.handed[request_id] = time.perf_counter()
                self._reply(200, body, headers)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                payload = self.rfile.read(length)
                m = re.search(r"/runtime/invocation/([^/]+)/(response|error)$", self.path)
                if m:
                    request_id, kind = m.groups()
                    if runtime.on_response:
                        try:
                            runtime.on_response(request_id)
                        except Exception:  # a bench hook's failure must not cut the runtime's reply
                            traceback.print_exc()
                    with runtime.lock:
                        runtime.done[request_id] = (time.perf_counter(), kind, payload)
                        if kind == "error":
                            runtime.errors.append(payload.decode(errors="replace"))
                        runtime.lock.notify_all()
                    return self._reply(202)
                if self.path.endswith("/runtime/init/error"):
                    runtime.errors.append("init: " + payload.decode(errors="replace"))
                    return self._reply(202)
                self._reply(404)

        return Handler

    def durations(self):
        return [
            (self.done[r][0] - t) * 1000 for r, t in sorted(self.handed.items(), key=lambda x: x[1])
            if r in self.done
        ]


def status_kb(pid, field):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def function_binary(bin_dir, name):
    """The binary that serves function `name`, and the environment that chooses it: one `lambda`
    binary serves every function, chosen by `_HANDLER` (the function's Handler setting, which
    Lambda passes in the environment); the minimal function is an example binary."""
    if name == "minimal_lambda":
        return bin_dir / "examples" / name, {}
    if not (bin_dir / "lambda").exists():  # a build from before the one binary: one per function
        return bin_dir / name, {}
    return bin_dir / "lambda", {"_HANDLER": name}


def run_once(binary, env, events):
    runtime = Runtime(list(events) + [None])
    sample = {}
    child_env = dict(os.environ, **env, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{runtime.port}")
    started = time.perf_counter()
    proc = subprocess.Popen([str(binary)], env=child_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    runtime.on_first_poll = lambda: sample.setdefault("rss_init", status_kb(proc.pid, "VmRSS"))
    deadline = time.time() + 120
    with runtime.lock:
        while len(runtime.done) < len(events) and time.time() < deadline and proc.poll() is None:
            runtime.lock.wait(0.5)
    peak = status_kb(proc.pid, "VmHWM")
    proc.kill()
    _, stderr = proc.communicate()
    runtime.server.shutdown()
    if runtime.first_poll is None or len(runtime.done) < len(events):
        raise SystemExit(f"{binary.name}: no complete run; stderr:\n{stderr.decode()[-2000:]}")
    durations = runtime.durations()
    return {
        "init_ms": (runtime.first_poll - started) * 1000,
        "first_ms": durations[0],
        "warm_ms": statistics.median(durations[1:]) if len(durations) > 1 else None,
        "rss_init_mb": (sample.get("rss_init") or 0) / 1024,
        "rss_peak_mb": (peak or 0) / 1024,
        "errors": runtime.errors,
    }


def table_properties():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=Loader)
    for resource in template["Resources"].values():
        if resource.get("Type") == "AWS::DynamoDB::Table":
            return resource["Properties"]
    raise SystemExit("no table in template.yaml")


def daytime_zone():
    """A time zone where it is about noon now: the functions run on the wall clock, and mail due
    in a recipient's quiet hours is deferred, not sent (the bench must measure sends at any hour)."""
    hours = (12 - time.gmtime().tm_hour + 11) % 24 - 11  # UTC offset in -11..12
    return "Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}"  # Etc/GMT-3 is UTC+3


def set_up_aws(endpoint, bin_dir):
    """A table as the template defines it, the bucket, queue, SES identity and token secret, and
    one enrolled pair (enrolled through the CLI's --aws mode, so the records are the real ones)."""
    kw = dict(endpoint_url=endpoint, region_name="us-east-1",
              aws_access_key_id="test", aws_secret_access_key="test")
    suffix = uuid.uuid4().hex[:8]
    props = table_properties()
    table = f"mentormail-bench-{suffix}"
    ddb = boto3.client("dynamodb", **kw)
    ddb.create_table(
        TableName=table, AttributeDefinitions=props["AttributeDefinitions"],
        KeySchema=props["KeySchema"], BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{k: v for k, v in gsi.items() if k != "ProvisionedThroughput"}
                                for gsi in props.get("GlobalSecondaryIndexes", [])])
    bucket = f"mentormail-bench-{suffix}"
    boto3.client("s3", **kw).create_bucket(Bucket=bucket)
    queue = boto3.client("sqs", **kw).create_queue(QueueName=f"send-{suffix}")["QueueUrl"]
    boto3.client("sesv2", **kw).create_email_identity(EmailIdentity=DOMAIN)
    parameter = f"/mentormail-bench/{suffix}/token-secret"
    boto3.client("ssm", **kw).put_parameter(Name=parameter, Value="bench-secret",
                                            Type="SecureString")
    env = {
        "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_LAMBDA_FUNCTION_NAME": "bench", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "AWS_LAMBDA_LOG_FORMAT": "JSON",
        "MENTORMAIL_TABLE": table, "MENTORMAIL_BUCKET": bucket,
        "MENTORMAIL_INBOUND_PREFIX": "inbound/", "MENTORMAIL_SEND_QUEUE_URL": queue,
        "MENTORMAIL_DOMAIN": DOMAIN, "MENTORMAIL_TOKEN_SECRET_PARAMETER": parameter,
        "MENTORMAIL_SEND_RATE": "14",
    }
    cli = bin_dir / "mentormail"
    subprocess.run(
        [str(cli), "--aws", "--now", "2026-11-16T08:00:00Z", "enrol", "--mentor", MENTOR,
         "--mentor-name", "Maya Chen", "--mentee", MENTEE, "--mentee-name", "Sam Rivera",
         "--time-zone", daytime_zone()],
        env=dict(os.environ, **env, MENTORMAIL_TOKEN_SECRET="bench-secret"),
        check=True, stdout=subprocess.DEVNULL)
    return env, kw, bucket


def inbound_events(kw, bucket, count):
    """`count` deliveries of the example mentor's forwarded notes, each its own stored mail."""
    raw = (EXAMPLES / "mentor-forward.eml").read_bytes()
    template = json.loads((EVENTS / "ses-receipt-reply.json").read_text())
    s3 = boto3.client("s3", **kw)
    events = []
    for n in range(count):
        message_id = f"bench{uuid.uuid4().hex}"
        body = re.sub(rb"(?m)^Message-ID: <[^>]*>", f"Message-ID: <{message_id}@mail>".encode(), raw)
        s3.put_object(Bucket=bucket, Key=f"inbound/{message_id}", Body=body)
        event = json.loads(json.dumps(template))
        record = event["Records"][0]["ses"]
        record["mail"]["messageId"] = message_id
        record["mail"]["source"] = MENTOR
        record["mail"]["destination"] = [f"notes@{DOMAIN}"]
        record["receipt"]["recipients"] = [f"notes@{DOMAIN}"]
        for header in record["mail"].get("headers", []):
            if header["name"].lower() == "from":
                header["value"] = f"Maya Chen <{MENTOR}>"
            if header["name"].lower() == "to":
                header["value"] = f"notes@{DOMAIN}"
        record["mail"]["commonHeaders"]["from"] = [f"Maya Chen <{MENTOR}>"]
        record["mail"]["commonHeaders"]["to"] = [f"notes@{DOMAIN}"]
        events.append(event)
    return events


def sqs_event(body):
    return {"Records": [{
        "messageId": str(uuid.uuid4()), "receiptHandle": "bench", "body": body,
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "0",
                       "SenderId": "bench", "ApproximateFirstReceiveTimestamp": "0"},
        "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:send", "awsRegion": "us-east-1"}]}


def function_events(name, kw, bucket, queue_url, count):
    if name == "inbound":
        return inbound_events(kw, bucket, count)
    if name == "scheduler":
        return [json.loads((EVENTS / "scheduled.json").read_text())] * count
    if name == "sender":
        # Jobs the scheduler queued (the kickoff of the enrolled pair), then repeats of it: the
        # repeats find the mail already sent and send nothing, as a redelivered job does.
        sqs = boto3.client("sqs", **kw)
        got = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1, WaitTimeSeconds=1)
        bodies = [m["Body"] for m in got.get("Messages", [])] or ["{}"]
        return [sqs_event(bodies[0]) for _ in range(count)]
    if name == "unsubscribe":
        return [json.loads((EVENTS / "function-url-unsubscribe.json").read_text())] * count
    if name == "ses-events":
        return [{"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0",
                              "EventSubscriptionArn": "arn:aws:sns:us-east-1:1:x:y",
                              "Sns": {"Type": "Notification", "MessageId": str(uuid.uuid4()),
                                      "TopicArn": "arn:aws:sns:us-east-1:1:x",
                                      "Subject": None, "Timestamp": "2026-11-23T09:00:00.000Z",
                                      "SignatureVersion": "1", "Signature": "",
                                      "SigningCertUrl": "", "UnsubscribeUrl": "",
                                      "Message": json.dumps({"eventType": "Delivery", "mail": {
                                          "timestamp": "2026-11-23T09:00:00.000Z",
                                          "messageId": "bench", "source": f"coach@{DOMAIN}",
                                          "destination": [MENTEE], "tags": {}}}),
                                      "MessageAttributes": {}}}]}] * count
    return [{"bench": n} for n in range(count)]


def start_moto():
    """A moto server of our own on a free port: the process and its endpoint."""
    port = free_port()
    moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return moto, f"http://127.0.0.1:{port}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin-dir", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"), "release"))
    ap.add_argument("--endpoint", default=os.environ.get("MENTORMAIL_TEST_ENDPOINT"))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warm", type=int, default=5, help="invocations after the first, per run")
    ap.add_argument("--functions", default="minimal_lambda,inbound,scheduler,sender,unsubscribe,ses-events")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    bin_dir = Path(args.bin_dir)
    moto, endpoint = (None, args.endpoint) if args.endpoint else start_moto()
    try:
        env, kw, bucket = set_up_aws(endpoint, bin_dir)
        rows = []
        for name in args.functions.split(","):
            binary, chooser = function_binary(bin_dir, name)
            runs = []
            for _ in range(args.runs):
                events = function_events(name, kw, bucket, env["MENTORMAIL_SEND_QUEUE_URL"], 1 + args.warm)
                runs.append(run_once(binary, dict(env, **chooser), events))
            med = lambda k: statistics.median(r[k] for r in runs if r[k] is not None)
            rows.append({"function": name, "runs": len(runs), "size_mb": binary.stat().st_size / 2**20,
                         "init_ms": med("init_ms"), "first_ms": med("first_ms"), "warm_ms": med("warm_ms"),
                         "rss_init_mb": med("rss_init_mb"), "rss_peak_mb": med("rss_peak_mb"),
                         "errors": sorted({e[:200] for r in runs for e in r["errors"]})})
        base = next((r for r in rows if r["function"] == "minimal_lambda"), None)
        for r in rows:
            r["init_vs_minimal"] = r["init_ms"] / base["init_ms"] if base else None
        if args.json:
            print(json.dumps(rows, indent=1))
            return
        print(f"{'function':<16}{'size MB':>9}{'init ms':>9}{'x min':>7}{'first ms':>10}{'warm ms':>9}"
              f"{'RSS init':>10}{'RSS peak':>10}")
        for r in rows:
            ratio = f"{r['init_vs_minimal']:.1f}" if r["init_vs_minimal"] else "-"
            print(f"{r['function']:<16}{r['size_mb']:>9.1f}{r['init_ms']:>9.1f}{ratio:>7}{r['first_ms']:>10.1f}"
                  f"{r['warm_ms']:>9.1f}{r['rss_init_mb']:>9.1f}M{r['rss_peak_mb']:>9.1f}M")
            for e in r["errors"]:
                print(f"    error: {e}")
    finally:
        if moto:
            moto.kill()


if __name__ == "__main__":
    main()
