#!/usr/bin/env bash
# Times `clv fit`, `clv predict` and the bridge to the article's value and projection
# (`clv value --model`, `clv project --model`) on a synthetic summary of N customers (default
# 1,000,000), whole process (read CSV, fit or forecast, write), with /usr/bin/time -v.
#
#   bench/run-models.sh [--continuous] [N] [path/to/clv]
#
# By default times are whole days (as in any summary of a daily log, so customers share rows);
# --continuous makes nearly every row distinct, the worst case for the fitters.
#
# Targets: BG/NBD fit < 1 s, Pareto/NBD fit < 3 s, predict (BG/NBD + Gamma-Gamma) < 1 s.
# The summary's times are weeks (it does not say so: the bridge gets --unit weeks).
set -euo pipefail
source "$(dirname "$0")/common.sh"
variant=days
generator_options=()
if [[ "${1:-}" == --continuous ]]; then
  variant=continuous
  generator_options=(--continuous)
  shift
fi
bench_arguments models 1000000 "$@"
summary="$work/summary-$customers-$variant.csv"
generate "$summary" python3 "$root/bench/gen_summary.py" "${generator_options[@]}" "$customers"

run() {  # label command...
  local log="$work/time.log"
  /usr/bin/time -v "${@:2}" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$log")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
  printf '| %s | %s | %s | %s MiB |\n' "$1" "$wall" "$cpu" "$rss"
}

echo "clv $("$clv" --version | awk '{print $2}'), $customers customers ($variant), $(nproc) cores"
printf '| step | wall (m:ss) | user+sys (s) | max RSS |\n|---|---:|---:|---:|\n'
run "fit bgnbd" "$clv" fit "$summary" --model bgnbd --save "$work/bgnbd.json"
run "fit pnbd" "$clv" fit "$summary" --model pnbd --save "$work/pnbd.json"
run "fit mbgnbd" "$clv" fit "$summary" --model mbgnbd --save "$work/mbgnbd.json"
run "fit gg" "$clv" fit "$summary" --model gg --save "$work/gg.json"
run "predict bgnbd (-f csv)" "$clv" predict "$summary" --model "$work/bgnbd.json" --horizon 52 -f csv
run "predict bgnbd+gg (-f csv)" "$clv" predict "$summary" --model "$work/bgnbd.json" --spend-model "$work/gg.json" \
  --horizon 52 -f csv
run "predict pnbd+gg (-f csv)" "$clv" predict "$summary" --model "$work/pnbd.json" --spend-model "$work/gg.json" \
  --horizon 52 -f csv
run "predict bgnbd+gg, 13 discounted periods" "$clv" predict "$summary" --model "$work/bgnbd.json" \
  --spend-model "$work/gg.json" --horizon 52 --period 4 --discount-rate 0.01 -f csv
for model in bgnbd pnbd; do
  run "value --model $model+gg (-f csv -o)" "$clv" value "$summary" --model "$work/$model.json" \
    --spend-model "$work/gg.json" --unit weeks -f csv -o "$work/value-out.csv"
  run "project --model $model+gg, 5 years (-f csv -o)" "$clv" project "$summary" --model "$work/$model.json" \
    --spend-model "$work/gg.json" --unit weeks -f csv -o "$work/project-out.csv"
done
