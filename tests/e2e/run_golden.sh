#!/usr/bin/env bash
# Runs clv and compares its standard output byte for byte with a golden file.
#   run_golden.sh CLV GOLDEN [--stdin FILE] -- ARGS...
# Exit 0 and an empty standard error are required. Set CLV_UPDATE_GOLDEN=1 to rewrite goldens.
set -u
clv=$1 golden=$2
shift 2
stdin=/dev/null
if [[ ${1:-} == --stdin ]]; then
  stdin=$2
  shift 2
fi
[[ ${1:-} == -- ]] && shift
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$clv" "$@" <"$stdin" >"$out" 2>"$err"
code=$?
if [[ $code -ne 0 ]]; then
  echo "exit code $code, expected 0; stderr:" >&2
  cat "$err" >&2
  exit 1
fi
if [[ -s $err ]]; then
  echo "unexpected standard error:" >&2
  cat "$err" >&2
  exit 1
fi
if [[ ${CLV_UPDATE_GOLDEN:-0} == 1 ]]; then
  cp "$out" "$golden"
  exit 0
fi
if ! cmp -s "$out" "$golden"; then
  echo "output differs from $golden:" >&2
  diff "$golden" "$out" >&2
  exit 1
fi
