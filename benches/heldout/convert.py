#!/usr/bin/env python3
"""Build held-out scorer corpora from other public parsers' own tests (nothing here is committed).

The parser is tuned on ../shared/corpus/dev. To see how it does on mail it has never seen, this
script turns the *asserted* expectations of other projects' test suites into the scorer's case
format (cases/<id>/input.eml + expected.json, manifest.jsonl with provenance), in a cache directory
outside the repository. Only what a source test asserts becomes an expectation:

  talon   mailgun/talon (Apache-2.0), tests/text_quotations_test.py: every
          `eq_(EXPECTED, quotations.extract_from_plain(BODY))` of an undecorated test function,
          found by running each test body against a recording stand-in for `quotations`; and
          tests/fixtures/standard_replies/*.eml with their asserted reply ("Hello" or *_reply_text).
  mpr     alfonsrv/mail-parser-reply (MIT), test/test_email_reply_parser.py: for each test's mail,
          `X == replies[0].body` is the exact reply; `X in replies[0].body` a containment check;
          text asserted in replies[0].signatures or in any later reply (body, headers, content)
          must not be in the reply.

usage: convert.py OUT_DIR --talon GIT_DIR --mpr GIT_DIR
(GIT_DIR: a clone or bare mirror; files are read with `git show HEAD:path`, commits recorded).
"""
import argparse
import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys

HEADERS = (
    "From: sender@example.com\nTo: recipient@example.com\nSubject: (no subject)\n"
    "Date: Thu, 01 Jan 2015 00:00:00 +0000\nMessage-ID: <{mid}@heldout.invalid>\n"
    "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: 8bit\n\n"
)


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], check=True, capture_output=True).stdout


def gitdir_of(path):
    return path if os.path.isdir(os.path.join(path, "objects")) else os.path.join(path, ".git")


class Writer:
    def __init__(self, out, set_name):
        self.root = os.path.join(out, set_name)
        shutil.rmtree(self.root, ignore_errors=True)
        os.makedirs(os.path.join(self.root, "cases"))
        self.manifest = open(os.path.join(self.root, "manifest.jsonl"), "w", encoding="utf-8")
        self.set = set_name
        self.n = 0

    def add(self, raw: bytes, expected: dict, source: dict, tests: list):
        self.n += 1
        cid = f"{self.set}-{self.n:03d}"
        d = os.path.join(self.root, "cases", cid)
        os.makedirs(d)
        with open(os.path.join(d, "input.eml"), "wb") as f:
            f.write(raw)
        expected = dict(expected, id=cid)
        with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, ensure_ascii=False, indent=1)
        self.manifest.write(json.dumps({"set": self.set, "group": source["group"], "sources": [source],
                                        "tests": tests, "basis": expected.get("reply_basis"),
                                        "id": cid, "kind": expected["kind"]}, ensure_ascii=False) + "\n")

    def close(self):
        self.manifest.close()
        print(f"{self.set}: {self.n} cases in {self.root}")


def wrap(body: str) -> bytes:
    mid = hashlib.sha256(body.encode()).hexdigest()[:16]
    return (HEADERS.format(mid=mid) + body).encode("utf-8")


# ---------------------------------------------------------------- talon
class Probe(str):
    """What the stand-in extract_from_plain returns: remembers the body it was given."""

    def __new__(cls, body):
        p = super().__new__(cls, "\x00probe")
        p.body = body
        return p


class Skip(Exception):
    pass


def talon_cases(gitdir, w):
    commit = git(gitdir, "rev-parse", "HEAD").decode().strip()
    path = "tests/text_quotations_test.py"
    src = git(gitdir, "show", f"HEAD:{path}").decode("utf-8")
    tree = ast.parse(src)
    recorded = []

    class Quotations:
        def extract_from_plain(self, body):
            return Probe(body)

        def __getattr__(self, name):
            raise Skip(name)

    def eq_(a, b, *_):
        if isinstance(b, Probe):
            recorded.append((b.body, a))
        elif isinstance(a, Probe):
            recorded.append((a.body, b))
        else:
            raise Skip("not an extract_from_plain assertion")

    def helper(*_a, **_k):
        raise Skip("helper")

    env = {"quotations": Quotations(), "eq_": eq_, "ok_": helper, "assert_false": helper,
           "Mock": helper, "patch": helper, "six": type("six", (), {"text_type": str}), "os": os, "range": range}
    # Module-level helpers (e.g. _check_pattern_original_message) are defined first.
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("test_"):
            exec(compile(ast.Module([node], []), path, "exec"), env)
    for node in tree.body:
        if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
            continue
        if node.decorator_list or node.name == "test_standard_replies":
            continue  # patched configuration or handled below
        recorded.clear()
        try:
            exec(compile(ast.Module([node], []), path, "exec"), env)
            env[node.name]()
        except Skip:
            recorded.clear()
        except Exception as e:  # an assertion on another helper's output
            print(f"  talon: {node.name} skipped ({type(e).__name__})", file=sys.stderr)
            recorded.clear()
        for body, want in list(recorded):
            w.add(wrap(body), {"kind": "reply", "reply_text": want, "reply_text_accept": [want],
                               "reply_basis": "asserted_visible_text", "forwarded": None, "tags": []},
                  {"repo": "mailgun/talon", "commit": commit, "path": path, "group": "talon-text",
                   "license": "Apache-2.0", "function": node.name},
                  [f"mailgun/talon::{node.name}"])
    folder = "tests/fixtures/standard_replies"
    names = git(gitdir, "ls-tree", "--name-only", f"HEAD:{folder}").decode().split()
    for name in sorted(names):
        if not name.endswith(".eml"):
            continue
        raw = git(gitdir, "show", f"HEAD:{folder}/{name}")
        stem = name[:-4]
        want = "Hello"
        if f"{stem}_reply_text" in names:
            want = git(gitdir, "show", f"HEAD:{folder}/{stem}_reply_text").decode("utf-8").strip()
        w.add(raw, {"kind": "reply", "reply_text": want, "reply_text_accept": [want],
                    "reply_basis": "asserted_visible_text", "forwarded": None, "tags": ["real_mime"]},
              {"repo": "mailgun/talon", "commit": commit, "path": f"{folder}/{name}",
               "group": "talon-standard", "license": "Apache-2.0"},
              ["mailgun/talon::test_standard_replies"])


