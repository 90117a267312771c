#!/usr/bin/env bash
# Times the intervals (BENCHMARKS.md, "intervals") on a synthetic summary of N customers
# (default 100,000), whole process, with /usr/bin/time; prints the load average beside each run
# because the machine is shared and wall times depend on it (user time does not).
#
#   bench/run-interval.sh [N] [path/to/clv]
#
# Targets: predict --interval 0.9 (1,000 draws) <= 2 s; with --bootstrap 200 <= 20 s.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bench_arguments interval 100000 "$@"
summary="$work/summary-$customers.csv"
generate "$summary" python3 "$root/bench/gen_summary.py" "$customers"
[[ -s "$work/bg.json" ]] || "$clv" fit "$summary" --model bgnbd --unit weeks --save "$work/bg.json" >/dev/null

run() {  # label command...
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "| $1 | %e s | %U s | $load | %M kB |" "${@:2}" >/dev/null
}

echo "| command | wall | user | load | max RSS |"
echo "|---|---:|---:|---:|---:|"
for _ in 1 2 3; do
  run "predict --interval 0.9" "$clv" predict "$summary" --model "$work/bg.json" --horizon 52 --interval 0.9 -f csv
done
run "predict --interval 0.9 --threads 1" "$clv" predict "$summary" --model "$work/bg.json" --horizon 52 \
  --interval 0.9 --threads 1 -f csv
run "predict --interval 0.9 --bootstrap 200" "$clv" predict "$summary" --model "$work/bg.json" --horizon 52 \
  --interval 0.9 --bootstrap 200 -f csv
run "value --interval 0.9" "$clv" value "$summary" --model "$work/bg.json" --unit weeks --interval 0.9 -f csv
