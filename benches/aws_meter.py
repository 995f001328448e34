"""A counting HTTP proxy between the Lambda binaries and moto server (used by lambda_cost.py).

Every request the functions make goes through it (AWS_ENDPOINT_URL points here). Per invocation
(`Meter.begin(label)` switches the bucket) it records each request's service (the SigV4
credential scope of its `Authorization` header), operation (`X-Amz-Target`, or the REST method
and path), bytes, and for DynamoDB the capacity AWS would bill in on-demand mode:

  writes  per item written ceil(size / 1 KB) write request units (WRU), size the larger of the
          item before and after the write (AWS: "the larger of the before and after image");
          a conditional failure still bills the item's size; TransactWriteItems bills twice
          (condition checks included); a global secondary index the item is in before or after
          bills its own write (two when the item's index key changes).
  reads   per GetItem ceil(size / 4 KB) read request units (RRU), a missing item 1; per Query page
          ceil(sum of the items' sizes / 4 KB), at least 1; half of that when eventually
          consistent, twice when transactional.
  size    attribute names plus values as AWS defines it (Item sizes and formats, DynamoDB
          developer guide): strings and binaries their UTF-8/byte length, numbers 1 byte per two
          significant digits + 1, booleans and nulls 1, lists and maps 3 + 1 per element.

The before and after images are read by the proxy straight from moto (not counted).
"""
import base64
import http.client
import json
import math
import re
import threading
from collections import defaultdict
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs


def number_size(text):
    digits = Decimal(text).normalize().as_tuple().digits
    significant = len(digits) if any(digits) else 1
    return (significant + 1) // 2 + 1


def value_size(value):
    (kind, v), = value.items()
    if kind == "S":
        return len(v.encode())
    if kind == "N":
        return number_size(v)
    if kind == "B":
        return len(base64.b64decode(v))
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(s.encode()) for s in v)
    if kind == "NS":
        return sum(number_size(n) for n in v)
    if kind == "BS":
        return sum(len(base64.b64decode(b)) for b in v)
    if kind == "L":
        return 3 + sum(1 + value_size(e) for e in v)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + value_size(e) for k, e in v.items())
    raise ValueError(f"unknown attribute type {kind}")


def item_size(item):
    return sum(len(name.encode()) + value_size(value) for name, value in (item or {}).items())


def units(size, unit):
    return max(1, math.ceil(size / unit))


class Moto:
    """Direct, uncounted DynamoDB calls to moto: key schemas and item images."""

    def __init__(self, endpoint):
        self.netloc = urlsplit(endpoint).netloc
        self.schemas = {}
        self.lock = threading.Lock()

    def call(self, target, body, authorization):
        conn = http.client.HTTPConnection(self.netloc, timeout=60)
        conn.request("POST", "/", json.dumps(body), {
            "X-Amz-Target": f"DynamoDB_20120810.{target}", "Authorization": authorization,
            "Content-Type": "application/x-amz-json-1.0"})
        response = conn.getresponse()
        data = json.loads(response.read() or b"{}")
        conn.close()
        return data

    def schema(self, table, authorization):
        """The table's key names and each index's key names."""
        with self.lock:
            if table not in self.schemas:
                t = self.call("DescribeTable", {"TableName": table}, authorization)["Table"]
                keys = [k["AttributeName"] for k in t["KeySchema"]]
                indexes = [[k["AttributeName"] for k in i["KeySchema"]]
                           for i in t.get("GlobalSecondaryIndexes", [])]
                self.schemas[table] = (keys, indexes)
            return self.schemas[table]

    def image(self, table, key, authorization):
        got = self.call("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True},
                        authorization)
        return got.get("Item")


class Write:
    """One item a write request touches: its table, key, proposed item (Put) and before image."""

    def __init__(self, moto, auth, table, key=None, item=None, transactional=False, check=False):
        keys, self.indexes = moto.schema(table, auth)
        self.table, self.item = table, item
        self.key = key or {k: item[k] for k in keys}
        self.transactional, self.check = transactional, check
        self.before = moto.image(table, self.key, auth)
        self.after = None

    def wru(self, succeeded):
        sizes = [item_size(self.before), item_size(self.item) if self.item else 0]
        if succeeded and not self.check:
            sizes.append(item_size(self.after))
        total = units(max(sizes), 1024) * (2 if self.transactional else 1)
        if succeeded and not self.check and self.before != self.after:
            for index_keys in self.indexes:
                total += self.index_wru(index_keys)
        return total

    def index_wru(self, index_keys):
        def entry(image):
            return tuple(json.dumps(image[k], sort_keys=True) for k in index_keys) \
                if image and all(k in image for k in index_keys) else None
        old, new = entry(self.before), entry(self.after)
        if old is None and new is None:
            return 0
        if old is not None and new is not None and old != new:
            return units(item_size(self.before), 1024) + units(item_size(self.after), 1024)
        return units(item_size(self.after if new is not None else self.before), 1024)


