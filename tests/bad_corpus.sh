#!/usr/bin/env bash
# Runs `clv` on every malformed file listed in tests/data/bad/MANIFEST and checks that it fails
# properly:
#  - the exit code is the one listed (64 usage, 65 data, 66 no input),
#  - standard error is exactly one line, starting `clv: error: `, naming the file and containing
#    the listed substring (the line/column or field),
#  - standard output is empty,
#  - with `-o FILE` on an existing file, the file is untouched and no temporary file is left.
# MANIFEST lines: FILE | EXIT | SUBSTRING | ARGS   ({} in ARGS is the file, {summary} a small
# valid summary, {examples} the examples/ directory; FILE @long_line is a 10 MB single-line file
# generated here).
#   tests/bad_corpus.sh [path/to/clv]        (default build/release/clv)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
clv="$(realpath "${1:-$root/build/release/clv}")"
[[ -x "$clv" ]] || { echo "bad_corpus.sh: $clv not built" >&2; exit 2; }
bad="$root/tests/data/bad"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'customer_id,frequency,recency,T\nc1,2,30,38\nc2,0,0,38\nc3,5,20,30\n' >"$work/summary.csv"
# A 10 MB record (customer CSV): the reader handles it, then the value is rejected.
{
  printf 'id,transactions,average_purchase\nA,1,'
  head -c 10000000 /dev/zero | tr '\0' '7'
  printf '\n'
} >"$work/long_line.csv"

failures=0 count=0
fail() {
  echo "FAIL $1: $2" >&2
  failures=$((failures + 1))
}
trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

while IFS='|' read -r file code message args; do
  file=$(trim "$file")
  [[ -z $file || $file == \#* ]] && continue
  code=$(trim "$code") message=$(trim "$message") args=$(trim "$args")
  if [[ $file == @long_line ]]; then path="$work/long_line.csv"; else path="$bad/$file"; fi
  [[ -e $path ]] || { fail "$file" "listed in MANIFEST but missing"; continue; }
  args=${args//\{summary\}/$work/summary.csv}
  args=${args//\{examples\}/$root/examples}
  args=${args//\{\}/$path}
  read -r -a argv <<<"$args"
  count=$((count + 1))
  "$clv" "${argv[@]}" </dev/null >"$work/stdout" 2>"$work/stderr"
  actual=$?
  [[ $actual -eq $code ]] || fail "$file" "exit $actual, expected $code"
  [[ -s $work/stdout ]] && fail "$file" "standard output is not empty"
  lines=$(wc -l <"$work/stderr")
  first=$(head -1 "$work/stderr")
  [[ $lines -eq 1 ]] || fail "$file" "$lines lines on standard error"
  [[ $first == "clv: error: "* ]] || fail "$file" "stderr does not start with 'clv: error: '"
  [[ $first == *"$(basename "$path")"* ]] || fail "$file" "message does not name the file"
  [[ $first == *"$message"* ]] || fail "$file" "message lacks '$message'"
  if [[ $actual -ne $code || $first != *"$message"* || $lines -ne 1 ]]; then
    echo "  stderr: $(head -c 400 "$work/stderr")" >&2
  fi
  # -o must leave an existing file as it was, and no temporary beside it.
  mkdir -p "$work/out"
  printf 'precious\n' >"$work/out/existing.txt"
  "$clv" "${argv[@]}" -o "$work/out/existing.txt" </dev/null >/dev/null 2>&1
  [[ $(cat "$work/out/existing.txt") == precious ]] || fail "$file" "-o overwrote an existing file"
  [[ $(ls "$work/out" | wc -l) -eq 1 ]] || fail "$file" "-o left a file behind: $(ls "$work/out")"
  rm -rf "$work/out"
done <"$bad/MANIFEST"

echo "bad_corpus: $count cases, $failures failures"
[[ $count -ge 40 ]] || { echo "bad_corpus: fewer than 40 cases" >&2; exit 1; }
[[ $failures -eq 0 ]]
