# Sourced by bench/run-discrete.sh, run-interval.sh and run-models.sh, which take [N] [path/to/clv]:
# the project root, their arguments and work folder, and data generated once per N.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# bench_arguments NAME DEFAULT_N [N] [CLV]: sets customers (N, else DEFAULT_N), clv (CLV, else
# the release build) and work (${TMPDIR:-/tmp}/clv-bench-NAME, created; the data stays there
# for the next run).
bench_arguments() {
  customers="${3:-$2}"
  clv="${4:-$root/build/release/clv}"
  work="${TMPDIR:-/tmp}/clv-bench-$1"
  mkdir -p "$work"
}

# generate FILE COMMAND...: FILE is COMMAND's output, made only if FILE is missing or empty,
# through FILE.tmp so that an interrupted run leaves no half-written FILE.
generate() {
  local file=$1
  shift
  if [[ -s "$file" ]]; then
    return 0
  fi
  echo "generating $file ..." >&2
  "$@" >"$file.tmp"
  mv "$file.tmp" "$file"
}
