#!/usr/bin/env bash
# Out of memory while parsing and using a large JSON customer file (ulimit -v) must end as one
# `clv: error: out of memory` line and exit 70, never std::terminate (exit 134); nothing on
# standard output.   out_of_memory.sh CLV
set -u
clv=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 -c "
n = 600000
print('{\"customers\":[' + ','.join('{\"id\":\"c%d\",\"transactions\":3,\"average_purchase\":12.5}' % i for i in range(n)) + ']}')
" >"$dir/big.json" || { echo "cannot generate the input" >&2; exit 1; }
status=0
for limit in 120000 150000 200000; do
  (ulimit -v "$limit"; "$clv" value "$dir/big.json" -f csv >"$dir/stdout" 2>"$dir/stderr")
  code=$?
  if [[ $code -ne 70 && $code -ne 0 ]]; then
    echo "ulimit -v $limit: exit $code, expected 70: $(head -c 300 "$dir/stderr")" >&2
    status=1
  fi
  if [[ $code -eq 70 ]]; then
    [[ $(wc -l <"$dir/stderr") -eq 1 ]] || { echo "ulimit -v $limit: stderr is not one line" >&2; status=1; }
    grep -q '^clv: error: out of memory' "$dir/stderr" || { echo "ulimit -v $limit: $(cat "$dir/stderr")" >&2; status=1; }
    [[ -s $dir/stdout ]] && { echo "ulimit -v $limit: standard output is not empty" >&2; status=1; }
  fi
done
# Tiny limits, where the command line's set-up or a second thread cannot get memory: the same one
# line (exit 70), never std::terminate or "internal error". Below about 9 MB the dynamic loader
# itself fails (exit 127, before clv runs): skipped.
root=$(cd "$(dirname "$0")/../.." && pwd)
for limit in 9000 10000 12000 15000 20000; do
  for command in "rfm $root/examples/transactions.csv" "fit $root/examples/summary.csv --model bgnbd --threads 2" \
                 "value $root/examples/customers.csv" "predict $root/examples/summary.csv --model $root/examples/bgnbd.json --horizon 5 --threads 2"; do
    read -r -a argv <<<"$command"
    (ulimit -v "$limit"; "$clv" "${argv[@]}" >"$dir/stdout" 2>"$dir/stderr")
    code=$?
    [[ $code -eq 0 || $code -eq 127 ]] && continue
    if [[ $code -ne 70 || $(wc -l <"$dir/stderr") -ne 1 ]] || ! grep -q '^clv: error: out of memory' "$dir/stderr"; then
      echo "ulimit -v $limit, clv ${argv[0]}: exit $code: $(head -c 300 "$dir/stderr")" >&2
      status=1
    fi
  done
done
exit $status
