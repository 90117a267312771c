#!/usr/bin/env bash
# clv segment with the discrete-time models values the customers as clv value does: for sBG
# contracts and BG/BB opportunities, each segment's customers, total value and referral income
# are the sums of clv value's own_net_income and referral_net_income over the customers that
# --attributes puts in the segment (summed here with awk, in file order as clv sums them, so the
# doubles must agree exactly), and the total row is the sum over everyone.
set -u
clv=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The contracts' channels, with the referrers of examples/contracts-attributes.csv, so that
# referral income is in play (a referred customer's sales count once, in its own segment).
{
  echo "customer_id,channel,acquisition_cost,referred_by"
  tail -n +2 examples/contracts-channels.csv | awk -F, '{
    referrer = ($1 == "K009" || $1 == "K013") ? "K026" : ($1 == "K036" ? "K018" : "")
    print $0 "," referrer }'
} >"$dir/contracts-attributes.csv"

check() {  # check NAME ATTRIBUTES COLUMN MODEL-ARGS...
  local name=$1 attributes=$2 column=$3
  shift 3
  "$clv" value "$@" --attributes "$attributes" --sort input --format csv >"$dir/value.csv" \
    || { echo "$name: clv value failed"; return 1; }
  "$clv" segment "$@" --attributes "$attributes" --by "$column" --format csv >"$dir/segment.csv" \
    || { echo "$name: clv segment failed"; return 1; }
  awk -F, -v name="$name" -v column="$column" '
    FILENAME == ARGV[1] && FNR == 1 { for (i = 1; i <= NF; ++i) if ($i == column) by = i; next }
    FILENAME == ARGV[1] { segment[$1] = $by == "" ? "(none)" : $by; next }
    FILENAME == ARGV[2] && FNR == 1 {
      for (i = 1; i <= NF; ++i) { if ($i == "own_net_income") own = i; if ($i == "referral_net_income") ref = i }
      next }
    FILENAME == ARGV[2] {
      s = segment[$1]; count[s] += 1; value[s] += $own; referral[s] += $ref
      all_count += 1; all_value += $own; all_referral += $ref; next }
    FNR == 1 { next }
    {
      rows += 1
      if ($1 == "(all)") { c = all_count; v = all_value; r = all_referral } else { c = count[$1]; v = value[$1]; r = referral[$1] }
      if ($2 != c || $3 + 0 != v || $10 + 0 != r) {
        printf "%s: segment %s: %s customers, total_value %s, referral_income %s; clv value gives %d, %.17g, %.17g\n",
               name, $1, $2, $3, $10, c, v, r
        bad = 1
      }
      if ($1 != "(all)") segments += 1
    }
    END {
      n = 0; for (s in count) n += 1
      if (segments != n) { printf "%s: %d segments, clv value'"'"'s customers fall in %d\n", name, segments, n; bad = 1 }
      if (all_count == 0) { printf "%s: no customers\n", name; bad = 1 }
      exit bad }
  ' "$attributes" "$dir/value.csv" "$dir/segment.csv"
}

status=0
check sbg "$dir/contracts-attributes.csv" channel examples/contracts.csv --model examples/retention-sbg.json \
  --revenue 100 --discount-rate 0.1 --margin 0.8 --service-cost 5 || status=1
check bgbb examples/donors-campaigns.csv campaign examples/donors.csv --model examples/donors-bgbb.json \
  --average-purchase 50 --year-length 2 --years 3 || status=1
check bgbb_spend examples/donors-campaigns.csv campaign examples/donors-amounts.csv \
  --model examples/donors-bgbb.json --spend-model examples/donors-gg.json || status=1
[[ $status -eq 0 ]] && echo "segment totals of sBG and BG/BB agree with clv value"
exit $status
