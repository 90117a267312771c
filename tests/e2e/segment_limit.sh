#!/usr/bin/env bash
# More than 10,000 segments are refused (exit 65, naming --top) unless --top N picks the best N.
set -u
clv=$1
file=$(mktemp --suffix=.csv) out=$(mktemp) err=$(mktemp)
trap 'rm -f "$file" "$out" "$err"' EXIT
{
  echo "id,transactions,average_purchase,region"
  for i in $(seq 1 10001); do echo "c$i,1,$i,r$i"; done
} >"$file"
"$clv" segment "$file" --by region >"$out" 2>"$err"
code=$?
[[ $code -eq 65 ]] || { echo "exit $code, expected 65"; cat "$err"; exit 1; }
grep -q "10001 segments, more than 10000" "$err" && grep -q -- "--top N" "$err" \
  || { echo "message does not name the count and --top:"; cat "$err"; exit 1; }
[[ ! -s $out ]] || { echo "standard output not empty"; exit 1; }
"$clv" segment "$file" --by region --top 2 --format csv >"$out" 2>"$err" || { cat "$err"; exit 1; }
# The best two segments (values 10001 and 10000), then the total of all 10,001 customers:
# 1 + 2 + ... + 10001 = 50,015,001.
expected=$'segment,customers,total_value,share,mean_value,median_value,mean_acquisition_cost,ltv_to_cac,payback_year,referral_income'
[[ $(head -1 "$out") == "$expected" ]] || { echo "header: $(head -1 "$out")"; exit 1; }
[[ $(sed -n 2p "$out" | cut -d, -f1,3) == "r10001,10001" ]] || { echo "row 1: $(sed -n 2p "$out")"; exit 1; }
[[ $(sed -n 3p "$out" | cut -d, -f1,3) == "r10000,10000" ]] || { echo "row 2: $(sed -n 3p "$out")"; exit 1; }
[[ $(sed -n 4p "$out" | cut -d, -f1-3) == "(all),10001,50015001" ]] || { echo "total: $(sed -n 4p "$out")"; exit 1; }
echo "segment limit ok"
