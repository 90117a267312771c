#!/usr/bin/env bash
# Times `clv value` on 1 million formula customers or `clv project` on 200k ledger customers x 5
# years (with referral trees), with /usr/bin/time -v (wall clock, peak RSS).
#   bench/run.sh value|project|rfm [N]    (rfm: a log of N rows in date order; FORMAT=table to
#                                          time the default table output instead of csv)
# RUNS=5 bench/run.sh value repeats the timing (wall times vary on a shared machine; report the
# spread).
# Builds the release binary if needed; data goes to build/bench/ (generated once per N).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-value}
clv=$root/build/release/clv
if [[ ! -x $clv ]]; then
  (cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release --target clv -j2)
fi
data=$root/build/bench
mkdir -p "$data"
case $what in
  value)
    n=${2:-1000000}
    input=$data/formula-$n.csv
    [[ -s $input ]] || python3 "$root/bench/gen_customers.py" formula "$n" >"$input"
    args=(value "$input" --format csv -o "$data/value-out.csv")
    ;;
  project)
    n=${2:-200000}
    input=$data/ledger-$n.csv
    [[ -s $input ]] || python3 "$root/bench/gen_customers.py" ledger "$n" 5 >"$input"
    args=(project "$input" --format csv -o "$data/project-out.csv")
    ;;
  rfm)
    # Issue 11's case: a 5M-row log in date order, 1.8M customers (N = rows; customers = 0.36 N).
    n=${2:-5000000}
    input=$data/log-date-$n.csv
    [[ -s $input ]] || python3 "$root/bench/gen_transactions.py" --customers $((n * 36 / 100)) --rows "$n" \
      --order date -o "$input"
    args=(rfm "$input" -f "${FORMAT:-csv}" -o "$data/rfm-out.csv")
    ;;
  *) echo "usage: bench/run.sh value|project|rfm [N]" >&2; exit 64 ;;
esac
echo "input: $input ($(du -h "$input" | cut -f1))"
echo "command: clv ${args[*]}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((run = 1; run <= ${RUNS:-1}; ++run)); do
  /usr/bin/time -v "$clv" "${args[@]}" 2>"$data/time.txt"
  grep -E "Elapsed \(wall|Maximum resident|User time|System time" "$data/time.txt" | tr -s ' \t' ' ' | paste -sd ';'
done
