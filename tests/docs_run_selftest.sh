#!/usr/bin/env bash
# tests/docs_run.py must catch what it is for: a command that fails, a command that exits with
# another code than its `# exits N`, a `\` continuation, a missing page and a missing anchor,
# each with FILE:LINE; and let pass what is right.
# Usage: tests/docs_run_selftest.sh path/to/clv
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$("$here/docs_run.py" "$1" "$here/data/docs/broken.md" 2>&1)
status=$?
failures=0
expect() { grep -qF -- "$1" <<<"$out" || { echo "FAIL: the report lacks: $1"; failures=$((failures + 1)); }; }
[ $status -eq 1 ] || { echo "FAIL: exit $status, expected 1"; failures=$((failures + 1)); }
expect "tests/data/docs/broken.md:6: clv value examples/no-such-file.csv"
expect "exit 66 (expected 0)"
expect "no-such-file.csv: cannot open input"
expect "tests/data/docs/broken.md:10: clv frobnicate --now"
expect "exit 64 (expected 0)"
expect "tests/data/docs/broken.md:17: link to 'no-such-page.md'"
expect "tests/data/docs/broken.md:17: link to '#nowhere'"
expect "docs: 4 commands run, 4 failure(s)"
grep -q ":8: \|:14: \|wrong-on-purpose'" <<<"$out" && { echo "FAIL: a right command or link was reported"; failures=$((failures + 1)); }
[ $failures -eq 0 ] && echo "docs_run catches every planted mistake" || echo "$out"
exit $((failures > 0))
