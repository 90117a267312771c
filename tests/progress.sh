#!/usr/bin/env bash
# The progress line: shown on a terminal for work over a second, never in a pipe or a file,
# never under CI, not with -q. A log arrives in two halves a second and a half apart, so the
# read takes that long whatever the machine; `script` gives clv a terminal for standard error.
# Usage: tests/progress.sh path/to/clv
source "$(dirname "$0")/lib.sh"

# 100,000 purchase rows per half (progress is told every 65,536 rows).
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "C%d,2024-%02d-%02d,%d.5\n", i % 5000, 1 + i % 12, 1 + i % 28, i % 90 }' >half.csv
cat >slow-log.sh <<'SCRIPT'
#!/usr/bin/env bash
echo customer_id,date,amount; cat half.csv; sleep 1.5; cat half.csv
SCRIPT
chmod +x slow-log.sh
unset CI

# A terminal on stderr: the line appears, and is cleared at the end.
tty_output=$(script -qec "./slow-log.sh | '$clv' rfm - >/dev/null" /dev/null)
grep -q "clv: reading <stdin>: [0-9,]* rows" <<<"$tty_output" \
  || fail "no progress line on a terminal (got: $(tr '\r\033' '|^' <<<"$tty_output"))"

# A pipe or a file on stderr: nothing at all.
./slow-log.sh | "$clv" rfm - 2>&1 >/dev/null | cat >piped.txt
[ -s piped.txt ] && fail "stderr in a pipe got: $(tr '\r\033' '|^' <piped.txt)"
./slow-log.sh | "$clv" rfm - >/dev/null 2>file.txt
[ -s file.txt ] && fail "stderr to a file got: $(tr '\r\033' '|^' <file.txt)"

# Under CI, or with -q, nothing on a terminal either.
ci_output=$(CI=true script -qec "./slow-log.sh | '$clv' rfm - >/dev/null" /dev/null)
grep -q "clv: reading" <<<"$ci_output" && fail "progress shown under CI"
quiet_output=$(script -qec "./slow-log.sh | '$clv' rfm - -q >/dev/null" /dev/null)
grep -q "clv: reading" <<<"$quiet_output" && fail "progress shown with -q"

[ $failures -eq 0 ] && echo "progress: on a terminal only, never in a pipe, a file, under CI or with -q"
exit $((failures > 0))
