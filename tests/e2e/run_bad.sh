#!/usr/bin/env bash
# Runs clv on bad input and checks that it fails properly:
#   run_bad.sh CLV EXIT_CODE PATTERN [--no-output-check] -- ARGS...
# - the exit code is EXIT_CODE
# - standard error is one line starting 'clv: error: ' and contains PATTERN (a fixed string: the
#   line/column or field it must name); --no-output-check (clv validate) skips the one-line check
# - nothing at all is written to standard output
# - run again with `-o FILE` on an existing file, the file is left untouched (and no
#   temporary file is left beside it)
set -u
clv=$1 expected=$2 pattern=$3
shift 3
check_output=1
if [[ ${1:-} == --no-output-check ]]; then
  check_output=0
  shift
fi
[[ ${1:-} == -- ]] && shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$clv" "$@" </dev/null >"$dir/stdout" 2>"$dir/stderr"
code=$?
status=0
if [[ $code -ne $expected ]]; then
  echo "exit code $code, expected $expected" >&2
  status=1
fi
if ! grep -qF -- "$pattern" "$dir/stderr"; then
  echo "standard error does not contain '$pattern':" >&2
  status=1
fi
if [[ $check_output == 1 ]] && { [[ $(wc -l <"$dir/stderr") -ne 1 ]] || [[ $(head -c 12 "$dir/stderr") != "clv: error: " ]]; }; then
  echo "standard error is not one 'clv: error: ' line" >&2
  status=1
fi
cat "$dir/stderr" >&2
if [[ -s $dir/stdout ]]; then
  echo "standard output is not empty:" >&2
  cat "$dir/stdout" >&2
  status=1
fi
if [[ $check_output == 1 ]]; then
  printf 'precious\n' >"$dir/existing.txt"
  "$clv" "$@" -o "$dir/existing.txt" </dev/null >/dev/null 2>&1
  if [[ $(cat "$dir/existing.txt") != precious ]]; then
    echo "-o overwrote an existing file on failure" >&2
    status=1
  fi
  if compgen -G "$dir/existing.txt.*" >/dev/null; then
    echo "-o left a temporary file behind" >&2
    status=1
  fi
fi
exit $status
