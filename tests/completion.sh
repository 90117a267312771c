#!/usr/bin/env bash
# Checks the bash completion against the real binary: subcommands, options, fixed values.
# Usage: tests/completion.sh path/to/clv
set -euo pipefail
bin_dir=$(cd "$(dirname "$1")" && pwd)
PATH="$bin_dir:$PATH"
source "$(dirname "$0")/../completions/clv.bash"
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _clv; echo "${COMPREPLY[*]}"; }
expect() {
  if [[ " $2 " != *" $3 "* ]]; then
    echo "completion of '$1' lacks '$3' (got: $2)"; exit 1
  fi
}
words=$(complete_words clv ""); for c in value project validate rfm fit predict; do expect "clv" "$words" "$c"; done
words=$(complete_words clv project --disc); expect "clv project --disc" "$words" "--discount-rate"
words=$(complete_words clv fit --model ""); expect "clv fit --model" "$words" "pnbd"
words=$(complete_words clv value -f j); expect "clv value -f j" "$words" "json"
words=$(complete_words clv segment --by cohort:q); expect "clv segment --by cohort:q" "$words" "cohort:quarter"
echo "completion: ok"
