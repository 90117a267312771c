#!/usr/bin/env bash
# What `-o FILE` does with what the name refers to, exit codes of output failures, signals and
# special inputs (docs/reliability.md, "Output files"):
#   output_targets.sh CLV CASE
# Every failing case checks the exit code, one `clv: error:` line naming the cause, an empty
# standard output, the old output untouched and no temporary file left.
set -u
clv=$(realpath "$1")
case_name=$2
root=$(pwd)
dir=$(mktemp -d)
chmod 755 "$dir"
trap 'chmod -R u+w "$dir" 2>/dev/null; rm -rf "$dir"' EXIT
customers=$root/examples/customers.csv
status=0
fail() {
  echo "FAIL: $*" >&2
  status=1
}

# expect_failure CODE PATTERN CMD...: runs CMD (stdout and stderr captured) and checks the exit
# code, a single `clv: error:` line containing PATTERN, and an empty standard output.
expect_failure() {
  local code=$1 pattern=$2
  shift 2
  "$@" >"$dir/stdout" 2>"$dir/stderr"
  local actual=$?
  [[ $actual -eq $code ]] || fail "exit $actual, expected $code: $*"
  [[ $(wc -l <"$dir/stderr") -eq 1 ]] || fail "not one line on stderr: $(cat "$dir/stderr")"
  [[ $(head -1 "$dir/stderr") == "clv: error: "*"$pattern"* ]] ||
    fail "stderr lacks '$pattern': $(cat "$dir/stderr")"
  [[ -s $dir/stdout ]] && fail "standard output not empty: $*"
  return 0
}

# untouched CMD...: CMD with -o on an existing file fails and leaves it as it was.
untouched() {
  printf 'precious\n' >"$dir/existing.csv"
  "$@" -o "$dir/existing.csv" >/dev/null 2>&1 && fail "succeeded with -o: $*"
  [[ $(cat "$dir/existing.csv") == precious ]] || fail "-o file changed by a failing run: $*"
  no_temporaries "$dir"
}

# no_temporaries DIR: no FILE.clv-tmp-XXXXXX left in DIR.
no_temporaries() {
  if compgen -G "$1/*clv-tmp-*" >/dev/null; then
    fail "temporary left behind: $(ls "$1")"
  fi
}

# A customer file big enough that its csv output is several MB.
big_customers() {
  awk 'BEGIN { print "id,transactions,average_purchase,acquisition_cost"
               for (i = 0; i < 60000; ++i) printf "C%06d,%d,%.2f,%d\n", i, i % 9 + 1, 10 + i % 97, i % 50 }' >"$dir/big.csv"
}

case $case_name in
format_by_extension)
  # -o NAME.csv/.tsv/.json/.md picks the format; an explicit --format wins.
  for ext in csv tsv json md; do
    format=$ext
    [[ $ext == md ]] && format=markdown
    "$clv" value "$customers" -o "$dir/out.$ext" || fail "value -o out.$ext"
    "$clv" value "$customers" -f "$format" >"$dir/expected.$ext"
    cmp -s "$dir/out.$ext" "$dir/expected.$ext" || fail "-o out.$ext is not $format"
  done
  "$clv" value "$customers" -o "$dir/OUT.CSV" && cmp -s "$dir/OUT.CSV" "$dir/expected.csv" || fail "-o OUT.CSV"
  "$clv" value "$customers" -f table -o "$dir/table.csv"
  "$clv" value "$customers" >"$dir/expected.table"
  cmp -s "$dir/table.csv" "$dir/expected.table" || fail "-f table -o table.csv is not a table"
  "$clv" value "$customers" -o "$dir/out.txt"
  cmp -s "$dir/out.txt" "$dir/expected.table" || fail "-o out.txt is not a table"
  ;;
regular_file_keeps_mode)
  printf 'old\n' >"$dir/private.csv"
  chmod 600 "$dir/private.csv"
  "$clv" value "$customers" -o "$dir/private.csv" || fail "value -o private.csv"
  [[ $(stat -c %a "$dir/private.csv") == 600 ]] || fail "mode became $(stat -c %a "$dir/private.csv")"
  "$clv" value "$customers" -f csv | cmp -s - "$dir/private.csv" || fail "contents not replaced"
  if [[ $(id -u) -eq 0 ]]; then
    # As root, the owner is kept too.
    chown 65534:65534 "$dir/private.csv"
    "$clv" value "$customers" -o "$dir/private.csv" || fail "value -o (owned by nobody)"
    [[ $(stat -c %u:%g "$dir/private.csv") == 65534:65534 ]] || fail "owner became $(stat -c %u:%g "$dir/private.csv")"
  fi
  no_temporaries "$dir"
  ;;