# ---------------------------------------------------------------- mail-parser-reply
def const(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def reply_ref(node):
    """`mail.replies[K].FIELD` -> (K, FIELD); `mail.latest_reply` -> (0, 'body')."""
    if isinstance(node, ast.Attribute) and node.attr == "latest_reply":
        return 0, "body"
    if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Subscript)
            and isinstance(node.value.value, ast.Attribute) and node.value.value.attr == "replies"
            and isinstance(node.value.slice, ast.Constant)):
        return node.value.slice.value, node.attr
    return None


def mpr_assertions(fn):
    """(mail name, languages, [(op, text, k, field)]) of one test function."""
    mail, langs, out = None, [], []
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get_email":
            mail = const(node.args[0])
            for kw in node.keywords:
                if kw.arg == "languages" and isinstance(kw.value, ast.List):
                    langs = [const(e) for e in kw.value.elts]
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, args = node.func.attr, node.args
        if name == "assertTrue" and args and isinstance(args[0], ast.Compare):
            cmp = args[0]
            left, op, right = cmp.left, cmp.ops[0], cmp.comparators[0]
            opname = {ast.In: "in", ast.NotIn: "not in", ast.Eq: "=="}.get(type(op))
            if opname == "==" and reply_ref(left):
                left, right = right, left
            if opname and const(left) is not None and reply_ref(right):
                out.append((opname, const(left), *reply_ref(right)))
        elif name in ("assertIn", "assertNotIn") and len(args) == 2 and const(args[0]) is not None \
                and reply_ref(args[1]):
            out.append(("in" if name == "assertIn" else "not in", const(args[0]), *reply_ref(args[1])))
    return mail, langs, out


def mpr_cases(gitdir, w):
    commit = git(gitdir, "rev-parse", "HEAD").decode().strip()
    by_mail = {}
    for path in ("test/test_email_reply_parser.py", "test_danish_improvements.py"):
        tree = ast.parse(git(gitdir, "show", f"HEAD:{path}").decode("utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef) and fn.name.startswith("test_"):
                mail, langs, asserts = mpr_assertions(fn)
                if not mail or not asserts:
                    continue
                entry = by_mail.setdefault(mail, {"langs": langs, "tests": [], "exact": None, "checks": []})
                entry["tests"].append(f"alfonsrv/mail-parser-reply::{fn.name}")
                for op, text, k, field in asserts:
                    if k == 0 and field == "body" and op == "==":
                        entry["exact"] = text
                    elif k == 0 and field == "body":
                        entry["checks"].append({"op": "contains" if op == "in" else "not_contains",
                                                "value": text, "source": fn.name})
                    elif op == "in" and (k > 0 or field == "signatures"):
                        # Quoted history or the signature: not part of the new text.
                        entry["checks"].append({"op": "not_contains", "value": text, "source": fn.name})
    for mail, e in sorted(by_mail.items()):
        if e["exact"] is None and not e["checks"]:
            continue
        path = f"test/emails/{mail}.txt"
        body = git(gitdir, "show", f"HEAD:{path}").decode("utf-8")
        seen, checks = set(), []
        for c in e["checks"]:
            # A later reply's text that also occurs elsewhere in the mail ("Hej") says nothing
            # about the new text: only a text found once in the mail makes a not-contains check.
            if c["op"] == "not_contains" and body.count(c["value"]) != 1:
                continue
            if (c["op"], c["value"]) not in seen:
                seen.add((c["op"], c["value"]))
                checks.append(c)
        exp = {"kind": "reply", "reply_text": e["exact"], "checks": checks, "forwarded": None,
               "reply_basis": "asserted_visible_text" if e["exact"] is not None else None,
               "tags": ["lang:" + l for l in e["langs"] if l]}
        if e["exact"] is not None:
            exp["reply_text_accept"] = [e["exact"]]
        w.add(wrap(body), exp, {"repo": "alfonsrv/mail-parser-reply", "commit": commit, "path": path,
                                "group": "mpr-" + (e["langs"][0] if e["langs"] else "en"), "license": "MIT"},
              e["tests"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--talon")
    ap.add_argument("--mpr")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    if a.talon:
        w = Writer(a.out, "talon")
        talon_cases(gitdir_of(a.talon), w)
        w.close()
    if a.mpr:
        w = Writer(a.out, "mpr")
        mpr_cases(gitdir_of(a.mpr), w)
        w.close()


if __name__ == "__main__":
    main()
