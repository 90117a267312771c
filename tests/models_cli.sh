#!/usr/bin/env bash
# End-to-end checks of `clv fit`, `clv predict` and `clv diagnose`: exit codes and messages for
# bad input, atomic model files, formats. Independent of ../shared.
#   tests/models_cli.sh [path/to/clv]        (default build/release/clv)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
clv="$(realpath "${1:-$root/build/release/clv}")"
[[ -x "$clv" ]] || { echo "models_cli.sh: $clv not built" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0

# expect CODE "stderr substring" command...
expect() {
  local code="$1" message="$2"
  shift 2
  "$@" >out.txt 2>err.txt
  local actual=$?
  if [[ $actual -ne $code ]] || { [[ -n "$message" ]] && ! grep -qF -- "$message" err.txt; }; then
    echo "FAIL: $* -> exit $actual (expected $code), stderr: $(cat err.txt)"
    failures=$((failures + 1))
  fi
}

# A small summary: 40 customers drawn by hand-picked patterns (whole weeks).
{
  echo "customer_id,frequency,recency,T,monetary_value"
  for i in $(seq 1 40); do
    x=$((i % 5)); t=$((20 + i % 13)); r=$((x == 0 ? 0 : t - (i % 7) - 1))
    m=$((x == 0 ? 0 : 10 + i % 9))
    echo "c$i,$x,$r,$t,$m"
  done
} >good.csv

expect 0 "" "$clv" fit good.csv --model bgnbd --unit weeks --save bg.json
expect 0 "" "$clv" fit good.csv --model gg --save gg.json
grep -q '"model": "bgnbd"' bg.json || { echo "FAIL: bg.json"; failures=$((failures + 1)); }
grep -q '"time_unit": "weeks"' bg.json || { echo "FAIL: bg.json unit"; failures=$((failures + 1)); }
for format in table csv tsv json markdown; do
  expect 0 "" "$clv" fit good.csv --model pnbd -f "$format"
  expect 0 "" "$clv" predict good.csv --model bg.json --spend-model gg.json --horizon 10 -f "$format"
done
"$clv" predict good.csv --model bg.json --horizon 10 -f csv >p1.csv
"$clv" predict good.csv --model bg.json --horizon 10 -f csv >p2.csv
cmp -s p1.csv p2.csv || { echo "FAIL: predict output not deterministic"; failures=$((failures + 1)); }
[[ $(wc -l <p1.csv) -eq 41 ]] || { echo "FAIL: predict rows"; failures=$((failures + 1)); }
[[ $(head -2 p1.csv | tail -1 | cut -d, -f1) == c1 ]] || { echo "FAIL: predict order"; failures=$((failures + 1)); }
"$clv" predict good.csv --model bg.json --spend-model gg.json --horizon 10 --top 3 -f csv >top.csv
[[ $(wc -l <top.csv) -eq 4 ]] || { echo "FAIL: --top 3"; failures=$((failures + 1)); }

# Bad summaries: exit 65 with file:line:column: field.
printf 'id,frequency,recency,T\n1,-1,0,5\n' >negative.csv
expect 65 "negative.csv:2:3: frequency: '-1' is negative" "$clv" fit negative.csv --model bgnbd
printf 'id,frequency,recency,T\n1,1,6,5\n' >late.csv
expect 65 "late.csv:2:5: recency: recency 6 is greater than T 5" "$clv" fit late.csv --model bgnbd
printf 'id,frequency,recency,T\n1,0,2,5\n' >zero.csv
expect 65 "zero.csv:2:5: recency: recency 2 with frequency 0" "$clv" fit zero.csv --model pnbd
printf 'id,frequency,recency,T\n1,0,0,5\n2,0,0,7\n' >none.csv
expect 65 "repeat purchase" "$clv" fit none.csv --model bgnbd
expect 65 "no customer has repeat purchases" "$clv" fit none.csv --model gg
printf 'id,x,t_x,T,zbar\n1,2,3,5,0\n' >nospend.csv
expect 65 "customer '1' has 2 repeat purchases but monetary_value 0" "$clv" fit nospend.csv --model gg
expect 65 "customer '1' has 2 repeat purchases but monetary_value 0" \
  "$clv" predict nospend.csv --model bg.json --spend-model gg.json --horizon 5
printf '' >empty.csv
expect 65 "empty.csv: summary is empty" "$clv" fit empty.csv --model bgnbd
printf 'customer_id,date,amount\nc1,2024-01-01,5\n' >log.csv
expect 65 "no customer has a repeat purchase" "$clv" fit log.csv --model bgnbd  # a log: summarised, then refused
printf 'id,frequency,recency,T\n1,1,2,5\n1,1,2,5\n' >dup.csv
expect 65 "dup.csv:3:1: id: duplicate customer id '1'" "$clv" fit dup.csv --model bgnbd
expect 66 "missing.csv" "$clv" fit missing.csv --model bgnbd

# Wrong model kinds and units: usage errors naming the file.
expect 64 "gg.json: is a Gamma-Gamma spend model" "$clv" predict good.csv --model gg.json --horizon 5
expect 64 "bg.json: is a bgnbd purchase model" "$clv" predict good.csv --model bg.json --spend-model bg.json --horizon 5
expect 64 "the model was fitted in weeks, but --unit says days" \
  "$clv" predict good.csv --model bg.json --horizon 5 --unit days
echo '{"clv_model": 1, "model": "bgnbd", "parameters": {"r": 1, "alpha": -2, "a": 1, "b": 1}}' >neg.json
expect 65 "neg.json: parameters.alpha: -2 is not positive" "$clv" predict good.csv --model neg.json --horizon 5
expect 65 "not a clv model file" "$clv" predict good.csv --model good.csv --horizon 5
expect 64 "--horizon: must be a number from 0 to 1000000, not '-1'" "$clv" predict good.csv --model bg.json --horizon -1
expect 64 "--model" "$clv" fit good.csv --model nbd
expect 64 "--penalizer: must be a number from 0 to 1000000, not '-1'" "$clv" fit good.csv --model bgnbd --penalizer -1

# A model file that cannot be written leaves nothing behind and prints nothing.
expect 73 "" "$clv" fit good.csv --model bgnbd --save no/such/dir/m.json
[[ ! -s out.txt ]] || { echo "FAIL: fit printed although the model was not saved"; failures=$((failures + 1)); }

# diagnose: needs the holdout columns.
{
  echo "customer_id,frequency_cal,recency_cal,T_cal,frequency_holdout,duration_holdout"
  for i in $(seq 1 40); do
    x=$((i % 5)); t=$((20 + i % 13)); r=$((x == 0 ? 0 : t - (i % 7) - 1))
    echo "c$i,$x,$r,$t,$((i % 3)),26"
  done
} >cal.csv
expect 0 "" "$clv" fit cal.csv --model bgnbd --save cal.json
expect 0 "" "$clv" diagnose cal.csv --model cal.json -f csv
[[ $(head -1 out.txt) == "frequency_cal,customers,actual_holdout,predicted_holdout,difference" ]] ||
  { echo "FAIL: diagnose header: $(head -1 out.txt)"; failures=$((failures + 1)); }
expect 65 "no holdout columns" "$clv" diagnose good.csv --model bg.json

# clv compare --penalty parameters fits what clv fit --penalty parameters fits (lifetimes'
# penalizer_coef), and differs from the default penalty on the log-parameters.
for penalty in parameters log-parameters; do
  expect 0 "" "$clv" fit "$root/examples/summary.csv" --model bgnbd --penalizer 0.01 --penalty "$penalty" -f json
  fitted=$(python3 -c 'import json,sys; print(*[round(p["estimate"], 9) for p in json.load(open("out.txt"))["parameters"]])')
  expect 0 "" "$clv" compare "$root/examples/summary.csv" --models pnbd,bgnbd --penalizer 0.01 --penalty "$penalty" -f json
  compared=$(python3 -c 'import json; print(*[round(v, 9) for v in json.load(open("out.txt"))["models"][1]["parameters"].values()])')
  [[ -n "$fitted" && "$fitted" == "$compared" ]] ||
    { echo "FAIL: compare --penalty $penalty gives $compared, fit gives $fitted"; failures=$((failures + 1)); }
  eval "estimates_${penalty//-/_}=\"\$fitted\""
done
[[ "$estimates_parameters" != "$estimates_log_parameters" ]] ||
  { echo "FAIL: --penalty parameters and log-parameters give the same estimates"; failures=$((failures + 1)); }
expect 64 "--penalty" "$clv" compare good.csv --unit weeks --penalty sideways

# clv report --compare shows what clv compare computes on the same log (the report summarises it
# in the model file's unit, weeks, with its penalizer, 0), holdout included.
expect 0 "" "$clv" compare "$root/examples/transactions.csv" --unit weeks --calibration-end 2024-09-30 -f json
cp out.txt compare.json
expect 0 "" "$clv" report "$root/examples/transactions.csv" --model "$root/examples/transactions-bgnbd.json" \
  --compare bgnbd,pnbd,mbgnbd --calibration-end 2024-09-30 -o report.html
python3 - compare.json report.html <<'PY' || failures=$((failures + 1))
import json, re, sys
models = json.load(open(sys.argv[1]))["models"]
html = open(sys.argv[2]).read()
def row(label):
    found = re.search(r"<tr><th>" + re.escape(label) + r"</th>(.*?)</tr>", html)
    return re.findall(r'<td class="num">([^<]*)</td>', found.group(1)) if found else None
checks = {"AIC": [f"{m['aic']:,.2f}" for m in models], "BIC": [f"{m['bic']:,.2f}" for m in models],
          "Log-likelihood": [f"{m['log_likelihood']:,.2f}" for m in models],
          "MAE per customer": [f"{m['holdout']['mae']:,.4f}" for m in models],
          "Holdout transactions predicted": [f"{m['holdout']['predicted_total']:,.2f}" for m in models]}
bad = [(label, row(label), want) for label, want in checks.items() if row(label) != want]
for label, got, want in bad:
    print(f"FAIL: report --compare {label}: {got}, clv compare: {want}")
sys.exit(1 if bad else 0)
PY
expect 64 "--compare: 'gg' is not a purchase model" "$clv" report "$root/examples/transactions.csv" \
  --model "$root/examples/transactions-bgnbd.json" --compare bgnbd,gg -o report.html
expect 64 "--compare fits the models" "$clv" report "$root/examples/h-software.json" --compare bgnbd -o report.html

if ((failures > 0)); then
  echo "models_cli.sh: $failures failure(s)"
  exit 1
fi
echo "models_cli.sh: all checks passed"
