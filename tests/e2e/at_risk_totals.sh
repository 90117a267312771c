#!/usr/bin/env bash
# clv at-risk's summary counts every customer at risk, with or without --top: its customers and
# value at stake are the row count and the sum (largest first, as clv sums them, so the doubles
# must agree exactly) of the uncut list; with --top N, the listed customers and their value at
# stake are the first N rows'.
set -u
clv=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
args=(examples/summary.csv --model examples/bgnbd.json --spend-model examples/gg.json --margin 0.3)
"$clv" at-risk "${args[@]}" -f csv >"$dir/all.csv" || { echo "clv at-risk failed"; exit 1; }
"$clv" at-risk "${args[@]}" -f json >"$dir/all.json" || { echo "clv at-risk -f json failed"; exit 1; }
"$clv" at-risk "${args[@]}" --top 3 -f json >"$dir/top.json" || { echo "clv at-risk --top 3 failed"; exit 1; }
python3 - "$dir" <<'PY'
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(f"{d}/all.csv")))
stakes = [float(r["value_at_stake"]) for r in rows]
total = 0.0
for s in stakes:
    total += s
first3 = 0.0
for s in stakes[:3]:
    first3 += s
every = json.load(open(f"{d}/all.json"))["summary"]
top = json.load(open(f"{d}/top.json"))["summary"]
want_every = {"customers": len(rows), "value_at_stake": total}
want_top = dict(want_every, listed=3, listed_value_at_stake=first3)
failed = False
if len(rows) <= 3:
    print(f"the example has {len(rows)} customers at risk: --top 3 does not cut it"); failed = True
if every != want_every:
    print(f"without --top: summary {every}, expected {want_every}"); failed = True
if top != want_top:
    print(f"with --top 3: summary {top}, expected {want_top}"); failed = True
sys.exit(1 if failed else 0)
PY
