#!/usr/bin/env python3
"""Hostile mail shapes through `mentormail`, each under the inbound function's memory.

Builds each shape (a 40 MB body, 10,000 parts, 1,000-deep multipart, 100-deep message/rfc822,
1,000 attached forwards, a 1 MB header, HTML tables that blow up when laid out, charset tricks)
and runs two commands on it, each in a fresh process under an address-space limit (`prlimit
--as`, default 256 MiB: the function's memory), measuring wall time and peak RSS (GNU time):

- `mentormail parse FILE`: the whole parser, what an admitted sender's mail costs at worst;
- `mentormail ingest FILE --receipt EVENT`: the inbound pipeline as the function runs it, with
  a stranger's mail to a mentee's reply address (refused from the header block alone).

Usage: python3 infra/hostile/run.py [--bin target/release/mentormail] [--limit-mb 256]
Build first: cargo build --release --bin mentormail. Exits 1 if a run fails or goes over.
Needs Python 3, util-linux's prlimit and GNU time (/usr/bin/time, Debian package `time`).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HEAD = "From: Mallory <mallory@attacker.example>\r\nTo: reflect+x-1-aaaa@mentor.example.org\r\n" \
       "Subject: hostile\r\nMessage-ID: <{name}@attacker.example>\r\nMIME-Version: 1.0\r\n"


def plain(name, body):
    return (HEAD.format(name=name) + "Content-Type: text/plain; charset=utf-8\r\n\r\n").encode() + body


def multipart(name, parts):
    out = [HEAD.format(name=name).encode(), b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n']
    for part in parts:
        out += [b"--b\r\n", part, b"\r\n"]
    out.append(b"--b--\r\n")
    return b"".join(out)


def nested_multipart(name, depth):
    head = [HEAD.format(name=name).encode()]
    opening = [f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'.encode() for i in range(depth)]
    leaf = b"Content-Type: text/plain\r\n\r\ndeep\r\n"
    closing = [f"--b{i}--\r\n".encode() for i in reversed(range(depth))]
    return b"".join(head + opening + [leaf] + closing)


def nested_rfc822(name, depth):
    inner = b"From: a@x.org\r\nSubject: innermost\r\n\r\nthe bottom\r\n"
    for i in range(depth):
        inner = (f"From: f{i}@x.org\r\nSubject: level {i}\r\nMIME-Version: 1.0\r\n"
                 "Content-Type: message/rfc822\r\n\r\n").encode() + inner
    return HEAD.format(name=name).encode() + b"Content-Type: message/rfc822\r\n\r\n" + inner


def html(name, markup):
    return (HEAD.format(name=name) + "Content-Type: text/html; charset=utf-8\r\n\r\n").encode() + markup.encode()


def table(rows, wide_every):
    cell = "x" * 5000
    body = "".join(f"<tr><td>{cell if i % wide_every == 0 else 'a'}</td><td>b{i}</td></tr>" for i in range(rows))
    return f"<html><body><table>{body}</table></body></html>"


def shapes():
    forward = b"Content-Type: message/rfc822\r\n\r\nFrom: a@x.org\r\nTo: b@y.org\r\nSubject: fwd\r\n\r\nforwarded text\r\n"
    yield "40 MB text body", plain("big", b"I wrote this.\r\n" + b"y" * (40 * 1024 * 1024))
    yield "10,000 parts", multipart("parts", [b"Content-Type: text/plain\r\n\r\npart"] * 10_000)
    yield "1,000-deep multipart", nested_multipart("deep", 1000)
    yield "100-deep message/rfc822", nested_rfc822("rfc822", 100)
    yield "1,000 attached forwards", multipart("forwards", [forward] * 1000)
    yield "1 MB header line", (HEAD.format(name="header") + "X-Long: " + "h" * (1024 * 1024) + "\r\n\r\nbody\r\n").encode()
    yield "20,000 headers", (HEAD.format(name="headers") + "".join(f"X-H{i}: v\r\n" for i in range(20_000)) + "\r\nbody\r\n").encode()
    yield "HTML table, every row wide (1.7 MB)", html("table-all", table(340, 1))
    yield "HTML table, one wide cell (1.7 MB)", html("table-one", "<table><tr><td>" + "x" * 5000 + "</td></tr>" + "".join(f"<tr><td>r{i}</td><td>c</td></tr>" for i in range(60_000)) + "</table>")
    yield "HTML 5,000-deep nesting", html("nest", "<div>" * 5000 + "deep")
    yield "charset tricks", multipart("charset", [
        b"Content-Type: text/plain; charset=utf-7\r\n\r\n+AGEAYgBj-" + b"+" * 100_000,
        b"Content-Type: text/plain; charset=iso-2022-jp\r\n\r\n\x1b$B" + b"\xff" * 100_000,
        b"Content-Type: text/plain; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b"////" * 100_000,
        b"Content-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + b"=\r\n" * 200_000,
        b"Subject: =?utf-8?b?" + b"A" * 100_000 + b"?=\r\nContent-Type: text/plain\r\n\r\nx",
    ])


def run(cmd, limit_bytes, tmp):
    # GNU time forks the command from its own small process: a child forked from this Python
    # process would report Python's resident set as its own peak.
    rss_file = os.path.join(tmp, "rss")
    start = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file,
                           "prlimit", f"--as={limit_bytes}", "--"] + cmd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env={**os.environ, "MALLOC_ARENA_MAX": "2"})
    wall = time.monotonic() - start
    lines = open(rss_file).read().split()
    rss_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return proc.returncode, wall, rss_kb / 1024, proc.stderr.decode(errors="replace")[-300:]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="target/release/mentormail")
    parser.add_argument("--limit-mb", type=int, default=256)
    args = parser.parse_args()
    limit = args.limit_mb * 1024 * 1024
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        receipt = json.load(open(os.path.join(repo, "infra/events/ses-receipt-reply.json")))
        receipt["Records"][0]["ses"]["receipt"]["recipients"] = ["reflect+x-1-aaaa@mentor.example.org"]
        event = os.path.join(tmp, "event.json")
        json.dump(receipt, open(event, "w"))
        print(f"{'shape':38} {'size':>9}  {'parse':>22}  {'ingest (stranger)':>22}")
        for name, raw in shapes():
            path = os.path.join(tmp, "mail.eml")
            with open(path, "wb") as f:
                f.write(raw)
            row = f"{name:38} {len(raw) / 1e6:7.2f}MB"
            for cmd in ([args.bin, "parse", path],
                        [args.bin, "--data", os.path.join(tmp, "data"), "ingest", path, "--receipt", event]):
                code, wall, rss, err = run(cmd, limit, tmp)
                ok = code == 0 and rss <= args.limit_mb
                failed |= not ok
                row += f"  {wall:6.2f}s {rss:6.1f}MB {'ok' if ok else 'FAIL'}"
                if not ok:
                    row += f" (exit {code}: {err.strip()})"
            print(row, flush=True)
    print(f"limit: {args.limit_mb} MiB address space per run; RSS is the peak resident set")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