read_only_file)
  printf 'precious\n' >"$dir/locked.csv"
  chmod 444 "$dir/locked.csv"
  run=("$clv")
  [[ $(id -u) -eq 0 ]] && run=(setpriv --reuid=65534 --regid=65534 --clear-groups "$clv")
  chmod 777 "$dir"
  expect_failure 73 "locked.csv: cannot write output: Permission denied" "${run[@]}" value "$customers" -o "$dir/locked.csv"
  [[ $(cat "$dir/locked.csv") == precious ]] || fail "read-only file replaced"
  no_temporaries "$dir"
  ;;
symlink)
  printf 'old\n' >"$dir/target.csv"
  ln -s target.csv "$dir/link.csv"
  "$clv" value "$customers" -o "$dir/link.csv" || fail "value -o link"
  [[ -L $dir/link.csv ]] || fail "the link was replaced by a file"
  "$clv" value "$customers" -f csv | cmp -s - "$dir/target.csv" || fail "the link's target was not written"
  # A dangling link creates its target.
  ln -s new.csv "$dir/dangling.csv"
  "$clv" value "$customers" -o "$dir/dangling.csv" || fail "value -o dangling link"
  [[ -L $dir/dangling.csv && -f $dir/new.csv ]] || fail "dangling link: target not created"
  no_temporaries "$dir"
  ;;
hard_link)
  # Decision: a file with several hard links is written in place; every name shows the output.
  printf 'old\n' >"$dir/a.csv"
  ln "$dir/a.csv" "$dir/b.csv"
  inode=$(stat -c %i "$dir/a.csv")
  "$clv" value "$customers" -o "$dir/a.csv" || fail "value -o hard link"
  [[ $(stat -c %i "$dir/a.csv") == "$inode" && $(stat -c %h "$dir/a.csv") == 2 ]] || fail "hard link broken"
  "$clv" value "$customers" -f csv | cmp -s - "$dir/b.csv" || fail "the other name does not show the output"
  # A shorter output leaves nothing of the longer old one.
  "$clv" value "$customers" --top 1 -o "$dir/a.csv" || fail "value --top 1 -o hard link"
  "$clv" value "$customers" --top 1 -f csv | cmp -s - "$dir/b.csv" || fail "shorter output in place"
  # A failing run leaves it untouched.
  cp "$dir/a.csv" "$dir/before"
  expect_failure 65 "empty input" "$clv" value "$root/tests/data/bad/empty.csv" -o "$dir/a.csv"
  cmp -s "$dir/before" "$dir/b.csv" || fail "failed run changed the hard-linked file"
  no_temporaries "$dir"
  ;;
read_only_directory)
  # A writable file in a directory clv cannot write: written in place.
  mkdir "$dir/ro"
  printf 'old\n' >"$dir/ro/out.csv"
  chmod 666 "$dir/ro/out.csv"
  chmod 555 "$dir/ro"
  run=("$clv")
  [[ $(id -u) -eq 0 ]] && run=(setpriv --reuid=65534 --regid=65534 --clear-groups "$clv")
  "${run[@]}" value "$customers" -o "$dir/ro/out.csv" || fail "value -o in a read-only directory"
  "$clv" value "$customers" -f csv | cmp -s - "$dir/ro/out.csv" || fail "file in read-only directory not written"
  # A new file there cannot be created.
  expect_failure 73 "new.csv: cannot write output: Permission denied" "${run[@]}" value "$customers" -o "$dir/ro/new.csv"
  # A file owned by someone else, in a directory clv may write: written in place, owner kept.
  if [[ $(id -u) -eq 0 ]]; then
    mkdir "$dir/shared" && chmod 777 "$dir/shared"
    printf 'old\n' >"$dir/shared/theirs.csv" && chmod 666 "$dir/shared/theirs.csv"
    "${run[@]}" value "$customers" -o "$dir/shared/theirs.csv" || fail "value -o someone else's file"
    [[ $(stat -c %u "$dir/shared/theirs.csv") == 0 ]] || fail "owner changed"
    "$clv" value "$customers" -f csv | cmp -s - "$dir/shared/theirs.csv" || fail "someone else's file not written"
    no_temporaries "$dir/shared"
  fi
  ;;
