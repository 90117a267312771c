#!/usr/bin/env bash
# Every subcommand that `clv --help` lists is documented in the man page and the README.
# Usage: tests/docs_cover_commands.sh path/to/clv
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
man_page=$(sed 's/\\-/-/g' "$root/docs/man/clv.1")  # roff writes a hyphen as \-
for command in $("$1" --help | awk '/^Subcommands:/ {on=1; next} on && /^  [a-z]/ {print $1}'); do
  grep -qE "^\.B[RI]? \"?$command\b" <<<"$man_page" \
    || { echo "docs/man/clv.1 does not document '$command'"; status=1; }
  grep -q "clv $command" "$root/README.md" || { echo "README.md does not mention 'clv $command'"; status=1; }
done
[ $status -eq 0 ] && echo "docs cover every command"
exit $status
