#!/usr/bin/env bash
# A simulated month for one pair in local mode: `mentormail tick --at` every hour from enrolment
# (Thu 15 Oct 2026) to Wed 18 Nov 2026, across the end of DST in London (25 Oct), with the mentee
# replying now and then through `mentormail ingest --now`. Prints what was sent when (local time
# of the recipient), the replies, and the final timeline.
#
# Usage: infra/simulate-month.sh [PATH-TO-mentormail-BINARY]
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-${CARGO_TARGET_DIR:-$repo_root/target}/debug/mentormail}
data=$(mktemp -d "${TMPDIR:-/tmp}/mentormail-month.XXXXXX")
trap 'rm -rf "$data"' EXIT
export MENTORMAIL_DATA=$data MENTORMAIL_TOKEN_SECRET=simulation-secret MENTORMAIL_DOMAIN=mentor.example.org
mm() { "$bin" "$@"; }

mm --now 2026-10-15T10:00:00Z enrol --mentor maya.chen@example.org --mentor-name "Maya Chen" \
    --mentee sam.rivera@example.org --mentee-name "Sam Rivera" --time-zone Europe/London \
    --cadence days:mon,thu --at 09:00

# reply SUBJECT-PATTERN AT TEXT: answer the newest outbox mail whose subject matches.
reply() {
    local pattern=$1 at=$2 text=$3 file reply_to n
    file=$(grep -l "^Subject: .*$pattern" "$data"/outbox/*.eml | tail -n 1)
    reply_to=$(grep -m1 '^Reply-To:' "$file" | sed 's/.*<\(.*\)>.*/\1/')
    n=$((n_replies = ${n_replies:-0} + 1))
    printf 'From: Sam Rivera <sam.rivera@example.org>\r\nTo: %s\r\nSubject: Re: reply %s\r\nMessage-ID: <sim-%s@mail.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n' \
        "$reply_to" "$n" "$n" "$text" >"$data/reply-$n.eml"
    printf '%s  REPLY to "%s": %s\n        -> %s\n' "$at" "$pattern" "$(printf '%s' "$text" | head -n 1)" \
        "$(mm --now "$at" ingest "$data/reply-$n.eml")"
}

declare -A replies=(
    [2026-10-15T12]='welcome|- Run five discovery interviews by 30 Oct
- Own the pricing page by end of November
- Learn SQL'
    [2026-10-19T18]='reflection #1|Good start. Shadowed a sales call.
Decision: drop the enterprise tier from v1'
    [2026-10-23T10]='due soon|Done!'
    [2026-11-03T08]='reflection #5|pause until 9 Nov'
    [2026-11-09T12]='reflection #6|Back from holiday. Presented the pricing draft to the team.'
)

hour=$(date -u -d 2026-10-15T11:00:00Z +%s)
end=$(date -u -d 2026-11-18T23:00:00Z +%s)
while ((hour <= end)); do
    at=$(date -u -d "@$hour" +%Y-%m-%dT%H:%M:%SZ)
    mm tick --at "$at" | grep '^sent' | sed "s/^/$at  /" || true
    key=${at:0:13}
    if [[ -n "${replies[$key]:-}" ]]; then
        reply "${replies[$key]%%|*}" "$at" "${replies[$key]#*|}"
    fi
    hour=$((hour + 3600))
done
echo
mm --now 2026-11-18T23:00:00Z timeline sam.rivera@example.org