devices)
  "$clv" value "$customers" -o /dev/null || fail "value -o /dev/null"
  [[ -c /dev/null ]] || fail "/dev/null is no longer a device"
  "$clv" value "$customers" -f csv -o /dev/stdout >"$dir/stdout.csv" || fail "value -o /dev/stdout"
  "$clv" value "$customers" -f csv | cmp -s - "$dir/stdout.csv" || fail "-o /dev/stdout"
  # /dev/stdout opened for appending by the shell: appended to.
  printf 'first\n' >"$dir/append.csv"
  "$clv" value "$customers" -f csv -o /dev/stdout >>"$dir/append.csv" || fail "value -o /dev/stdout >>"
  [[ $(head -1 "$dir/append.csv") == first && $(wc -l <"$dir/append.csv") -gt 2 ]] || fail "append lost"
  "$clv" value "$customers" -f csv -o >(cat >"$dir/substituted.csv") || fail "value -o >(cat)"
  wait
  sleep 0.2
  "$clv" value "$customers" -f csv | cmp -s - "$dir/substituted.csv" || fail "-o >(cat)"
  mkfifo "$dir/fifo"
  cat "$dir/fifo" >"$dir/from_fifo.csv" &
  "$clv" value "$customers" -f csv -o "$dir/fifo" || fail "value -o FIFO"
  wait
  [[ -p $dir/fifo ]] || fail "the FIFO was replaced"
  "$clv" value "$customers" -f csv | cmp -s - "$dir/from_fifo.csv" || fail "-o FIFO"
  no_temporaries "$dir"
  ;;
directory)
  expect_failure 73 ".: cannot write output: Is a directory" "$clv" value "$customers" -o .
  expect_failure 73 "cannot write output: Is a directory" "$clv" value "$customers" -o "$dir"
  expect_failure 73 "cannot write output: No such file or directory" "$clv" value "$customers" -o "$dir/missing/x.csv"
  no_temporaries "$dir"
  no_temporaries .
  ;;
long_name)
  # Names of 241-255 bytes: the temporary name is shortened to fit the file system's limit.
  for length in 241 250 255; do
    name=$(printf 'n%.0s' $(seq "$length"))
    printf 'old\n' >"$dir/$name"
    "$clv" value "$customers" -f csv -o "$dir/$name" || fail "-o with a $length-byte name"
    "$clv" value "$customers" -f csv | cmp -s - "$dir/$name" || fail "$length-byte name not written"
  done
  no_temporaries "$dir"
  ;;
full_disk)
  # Standard output on a full disk: 73, naming "standard output".
  expect_failure 73 "standard output: cannot write output: No space left on device" sh -c '"$0" value "$1" >/dev/full' "$clv" "$customers"
  expect_failure 73 "/dev/full: cannot write output: No space left on device" "$clv" value "$customers" -o /dev/full
  expect_failure 73 "standard output: cannot write output: No space left on device" sh -c '"$0" validate "$1" >/dev/full' "$clv" "$customers"
  # A file that cannot grow (a size limit of 0 stands in for a full disk; stderr goes through a
  # pipe, which the limit does not stop): 73 for a large output (fails while writing) as for a
  # small one (fails at the end), old file untouched.
  big_customers
  for input in "$dir/big.csv" "$customers"; do
    printf 'precious\n' >"$dir/limited.csv"
    expect_failure 73 "limited.csv: cannot write output: File too large" \
      bash -c 'trap "" XFSZ; (ulimit -f 0; exec "$0" value "$1" -f csv -o "$2") 2>&1 | cat >&2; exit "${PIPESTATUS[0]}"' \
      "$clv" "$input" "$dir/limited.csv"
    [[ $(cat "$dir/limited.csv") == precious ]] || fail "output file damaged"
  done
  no_temporaries "$dir"
  ;;
closed_pipe)
  # A reader that stops early, with SIGPIPE ignored: 73 naming standard output.
  big_customers
  (
    trap '' PIPE
    "$clv" value "$dir/big.csv" -f csv 2>"$dir/stderr" | head -c 1 >/dev/null
    echo "${PIPESTATUS[0]}" >"$dir/code"
  )
  [[ $(cat "$dir/code") == 73 ]] || fail "closed pipe: exit $(cat "$dir/code")"
  [[ $(cat "$dir/stderr") == "clv: error: standard output: cannot write output: Broken pipe" ]] ||
    fail "closed pipe: $(cat "$dir/stderr")"
  ;;
