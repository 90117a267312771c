#!/usr/bin/env bash
# Times `clv rfm` on a synthetic 10-million-row log (1 million customers, rows in random order).
# Usage: bench/rfm-bench.sh [DIR] [REPEATS]   (DIR defaults to /tmp/rfm-bench; files are reused)
# Prints, per case, the best wall time of REPEATS runs and its peak RSS (from /usr/bin/time -v).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/rfm-bench}
repeats=${2:-5}
clv=${CLV:-build/release/clv}
mkdir -p "$dir"
log=$dir/tx10m.csv
if [[ ! -f $log ]]; then
  python3 bench/gen_transactions.py --customers 1000000 --rows 10000000 -o "$log"
fi
if [[ ! -f $log.gz ]]; then
  gzip -1 -k "$log"
fi

best() {  # best() NAME ARGS...: runs clv rfm ARGS REPEATS times
  local name=$1
  shift
  local best_wall=999999 best_rss=0 best_cpu=0
  for ((i = 0; i < repeats; i++)); do
    /usr/bin/time -v -o "$dir/time.txt" "$clv" rfm "$@" -f csv -o "$dir/out.csv"
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s}' "$dir/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$dir/time.txt")
    if awk -v a="$wall" -v b="$best_wall" 'BEGIN {exit !(a < b)}'; then
      best_wall=$wall
      best_rss=$rss
      best_cpu=$cpu
    fi
  done
  printf '%-34s best wall %6.2f s   CPU (user+sys) %6.2f s   peak RSS %5d MB\n' "$name" "$best_wall" "$best_cpu" \
    $((best_rss / 1024))
}

echo "$(wc -c <"$log") bytes, $(($(wc -l <"$log") - 1)) rows; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
best "csv, 2 threads (default)" "$log"
best "csv, 1 thread" "$log" --threads 1
best "csv.gz, 2 threads" "$log.gz"
best "csv, weeks, calibration split" "$log" --unit weeks --calibration-end 2022-06-30
