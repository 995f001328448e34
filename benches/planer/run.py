#!/usr/bin/env python3
"""Parse throughput of mentormail beside planer, on the same mails in the same run.

The mails are the development corpus (tests/corpus/dev or ../shared/corpus/dev) listed 20
times. Each parser runs in batch over the same list, one JSON line out per mail (mentormail:
the `parse_batch` bench binary, `parse` alone, built with `cargo bench --bench parse_batch
--no-default-features --no-run`; planer: planer_batch.js in Node), best of --runs whole-process
wall times; the figures are mails/s and the ratio. Then the slowest single mail of mentormail:
for each mail, a batch of the mail repeated R times minus a batch of it once, divided by R-1
(process start cancels out).

usage: run.py [--install] [--binary PATH [--args 'parse --batch {list}']] [--corpus DIR]
              [--repeat 20] [--runs 3]
  --install   install planer (npm, pinned version) into ~/.cache/mentormail/planer-<hash> if absent
  --binary    another mentormail command, e.g. target/release/mentormail with
              --args 'parse --batch {list}' (the CLI, which also runs the note capture)
"""
import argparse
import glob
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time

PLANER = "planer@1.2.0"
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def planer_dir():
    digest = hashlib.sha256(PLANER.encode()).hexdigest()[:16]
    return os.path.expanduser(f"~/.cache/mentormail/planer-{digest}")


def install(target):
    if os.path.isdir(os.path.join(target, "node_modules", "planer")):
        return
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "package.json"), "w") as f:
        f.write('{"private": true}\n')
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", PLANER], cwd=target, check=True)


def bench_binary():
    """The optimised `parse_batch` bench executable (built here if it is not yet)."""
    out = subprocess.run(["cargo", "bench", "--bench", "parse_batch", "--no-default-features", "--no-run",
                          "--message-format=json"], cwd=REPO, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == "parse_batch" \
                and msg.get("executable"):
            return msg["executable"]
    sys.exit("no parse_batch executable from cargo")


def wall(cmd, runs):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def write_list(paths):
    f = tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False)
    f.write("\n".join(paths) + "\n")
    f.close()
    return f.name


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--install", action="store_true")
    ap.add_argument("--binary")
    ap.add_argument("--args", default="{list}")
    ap.add_argument("--corpus")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--slowest-repeat", type=int, default=50)
    a = ap.parse_args()
    corpus = a.corpus or next(c for c in (os.path.join(REPO, "tests/corpus/dev"), os.path.join(REPO, "../shared/corpus/dev"), "/work/shared/corpus/dev") if os.path.isdir(c))
    mails = sorted(glob.glob(os.path.join(corpus, "cases", "*", "input.eml")))
    if not a.binary:
        a.binary = bench_binary()
    ours_cmd = lambda lst: [a.binary, *a.args.replace("{list}", lst).split()]
    target = planer_dir()
    if a.install:
        install(target)
    if not os.path.isdir(os.path.join(target, "node_modules", "planer")):
        sys.exit(f"planer is not installed in {target}: run with --install")
    batch = write_list(mails * a.repeat)
    n = len(mails) * a.repeat
    ours = wall(ours_cmd(batch), a.runs)
    theirs = wall(["node", os.path.join(HERE, "planer_batch.js"), target, batch], a.runs)
    os.unlink(batch)
    # Slowest single mail of mentormail.
    slowest = (0.0, "")
    for mail in mails:
        once, many = write_list([mail]), write_list([mail] * a.slowest_repeat)
        t = (wall(ours_cmd(many), 3) - wall(ours_cmd(once), 3)) / (a.slowest_repeat - 1)
        os.unlink(once)
        os.unlink(many)
        slowest = max(slowest, (t, mail))
    every = write_list(mails)
    planer_slowest = json.loads(subprocess.run(["node", os.path.join(HERE, "planer_batch.js"), target, every, "--per-mail-slowest"], check=True, capture_output=True, text=True).stdout)
    os.unlink(every)
    result = {
        "mails": n, "distinct_mails": len(mails), "binary": a.binary, "planer": PLANER,
        "mentormail_seconds": round(ours, 3), "planer_seconds": round(theirs, 3),
        "mentormail_mails_per_s": round(n / ours), "planer_mails_per_s": round(n / theirs),
        "ratio": round(theirs / ours, 2),
        "mentormail_slowest_ms": round(1000 * slowest[0], 3), "mentormail_slowest_mail": os.path.relpath(slowest[1], corpus),
        "planer_slowest_ms": round(planer_slowest["slowest_ms"], 3),
    }
    print(f"{n} mails ({len(mails)} distinct x {a.repeat}), best of {a.runs} whole-process runs")
    print(f"  mentormail {result['mentormail_mails_per_s']:>8} mails/s  ({ours:.3f} s)")
    print(f"  planer     {result['planer_mails_per_s']:>8} mails/s  ({theirs:.3f} s)")
    print(f"  ratio      {result['ratio']:.2f}x")
    print(f"  slowest single mail: mentormail {result['mentormail_slowest_ms']:.3f} ms ({result['mentormail_slowest_mail']}), planer {result['planer_slowest_ms']:.3f} ms")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
