# Sourced by the shell tests that take clv's path as their one argument ($1): stops on unset
# variables, makes that path absolute, works in a scratch folder removed on exit, and counts
# failures with fail() for the script's closing line.
set -uo pipefail
clv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