def dynamodb_writes(moto, auth, op, body):
    if op in ("PutItem", "UpdateItem", "DeleteItem"):
        return [Write(moto, auth, body["TableName"], key=body.get("Key"), item=body.get("Item"))]
    if op == "BatchWriteItem":
        return [Write(moto, auth, table, key=r.get("DeleteRequest", {}).get("Key"),
                      item=r.get("PutRequest", {}).get("Item"))
                for table, requests in body["RequestItems"].items() for r in requests]
    if op == "TransactWriteItems":
        writes = []
        for entry in body["TransactItems"]:
            (kind, w), = entry.items()
            writes.append(Write(moto, auth, w["TableName"], key=w.get("Key"), item=w.get("Item"),
                                transactional=True, check=kind == "ConditionCheck"))
        return writes
    return []


def dynamodb_reads(op, body, response):
    """RRU of a read request from its request and response bodies."""
    half = lambda consistent: 1.0 if consistent else 0.5
    if op == "GetItem":
        return units(item_size(response.get("Item")), 4096) * half(body.get("ConsistentRead"))
    if op in ("Query", "Scan"):
        size = sum(item_size(i) for i in response.get("Items", []))
        return units(size, 4096) * half(body.get("ConsistentRead"))
    if op == "BatchGetItem":
        total = 0.0
        for table, request in body["RequestItems"].items():
            found = response.get("Responses", {}).get(table, [])
            left = len(response.get("UnprocessedKeys", {}).get(table, {}).get("Keys", []))
            missing = max(0, len(request["Keys"]) - left - len(found))
            total += (sum(units(item_size(i), 4096) for i in found) + missing) \
                * half(request.get("ConsistentRead"))
        return total
    if op == "TransactGetItems":
        return sum(units(item_size(r.get("Item")), 4096) * 2 for r in response.get("Responses", []))
    return 0.0


def rest_operation(service, method, path, query, headers):
    if service == "s3":
        parts = [p for p in path.split("/") if p]
        has_key = len(parts) > 1
        if method == "PUT":
            return "CopyObject" if headers.get("x-amz-copy-source") else \
                "PutObject" if has_key else "PutBucket"
        if method == "GET":
            return "GetObject" if has_key else \
                "ListObjectsV2" if "list-type" in query else "ListObjects"
        if method == "HEAD":
            return "HeadObject" if has_key else "HeadBucket"
        if method == "DELETE":
            return "DeleteObject"
        if method == "POST" and "delete" in query:
            return "DeleteObjects"
    if service in ("ses", "email") and method == "POST" and path.endswith("/outbound-emails"):
        return "SendEmail"
    return f"{method} {path}"


