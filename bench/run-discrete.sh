#!/usr/bin/env bash
# Times `clv fit --model bgbb` on N synthetic customers with 10 opportunities each and
# `clv fit --model sbg` on N synthetic contracts (default 1,000,000; bench/gen_discrete.py),
# whole process (read CSV, fit with standard errors, print), 5 runs each, with /usr/bin/time.
#
#   bench/run-discrete.sh [N] [path/to/clv]
#
# Targets: each fit <= 0.5 s.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bench_arguments discrete 1000000 "$@"
for model in bgbb sbg; do
  input="$work/$model-$customers.csv"
  generate "$input" python3 "$root/bench/gen_discrete.py" "$model" "$customers"
  for run in 1 2 3 4 5; do
    /usr/bin/time -f "| clv fit $model-$customers.csv --model $model | %e s | %U s | %S s | %M kB |" \
      "$clv" fit "$input" --model "$model" --format csv >/dev/null
  done
done 2>&1
