#!/bin/sh
# Times `clv rank` on a generated file of per-customer values (default one million customers).
# Usage: bench/bench_rank.sh [CUSTOMERS] (from the project root, after a release build)
set -eu
customers=${1:-1000000}
clv=${CLV:-build/release/clv}
data=${TMPDIR:-/tmp}/clv_rank_values_$customers.csv
out=${TMPDIR:-/tmp}/clv_rank_out
[ -f "$data" ] || python3 bench/gen_values.py --customers "$customers" --seed 1 > "$data"
echo "input: $data ($(wc -c < "$data") bytes, $customers customers); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for args in "--top 20" "-f csv -o $out.csv" "-f json -o $out.json" "--show tiers" "--show curve -f csv" \
            "--chart --width 80" "--top 20 --report $out.html" "-f table -o $out.txt"; do
  /usr/bin/time -f "%e s elapsed  %U s user  %S s sys  %M KB max RSS  clv rank FILE $args" \
    "$clv" rank "$data" $args > /dev/null
done
