#!/usr/bin/env bash
# -o NAME.gz writes gzip: the format from the name before .gz, the same bytes as without
# compression once decompressed, the same compressed bytes on every run (no time stamp), read
# back by the next command; a failure leaves an existing .gz file as it was.
set -u
clv=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

"$clv" value examples/customers.csv -f csv >"$dir/plain.csv" || fail "clv value -f csv"
"$clv" value examples/customers.csv -o "$dir/out.csv.gz" || fail "clv value -o out.csv.gz"
[[ $(head -c 2 "$dir/out.csv.gz" | od -An -tx1 | tr -d ' ') == 1f8b ]] || fail "out.csv.gz is not gzip"
gzip -dc "$dir/out.csv.gz" | cmp -s - "$dir/plain.csv" || fail "out.csv.gz does not decompress to the csv output"
cp "$dir/out.csv.gz" "$dir/first.gz"
"$clv" value examples/customers.csv -o "$dir/out.csv.gz" || fail "second run"
cmp -s "$dir/out.csv.gz" "$dir/first.gz" || fail "two runs wrote different .gz bytes"
"$clv" value examples/customers.csv -o "$dir/OUT.JSON.GZ" || fail "clv value -o OUT.JSON.GZ"
gzip -dc "$dir/OUT.JSON.GZ" | cmp -s - <("$clv" value examples/customers.csv -f json) ||
  fail "OUT.JSON.GZ is not the json output, compressed"
"$clv" rank --values "$dir/out.csv.gz" -f csv >"$dir/ranked.csv" || fail "rank --values out.csv.gz"
"$clv" rank --values "$dir/plain.csv" -f csv | cmp -s - "$dir/ranked.csv" || fail "the .gz reads back differently"
# A failing run (a missing input) leaves the existing file untouched.
"$clv" value "$dir/missing.csv" -o "$dir/out.csv.gz" 2>/dev/null && fail "a missing input succeeded"
cmp -s "$dir/out.csv.gz" "$dir/first.gz" || fail "a failed run changed out.csv.gz"
exit $failed
