#!/usr/bin/env bash
# clv validate -f/-o: every finding in the chosen format, the count alone on stderr, exit 65;
# -o follows the output-file rules of every command (format from the extension, atomic replace).
# Run from the repository root.
set -u
clv=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bad=tests/data/bad/many_problems.csv
fail() { echo "$*"; exit 1; }

"$clv" validate "$bad" -f json >"$dir/out" 2>"$dir/err"
code=$?
[[ $code -eq 65 ]] || fail "json: exit $code, expected 65"
[[ $(cat "$dir/err") == "clv: error: $bad: 5 problems found, listed on standard output" ]] \
  || fail "json: stderr: $(cat "$dir/err")"
python3 - "$dir/out" "$bad" <<'PY' || exit 1
import json, sys
doc = json.load(open(sys.argv[1]))
f = doc["findings"]
assert len(f) == 5, f
# many_problems.csv: 'x' in row 2, -1 in row 3 (column 3, transactions), B twice (line 4, id).
assert f[0] == {"file": sys.argv[2], "line": 2, "column": 3, "field": "transactions",
                "message": "is not a number 'x'", "severity": "error"}, f[0]
assert f[2]["line"] == 4 and f[2]["column"] == 1 and f[2]["field"] == "id", f[2]
assert f[3]["column"] is None, f[3]
s = doc["summary"]
assert s["errors"] == 5 and s["warnings"] == 0 and s["ok"] is False and s["customers"] == 2, s
PY

"$clv" validate "$bad" -f csv >"$dir/out" 2>/dev/null
[[ $(head -1 "$dir/out") == "file,line,column,field,message,severity" ]] || fail "csv header: $(head -1 "$dir/out")"
[[ $(sed -n 2p "$dir/out") == "$bad,2,3,transactions,is not a number 'x',error" ]] || fail "csv row: $(sed -n 2p "$dir/out")"
[[ $(wc -l <"$dir/out") -eq 6 ]] || fail "csv: $(wc -l <"$dir/out") lines, expected 6"

# -o: the extension picks the format; stdout stays empty; the file holds the findings.
echo old >"$dir/findings.json"
"$clv" validate "$bad" -o "$dir/findings.json" >"$dir/out" 2>"$dir/err"
code=$?
[[ $code -eq 65 ]] || fail "-o: exit $code"
[[ ! -s $dir/out ]] || fail "-o: standard output not empty"
grep -q "5 problems found, listed in $dir/findings.json" "$dir/err" || fail "-o: stderr: $(cat "$dir/err")"
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["findings"]) == 5' "$dir/findings.json" \
  || fail "-o: not the findings"
[[ -z $(find "$dir" -name '*clv-tmp*') ]] || fail "-o: temporary file left"

# A clean file: exit 0, the summary says ok.
"$clv" validate examples/customers.csv -o "$dir/ok.md" 2>"$dir/err" || fail "clean: exit $?: $(cat "$dir/err")"
[[ ! -s $dir/err ]] || fail "clean: stderr: $(cat "$dir/err")"
grep -qx -- "- OK: yes" "$dir/ok.md" && grep -qx -- "- Customers: 12" "$dir/ok.md" || fail "clean: $(cat "$dir/ok.md")"

# An output that cannot be written: 73, and no file appears.
"$clv" validate "$bad" -o "$dir/missing/findings.csv" 2>"$dir/err"
code=$?
[[ $code -eq 73 ]] || fail "unwritable: exit $code, expected 73"
[[ ! -e $dir/missing ]] || fail "unwritable: created something"

# Without -f/-o, today's form: one stderr line per problem, then the count.
"$clv" validate "$bad" >"$dir/out" 2>"$dir/err"
[[ $(wc -l <"$dir/err") -eq 6 && ! -s $dir/out ]] || fail "default: $(cat "$dir/err")"
echo "validate findings ok"
