#!/usr/bin/env bash
# Fuzz `parse` for a while: `fuzz/run.sh [SECONDS]` (default 1800).
#
# Needs a nightly toolchain and cargo-fuzz (`rustup toolchain install nightly`,
# `cargo install cargo-fuzz`). The seeds are the development corpus's mails, copied next to the
# corpus libFuzzer grows in fuzz/corpus/parse (both ignored by git); a crash is written to
# fuzz/artifacts/parse/ and ends the run with a non-zero status.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-1800}"
seeds=fuzz/seeds/parse
mkdir -p "$seeds" fuzz/corpus/parse
for case in tests/corpus/dev/cases/*/; do
    cp "$case/input.eml" "$seeds/$(basename "$case").eml"
done
cp tests/mail/forwards/*.eml infra/examples/*.eml "$seeds/"
# -timeout: one input taking over 10 s is a hang (e.g. catastrophic backtracking), a failure.
exec cargo +nightly fuzz run parse fuzz/corpus/parse "$seeds" -- \
    -max_total_time="$seconds" -max_len=262144 -timeout=10 -print_final_stats=1