class Meter:
    """The counting proxy. `begin(label)` starts attributing requests to `label`."""

    def __init__(self, upstream):
        self.moto = Moto(upstream)
        self.upstream = urlsplit(upstream).netloc
        self.label = None
        self.records = defaultdict(list)
        self.lock = threading.Lock()
        meter = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    chunks = []
                    while True:
                        size = int(self.rfile.readline().split(b";")[0], 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return b"".join(chunks)
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _forward(self):
                meter.forward(self, self._body())

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def begin(self, label):
        with self.lock:
            self.label = label

    def forward(self, handler, body):
        headers = handler.headers
        auth = headers.get("Authorization", "")
        scope = re.search(r"Credential=[^/]+/\d+/[^/]+/([^/]+)/aws4_request", auth)
        service = scope.group(1) if scope else "?"
        url = urlsplit(handler.path)
        target = headers.get("X-Amz-Target")
        op = target.split(".")[-1] if target else rest_operation(
            service, handler.command, url.path, parse_qs(url.query, keep_blank_values=True), headers)
        request = json.loads(body) if service == "dynamodb" and body else {}
        writes = dynamodb_writes(self.moto, auth, op, request) if service == "dynamodb" else []

        conn = http.client.HTTPConnection(self.upstream, timeout=300)
        out = {k: v for k, v in headers.items() if k.lower() not in ("transfer-encoding", "content-length")}
        out["Content-Length"] = str(len(body))
        conn.request(handler.command, handler.path, body, out)
        response = conn.getresponse()
        payload = response.read()
        status = response.status
        reply_headers = [(k, v) for k, v in response.getheaders()
                         if k.lower() not in ("transfer-encoding", "content-length", "connection")]
        length = response.getheader("Content-Length") if handler.command == "HEAD" else str(len(payload))
        conn.close()

        record = {"service": service, "op": op, "status": status,
                  "request_bytes": len(body), "response_bytes": len(payload)}
        if service == "dynamodb":
            reply = json.loads(payload or b"{}")
            for w in writes:
                w.after = self.moto.image(w.table, w.key, auth)
            conditional_failure = status != 200 and any(
                s in reply.get("__type", "") for s in ("ConditionalCheckFailed", "TransactionCanceled"))
            if status == 200 or conditional_failure:
                record["wru"] = sum(w.wru(status == 200) for w in writes)
                record["rru"] = dynamodb_reads(op, request, reply) if status == 200 else 0.0
            record["items_written"] = len(writes)
        if service == "s3" and op == "PutObject":
            record["stored_bytes"] = len(body)
            # template.yaml's lifecycle rule kept-files-to-instant-retrieval: kept files over
            # 128 KB move to Glacier Instant Retrieval after 30 days.
            if "/archive/attachments/" in url.path and len(body) > 131072:
                record["transitioned_bytes"] = len(body)
        if service == "s3" and op == "GetObject":
            record["read_bytes"] = len(payload)
        if op == "SendEmail":
            record.update(sent_mail(body, payload))
        with self.lock:
            self.records[self.label].append(record)

        handler.send_response(status)
        for k, v in reply_headers:
            handler.send_header(k, v)
        handler.send_header("Content-Length", length or "0")
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(payload)

    def close(self):
        self.server.shutdown()


def sent_mail(body, payload):
    """An SES v2 SendEmail: the raw mail's size, its tags and the message id SES gave it."""
    try:
        request, reply = json.loads(body), json.loads(payload or b"{}")
    except ValueError:
        return {}
    raw = request.get("Content", {}).get("Raw", {}).get("Data", "")
    simple = json.dumps(request.get("Content", {}).get("Simple", {}))
    return {"mail_bytes": len(base64.b64decode(raw)) if raw else len(simple),
            "tags": {t["Name"]: t["Value"] for t in request.get("EmailTags", [])},
            "message_id": reply.get("MessageId"),
            "destination": request.get("Destination", {}).get("ToAddresses", [])}


def summarise(records):
    """Counts per service and operation, and the billed quantities, of one invocation's requests."""
    counts = defaultdict(int)
    for r in records:
        counts[f"{r['service']}:{r['op']}"] += 1
    return {
        "requests": dict(sorted(counts.items())),
        "wru": sum(r.get("wru", 0) for r in records),
        "rru": sum(r.get("rru", 0.0) for r in records),
        "ddb_requests": sum(1 for r in records if r["service"] == "dynamodb"),
        "s3_put": sum(1 for r in records if r["op"] in ("PutObject", "CopyObject")),
        "s3_get": sum(1 for r in records if r["op"] in ("GetObject", "HeadObject", "ListObjectsV2")),
        "s3_stored_bytes": sum(r.get("stored_bytes", 0) for r in records),
        "s3_transitioned_bytes": sum(r.get("transitioned_bytes", 0) for r in records),
        "s3_transitions": sum(1 for r in records if r.get("transitioned_bytes")),
        "s3_read_bytes": sum(r.get("read_bytes", 0) for r in records),
        "ses_sends": sum(1 for r in records if r["op"] == "SendEmail" and r["status"] == 200),
        "ses_sent_bytes": sum(r.get("mail_bytes", 0) for r in records
                              if r["op"] == "SendEmail" and r["status"] == 200),
        "sqs_requests": sum(1 for r in records if r["service"] == "sqs"),
        "ssm_requests": sum(1 for r in records if r["service"] == "ssm"),
        "errors": sum(1 for r in records if r["status"] >= 400),
    }
