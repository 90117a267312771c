#!/usr/bin/env bash
# Outputs chain: what one clv command writes (csv, tsv) is read by the next, through a pipe, and
# gives what the next command computes from the original input itself. Each chain is compared
# with that direct computation, byte for byte where the numbers pass through whole.
# Usage: tests/e2e/chains.sh path/to/clv   (run from the repository root)
set -euo pipefail
clv=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=examples/transactions.csv
failures=0
check() {  # name, expected file, actual file
  if cmp -s "$2" "$3"; then
    echo "ok: $1"
  else
    echo "FAILED: $1"; diff "$2" "$3" | head -20 || true; failures=$((failures + 1))
  fi
}
# Models in days, so that the summary clv rfm writes (whole days) is exactly the one the
# commands make from the log in memory.
"$clv" fit $log --model bgnbd --unit days --threads 1 --save "$tmp/m.json" -f csv >/dev/null
"$clv" fit $log --model gg --unit days --threads 1 --save "$tmp/gg.json" -f csv >/dev/null
models=(--model "$tmp/m.json" --spend-model "$tmp/gg.json")

# rfm -> fit
"$clv" fit $log --model bgnbd --unit days --threads 1 -f csv >"$tmp/direct"
"$clv" rfm $log -f csv | "$clv" fit - --model bgnbd --unit days --threads 1 -f csv >"$tmp/chain"
check "rfm | fit" "$tmp/direct" "$tmp/chain"

# rfm -> predict (tsv this time: the delimiter is read from the header)
"$clv" predict $log "${models[@]}" --horizon 365 -f csv >"$tmp/direct"
"$clv" rfm $log -f tsv | "$clv" predict - "${models[@]}" --horizon 365 -f csv >"$tmp/chain"
check "rfm | predict" "$tmp/direct" "$tmp/chain"

# rfm -> fit, through JSON
"$clv" fit $log --model bgnbd --unit days --threads 1 -f csv >"$tmp/direct"
"$clv" rfm $log -f json | "$clv" fit - --model bgnbd --unit days --threads 1 -f csv >"$tmp/chain"
check "rfm -f json | fit" "$tmp/direct" "$tmp/chain"

# rfm -> at-risk
"$clv" at-risk $log "${models[@]}" --horizon 365 -f csv >"$tmp/direct"
"$clv" rfm $log -f csv | "$clv" at-risk - "${models[@]}" --horizon 365 -f csv >"$tmp/chain"
check "rfm | at-risk" "$tmp/direct" "$tmp/chain"

# rfm -> value --model
"$clv" value $log "${models[@]}" --attributes examples/attributes.csv -f csv >"$tmp/direct"
"$clv" rfm $log -f csv | "$clv" value - "${models[@]}" --attributes examples/attributes.csv -f csv >"$tmp/chain"
check "rfm | value --model" "$tmp/direct" "$tmp/chain"

# rfm --calibration-end -> diagnose
"$clv" diagnose $log --model "$tmp/m.json" --calibration-end 2024-12-31 -f csv >"$tmp/direct"
"$clv" rfm $log --calibration-end 2024-12-31 -f csv | "$clv" diagnose - --model "$tmp/m.json" -f csv >"$tmp/chain"
check "rfm --calibration-end | diagnose" "$tmp/direct" "$tmp/chain"

# tsv output reads back whatever the ids hold (quotes anywhere, commas, semicolons, pipes): the
# summary written as tsv and read again gives the same forecasts, ids included, as the log.
printf '%s\n' 'customer_id,date,amount' '"A""1",2024-01-05,10' '"A""1",2024-03-01,12' '"""q""",2024-01-09,5' \
  '"""q""",2024-02-10,7' '"x, y",2024-02-01,8' 'semi;colon,2024-01-20,9' 'semi;colon,2024-04-02,3' \
  '|pipe|,2024-03-03,4' '"""",2024-01-15,6' '"""",2024-05-01,6' 'plain,2024-06-30,20' >"$tmp/tricky.csv"
"$clv" predict "$tmp/tricky.csv" "${models[@]}" --horizon 365 -f csv >"$tmp/direct"
"$clv" rfm "$tmp/tricky.csv" -f tsv >"$tmp/tricky.tsv"
"$clv" predict "$tmp/tricky.tsv" "${models[@]}" --horizon 365 -f csv >"$tmp/chain"
check "rfm -f tsv (tricky ids) -> predict" "$tmp/direct" "$tmp/chain"
"$clv" rfm "$tmp/tricky.csv" -f tsv | "$clv" predict - -t "${models[@]}" --horizon 365 -f csv >"$tmp/chain"
check "rfm -f tsv (tricky ids) | predict -t" "$tmp/direct" "$tmp/chain"
grep -q 'semi;colon' "$tmp/direct" && grep -q '"A""1"' "$tmp/direct" || { echo "FAILED: tricky ids missing"; failures=$((failures + 1)); }

# The customers of a ranking, as "customer_id value" lines in rank order.
ranked() { awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next } NF > 1 && $1 ~ /^[0-9]+$/ { print $col["customer_id"], $col["value"] }'; }