fit_save)
  # --save is written only when the whole command succeeds.
  summary=$root/examples/transactions.csv
  expect_failure 73 "cannot write output: No such file or directory" \
    "$clv" fit "$summary" --model bgnbd --threads 1 --save "$dir/model.json" -o "$dir/missing/table.csv"
  [[ -e $dir/model.json ]] && fail "--save written although -o failed"
  printf 'precious\n' >"$dir/model.json"
  expect_failure 73 "standard output: cannot write output: No space left on device" \
    sh -c '"$0" fit "$1" --model bgnbd --threads 1 --save "$2" >/dev/full' "$clv" "$summary" "$dir/model.json"
  [[ $(cat "$dir/model.json") == precious ]] || fail "--save replaced although standard output failed"
  "$clv" fit "$summary" --model bgnbd --threads 1 --save "$dir/model.json" -o "$dir/table.csv" || fail "fit --save -o"
  grep -q '"clv_model"' "$dir/model.json" || fail "--save not written"
  # --save and -o naming one file (the same name, another spelling, a link, a hard link): usage
  # error before anything is written, rather than the table silently replacing the model.
  cp "$dir/model.json" "$dir/kept.json"
  ln -s model.json "$dir/link.json"
  ln "$dir/model.json" "$dir/hard.json"
  for other in "$dir/model.json" "$dir/./model.json" "$dir/link.json" "$dir/hard.json"; do
    expect_failure 64 "--save and -o name the same file" \
      "$clv" fit "$summary" --model bgnbd --threads 1 --save "$dir/model.json" -o "$other"
    cmp -s "$dir/model.json" "$dir/kept.json" || fail "--save and -o $other: the model file changed"
  done
  expect_failure 64 "--save and -o name the same file" \
    "$clv" fit "$summary" --model bgnbd --threads 1 --save "$dir/new.json" -o "$dir/../$(basename "$dir")/new.json"
  [[ -e $dir/new.json ]] && fail "--save and -o on one new name: written"
  no_temporaries "$dir"
  ;;
signals)
  # Interrupted while an output is open: the temporary is removed and clv dies of the signal.
  # The -o FIFO has no reader, so clv waits opening it with the --save temporary in place.
  summary=$root/examples/transactions.csv
  mkfifo "$dir/fifo"
  for signal in INT TERM HUP; do
    printf 'precious\n' >"$dir/model.json"
    set -m  # a background job of a script otherwise starts with SIGINT ignored
    "$clv" fit "$summary" --model bgnbd --threads 1 --save "$dir/model.json" -o "$dir/fifo" 2>"$dir/stderr" &
    pid=$!
    set +m
    for _ in $(seq 600); do
      compgen -G "$dir/model.json.clv-tmp-*" >/dev/null && break
      sleep 0.05
    done
    compgen -G "$dir/model.json.clv-tmp-*" >/dev/null || fail "$signal: no temporary while waiting"
    kill -s "$signal" "$pid"
    wait "$pid" 2>/dev/null
    code=$?
    expected=$((128 + $(kill -l "$signal")))
    [[ $code -eq $expected ]] || fail "$signal: exit $code, expected $expected"
    [[ $(cat "$dir/model.json") == precious ]] || fail "$signal: --save file changed"
    [[ -s $dir/stderr ]] && fail "$signal: $(cat "$dir/stderr")"
    no_temporaries "$dir"
  done
  ;;
input_directory)
  expect_failure 66 "examples: cannot open input: Is a directory" "$clv" value "$root/examples"
  expect_failure 66 "cannot open input: Is a directory" "$clv" rfm "$root/examples"
  untouched "$clv" value "$root/examples"
  ;;
dev_zero)
  # No line end within the record limit: a data error within seconds, not a hang.
  start=$SECONDS
  expect_failure 65 "/dev/zero:1" timeout 60 "$clv" value /dev/zero
  expect_failure 65 "/dev/zero:1" timeout 60 "$clv" rfm /dev/zero
  ((SECONDS - start < 30)) || fail "/dev/zero took $((SECONDS - start)) s"
  untouched timeout 60 "$clv" value /dev/zero
  ;;
blank_lines)
  # One customer then 5 M blank lines: memory does not grow with the blank lines.
  { printf 'id,transactions,average_purchase\nA,3,10\n'; yes '' | head -n 5000000; } >"$dir/blank.csv"
  (ulimit -v 200000; "$clv" value "$dir/blank.csv" -f csv >"$dir/stdout" 2>"$dir/stderr") || fail "exit $?: $(cat "$dir/stderr")"
  printf 'id,transactions,average_purchase\nA,3,10\n' | "$clv" value - -f csv | cmp -s - "$dir/stdout" ||
    fail "blank lines changed the output"
  ;;
*)
  echo "unknown case $case_name" >&2
  exit 2
  ;;
esac
exit $status
