#!/bin/sh
# Times `clv rank` on generated customer records (formula customers, ~10% referred; default one
# million) and on a file of precomputed values (--values).
# Usage: bench/bench_rank.sh [CUSTOMERS] (from the project root, after a release build)
set -eu
customers=${1:-1000000}
clv=${CLV:-build/release/clv}
records=${TMPDIR:-/tmp}/clv_rank_customers_$customers.csv
values=${TMPDIR:-/tmp}/clv_rank_values_$customers.csv
out=${TMPDIR:-/tmp}/clv_rank_out
[ -f "$records" ] || python3 bench/gen_customers.py formula "$customers" > "$records"
[ -f "$values" ] || python3 bench/gen_values.py --customers "$customers" --seed 1 > "$values"
echo "input: $records ($(wc -c < "$records") bytes, $customers customers); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for args in "--top 20" "-f csv -o $out.csv" "--show tiers" "--show curve -f csv" "--chart --ascii --width 80" \
            "--referrals direct --top 20"; do
  /usr/bin/time -f "%e s elapsed  %U s user  %S s sys  %M KB max RSS  clv rank FILE $args" \
    "$clv" rank "$records" $args > /dev/null
done
/usr/bin/time -f "%e s elapsed  %U s user  %S s sys  %M KB max RSS  clv rank --values VALUES --top 20" \
  "$clv" rank --values "$values" --top 20 > /dev/null
/usr/bin/time -f "%e s elapsed  %U s user  %S s sys  %M KB max RSS  clv report FILE -o $out.html" \
  "$clv" report "$records" -o "$out.html"