# value -> rank --values: the same customers in the same order with the same values as ranking
# the customer file itself.
"$clv" rank examples/customers.csv -f csv | ranked >"$tmp/direct"
"$clv" value examples/customers.csv -f csv | "$clv" rank --values - -f csv | ranked >"$tmp/chain"
check "value | rank --values" "$tmp/direct" "$tmp/chain"

# value -> rank --values, every column: value writes referral_net_income, which rank reads as
# its referral_income, so the whole ranking is the one of the customer file itself.
"$clv" rank examples/customers.csv -f csv >"$tmp/direct"
"$clv" value examples/customers.csv -f csv | "$clv" rank --values - -f csv >"$tmp/chain"
check "value | rank --values, referral income included" "$tmp/direct" "$tmp/chain"
# The article's software vendor H, by hand: A's referral income is what R1..R4 bring,
# 2,750 + 2,250 + 1,550 + 1,550 = 8,100; A's value 5,950 - 850 - 400 + 8,100 = 12,800; the top 20%
# tier is A alone; the next 30% R1 and R2 (5,000, mean 2,500), the rest R3 and R4 (3,100).
cat >"$tmp/direct" <<'END'
tier,rule,customers,total_value,share_of_value,mean_value,mean_acquisition_cost,mean_referral_income
1,top 20%,1,12800,0.6124401913875598,12800,850,8100
2,next 30%,2,5000,0.23923444976076555,2500,0,0
3,rest 50%,2,3100,0.14832535885167464,1550,0,0
END
"$clv" value examples/h-software.json -f tsv | "$clv" rank --values - --show tiers -f csv >"$tmp/chain"
check "value -f tsv | rank --values --show tiers (vendor H by hand)" "$tmp/direct" "$tmp/chain"

# predict -> rank --values: predict's clv column, sorted by value (ties by id), is the ranking.
"$clv" predict $log "${models[@]}" --horizon 365 -f csv >"$tmp/predicted"
awk -F, 'NR > 1 && NF == 5 { print $1, $5 }' "$tmp/predicted" | sort -k2,2gr -k1,1 >"$tmp/direct"
"$clv" rank --values "$tmp/predicted" -f csv | ranked >"$tmp/chain"
check "predict | rank --values (from a file)" "$tmp/direct" "$tmp/chain"
"$clv" predict $log "${models[@]}" --horizon 365 -f csv | "$clv" rank --values - -f csv | ranked >"$tmp/chain"
check "predict | rank --values (pipe)" "$tmp/direct" "$tmp/chain"

"$clv" predict $log "${models[@]}" --horizon 365 -f json | "$clv" rank --values - -f csv | ranked >"$tmp/chain"
check "predict -f json | rank --values" "$tmp/direct" "$tmp/chain"
"$clv" value examples/customers.csv -f json | "$clv" rank --values - -f csv | ranked >"$tmp/chain"
"$clv" rank examples/customers.csv -f csv | ranked >"$tmp/direct"
check "value -f json | rank --values" "$tmp/direct" "$tmp/chain"

# /dev/stdin and process substitution read like files.
"$clv" value examples/customers.csv -f csv >"$tmp/direct"
"$clv" value /dev/stdin -f csv <examples/customers.csv >"$tmp/chain"
check "value /dev/stdin" "$tmp/direct" "$tmp/chain"
"$clv" value <(cat examples/customers.csv) -f csv >"$tmp/chain"
check "value <(...)" "$tmp/direct" "$tmp/chain"
cat examples/customers.csv | "$clv" value /dev/stdin -f csv >"$tmp/chain"
check "cat | value /dev/stdin (a pipe)" "$tmp/direct" "$tmp/chain"
"$clv" rfm examples/transactions.csv -f csv >"$tmp/direct"
cat examples/transactions.csv | "$clv" rfm /dev/stdin -f csv >"$tmp/chain"
check "cat | rfm /dev/stdin (a pipe)" "$tmp/direct" "$tmp/chain"
"$clv" at-risk examples/summary.csv --model examples/bgnbd.json -f csv >"$tmp/direct"
"$clv" at-risk <(cat examples/summary.csv) --model examples/bgnbd.json -f csv >"$tmp/chain"
check "at-risk <(...)" "$tmp/direct" "$tmp/chain"

# report: its headline counts every customer at risk, as clv at-risk lists them without --top,
# however few the report lists.
models_w=(--model examples/transactions-bgnbd.json --spend-model examples/transactions-gg.json)
"$clv" at-risk $log "${models_w[@]}" --margin 0.3 -f json |
  sed -n 's/.*"summary":{"customers":\([0-9]*\),"value_at_stake":\([0-9.e+-]*\)}.*/\1 \2/p' |
  awk '{ printf "%d customers at risk %.2f at stake\n", $1, $2 }' >"$tmp/direct"
"$clv" report $log "${models_w[@]}" --margin 0.3 --at-risk-top 3 --generated x -o "$tmp/report.html"
sed -n 's/.*Win back before they are gone: \(.*\)<\/h3>.*/\1/p' "$tmp/report.html" | tr -d , >"$tmp/chain"
check "report's at-risk headline = at-risk over all" "$tmp/direct" "$tmp/chain"

[ $failures -eq 0 ] && echo "every chain holds"
exit $failures
