#!/usr/bin/env python3
"""Times `mentormail --aws import` of a generated cohort against a fresh moto server.

    benches/import_on_moto.py [--pairs 1000] [--bin target/release/mentormail]

Run it with the tools venv's Python (it has moto and boto3), e.g.
`~/.cache/mentormail/venv-tools-*/bin/python benches/import_on_moto.py`. It starts its own moto
on a free port (so no other test's tables share it), creates the table as template.yaml
defines it, writes a cohort of N pairs (two goals each) into a temp folder, and times: a dry
run, the import, and the same import again (which must write nothing). It prints each time,
the summary the command printed, and the items in the table afterwards.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto(port):
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("moto did not start")


def create_table(endpoint, name):
    client = boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    string = lambda n: {"AttributeName": n, "AttributeType": "S"}
    client.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[string("pk"), string("sk"), string("due_pk"), string("due_sk")],
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "due",
                "KeySchema": [
                    {"AttributeName": "due_pk", "KeyType": "HASH"},
                    {"AttributeName": "due_sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    return client


def write_cohort(path, pairs):
    zones = ["Europe/London", "America/New_York", "Asia/Tokyo", "Europe/Berlin"]
    days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(
            "mentor_email,mentor_name,mentee_email,mentee_name,mentee_time_zone,cadence,at,"
            "programme,cohort,goals\r\n"
        )
        for n in range(pairs):
            # Ten mentees per mentor, as programmes pair them.
            f.write(
                f"mentor{n // 10}@example.org,Mentor {n // 10},mentee{n}@example.org,"
                f"Mentee {n},{zones[n % 4]},weekly:{days[n % 5]},09:00,Bench,"
                f"Cohort {n % 3},\"Run three interviews by 15 Jan; Ship the pricing page by 1 Mar\"\r\n"
            )


def run(binary, args, env):
    started = time.monotonic()
    output = subprocess.run([binary, *args], env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if output.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({output.returncode}): {output.stderr[:2000]}")
    return elapsed, json.loads(output.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--bin", default=os.path.join(REPO, "target/release/mentormail"))
    args = parser.parse_args()

    port = free_port()
    moto = start_moto(port)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        table = "mentormail-import-bench"
        client = create_table(endpoint, table)
        env = dict(
            os.environ,
            MENTORMAIL_TABLE=table,
            MENTORMAIL_DOMAIN="mentor.example.org",
            MENTORMAIL_TOKEN_SECRET="bench-secret",
            AWS_ENDPOINT_URL=endpoint,
            AWS_ACCESS_KEY_ID="test",
            AWS_SECRET_ACCESS_KEY="test",
            AWS_REGION="us-east-1",
            RUST_BACKTRACE="0",
        )
        with tempfile.TemporaryDirectory() as folder:
            cohort = os.path.join(folder, "cohort.csv")
            write_cohort(cohort, args.pairs)
            base = ["--aws", "--now", "2026-12-01T10:00:00Z", "import", cohort, "--json"]
            for label, extra in [("dry run", ["--dry-run"]), ("import", []), ("again", [])]:
                elapsed, summary = run(args.bin, base + extra, env)
                counts = {k: summary.get(k) for k in ("created", "updated", "unchanged", "written")}
                print(f"{args.pairs} pairs, {label}: {elapsed:.1f} s {json.dumps(counts)}")
        pages = client.get_paginator("scan").paginate(TableName=table, Select="COUNT")
        items = sum(page["Count"] for page in pages)
        print(f"items in the table: {items}")
    finally:
        moto.kill()
        moto.wait()


if __name__ == "__main__":
    main()
