#!/usr/bin/env bash
# Checks the completion scripts `clv __complete bash|zsh|fish` writes against the parser itself:
#  - every option offered for a command is accepted by that command (running it never says
#    "unknown option"), and every option `clv COMMAND --help` lists is offered;
#  - every value offered after an option is accepted, and a made-up value is refused, so the
#    list is that of an option with fixed values;
#  - files are offered for FILE arguments and file options only, never after --show or --top;
#  - zsh and fish offer the same options per command as bash (and parse, when installed).
# Usage: tests/completion.sh path/to/clv
source "$(dirname "$0")/lib.sh"

for shell in bash zsh fish; do
  "$clv" __complete $shell -o "script.$shell" || { echo "FAIL: clv __complete $shell"; exit 1; }
done
touch data.csv
mkdir folder

source ./script.bash
offered() { COMP_WORDS=(clv "$@"); COMP_CWORD=$#; COMPREPLY=(); _clv; printf '%s\n' "${COMPREPLY[@]}" | sort -u; }
has() { grep -qxF -- "$2" <<<"$1"; }

commands=$("$clv" --help | awk '/^Subcommands:/ {on=1; next} on && /^  [a-z]/ {print $1}')
[ -n "$commands" ] || fail "clv --help lists no commands"
top=$(offered "")
for command in $commands help; do
  has "$top" "$command" || fail "'clv <TAB>' does not offer $command"
done
has "$top" "__complete" && fail "'clv <TAB>' offers the hidden __complete"

for command in $commands; do
  options=$(offered "$command" -)
  # Every offered option is one the command accepts.
  declare -A alone=()  # what the command says to the option alone
  for option in $options; do
    message=$("$clv" "$command" "$option" </dev/null 2>&1 >/dev/null)
    alone[$option]=$message
    if grep -q "unknown option" <<<"$message"; then
      fail "clv $command: completion offers $option, which the command refuses: $message"
    fi
  done
  # Every option the help lists is offered.
  for name in $("$clv" "$command" --help | grep -oE '^ +-[-A-Za-z0-9,]+' | tr -d ' ' | tr ',' '\n'); do
    has "$options" "$name" || fail "clv $command: --help lists $name, completion does not offer it"
  done
  # Values after options: accepted when offered, and the option refuses a made-up one.
  for option in $(grep -- '^--' <<<"$options"); do
    values=$(offered "$command" "$option" "")
    if has "$values" data.csv; then
      continue  # a file option
    fi
    for value in $values; do
      message=$("$clv" "$command" "$option" "$value" </dev/null 2>&1 >/dev/null)
      if grep -qE -- "$option.*(not in|unknown|not one of)" <<<"$message"; then
        fail "clv $command $option: completion offers '$value', which is refused: $message"
      fi
    done
    if [ -n "$values" ]; then
      "$clv" "$command" "$option" no-such-value </dev/null >/dev/null 2>&1
      status=$?
      [ $status -eq 64 ] || fail "clv $command $option: offers fixed values, but 'no-such-value' exits $status, not 64"
    fi
  done
  # zsh and fish offer the same options.
  fish=$(grep -F "__fish_seen_subcommand_from $command'" script.fish \
           | grep -oE ' -[sl] [A-Za-z0-9-]+' | sed -E 's/ -s /-/; s/ -l /--/' | sort -u)
  zsh=$(awk -v c="    $command) _arguments" '$0 ~ "^" c {on=1; next} on && /;;/ {on=0} on' script.zsh \
          | grep -oE "^ +('\([^)]*\)')?(\{[^}]*\}|-[-A-Za-z0-9]+)" | sed -E "s/^ +('\([^)]*\)')?//; s/[{}]//g" \
          | tr ',' '\n' | sort -u)
  [ "$fish" = "$options" ] || fail "clv $command: fish offers $(echo $fish), bash $(echo $options)"
  [ "$zsh" = "$options" ] || fail "clv $command: zsh offers $(echo $zsh), bash $(echo $options)"
  # An option that needs a value has one in every script; a flag has none.
  for option in $(grep -- '^--' <<<"$options"); do
    if grep -qF -- "$option needs a value" <<<"${alone[$option]}"; then
      grep -E "^ .*$option}?'\[[^]]*\]:" script.zsh >/dev/null || fail "zsh: clv $command $option takes no value"
      grep -F "__fish_seen_subcommand_from $command'" script.fish | grep -E -- "-l ${option#--} .*-(x|r)" >/dev/null \
        || fail "fish: clv $command $option takes no value"
    else
      grep -E "^ .*$option}?'\[[^]]*\]:" script.zsh >/dev/null && fail "zsh: clv $command $option (a flag) takes a value"
      grep -F "__fish_seen_subcommand_from $command'" script.fish | grep -E -- "-l ${option#--} .*-(x|r) " >/dev/null \
        && fail "fish: clv $command $option (a flag) takes a value"
    fi
  done
done

# The values the issue named, and files only where a file is expected.
expect_has() { has "$(offered "${@:2}")" "$1" || fail "'clv ${*:2}<TAB>' lacks $1 (got: $(offered "${@:2}" | tr '\n' ' '))"; }
expect_lacks() { has "$(offered "${@:2}")" "$1" && fail "'clv ${*:2}<TAB>' offers $1"; }
expect_has json value --format ""
expect_has json value -f j
expect_has markdown rank --format=m
expect_has tiers rank --show ""
expect_lacks data.csv rank --show ""
expect_has id value --sort ""
expect_lacks data.csv value --sort ""
expect_has pnbd fit --model ""
expect_has sbg fit --model ""
expect_has bgbb fit --model ""
expect_lacks data.csv fit --model ""
expect_has weeks fit --unit ""
expect_has weeks rfm --unit ""
expect_has direct value --referrals ""
expect_lacks data.csv value --top ""
expect_has data.csv value ""
expect_has data.csv value -o ""
expect_has data.csv value --tabs ""      # a flag takes no value: FILE comes next
expect_has data.csv rfm --extra ""
expect_has data.csv predict --model ""
expect_has --discount-rate project --disc
expect_lacks --save value --
expect_has --save fit --
expect_has value help ""
expect_has --keep rank --ke
expect_has --column value --col
# --column FIELD=HEADER: the field names of the header vocabulary, with '='.
expect_has customer_id= value --column ""
expect_has frequency= fit --column fr
expect_has amount= rfm --column ""
expect_has monetary_value= predict --column=""
expect_lacks data.csv value --column ""
expect_has html report --format ""
expect_lacks json report --format ""
expect_has --keep project --ke
expect_lacks --keep report --ke

if command -v zsh >/dev/null; then
  zsh -n script.zsh || fail "the zsh script does not parse"
else
  echo "zsh not installed: its script is checked against bash's options only"
fi
if command -v fish >/dev/null; then
  fish -n script.fish || fail "the fish script does not parse"
else
  echo "fish not installed: its script is checked against bash's options only"
fi

[ $failures -eq 0 ] && echo "completion: every offered option and value checked against the parser"
exit $((failures > 0))
