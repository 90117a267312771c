#!/usr/bin/env bash
# Checks the completion scripts `clv __complete bash|zsh|fish` writes against the parser itself:
#  - every option offered for a command is accepted by that command (running it never says
#    "unknown option"), and every option `clv COMMAND --help` lists is offered;
#  - every value offered after an option is accepted, and a made-up value is refused, so the
#    list is that of an option with fixed values;
#  - files are offered for FILE arguments and file options only, never after --show or --top;
#  - zsh and fish offer the same options per command as bash (and parse, when installed);
#  - after --column, the fields offered are exactly those the command's reader accepts for what
#    FILE is (customer records, or with --model a summary or log, ...): each field of the
#    vocabulary is tried on a shipped example, and the reader's refusal decides.
# Usage: tests/completion.sh path/to/clv
examples=$(cd "$(dirname "$0")/../examples" && pwd)
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
# Only the fields of what FILE is: customer records, a log, a summary or log with --model.
expect_has average_purchase= value --column ""
expect_lacks amount= value --column ""
expect_lacks frequency= value --column ""
expect_has amount= rfm --column ""
expect_lacks average_purchase= rfm --column ""
expect_lacks frequency= rfm --column ""
expect_has amount= fit --column ""
expect_lacks average_purchase= fit --column ""
expect_has amount= value --model m.json --column ""
expect_has frequency= value -m m.json --column ""
expect_lacks average_purchase= value --model=m.json --column ""
expect_has value= rank --values v.csv --column ""
expect_lacks transactions= rank --values v.csv --column ""
expect_has average_purchase= report --model m.json --summary s.csv --column ""

# The same lists against the readers: `--column FIELD=nosuch` is refused with "has no FIELD" by
# a reader whose table has no FIELD, and otherwise fails only on the missing header 'nosuch'.
# A command reading a summary or a log accepts what either accepts. Every field is tried once for
# each kind of input; for the other commands, one field of each kind tells which kind is read.
vocabulary=$("$clv" value "$examples/customers.csv" --column nosuch=x 2>&1 | sed -nE 's/.*\(fields: (.*)\)$/\1/p' | tr -d ',')
[ -n "$vocabulary" ] || fail "no field vocabulary in clv's message for an unknown field"
one_of_each="customer_id average_purchase year frequency frequency_cal amount price value"
printf 'customer_id,value\nA,10\n' >values.csv
check_fields() {  # "FIELDS" COMMAND "OPTIONS" FILE... ('-' for none)
  local fields=$1 command=$2 options=$3 field file accepted message offered_fields
  shift 3
  # shellcheck disable=SC2086
  offered_fields=$(offered "$command" $options --column "")
  for field in $fields; do
    accepted=no
    for file in "$@"; do
      [ "$file" = - ] && file=
      # shellcheck disable=SC2086
      message=$("$clv" "$command" $file $options --column "$field=nosuch" </dev/null 2>&1 >/dev/null)
      if ! grep -qE "has no $field( field| \(its fields)" <<<"$message"; then
        accepted=yes
        break
      fi
    done
    if [ $accepted = yes ] && ! has "$offered_fields" "$field="; then
      fail "clv $command $options --column: the reader accepts $field, completion does not offer $field="
    elif [ $accepted = no ] && has "$offered_fields" "$field="; then
      fail "clv $command $options --column: completion offers $field=, the reader refuses it"
    fi
  done
}
customers=$examples/customers.csv summary=$examples/summary.csv log=$examples/transactions.csv
model="--model $examples/bgnbd.json"
check_fields "$vocabulary" value "" "$customers"
check_fields "$vocabulary" value "$model" "$summary" "$log"
check_fields "$vocabulary" rank "--values values.csv" -
check_fields "$vocabulary" rfm "" "$log"
check_fields "$vocabulary" fit "--model bgnbd" "$summary" "$log"
for command in project rank report validate; do
  check_fields "$one_of_each" $command "" "$customers"
done
check_fields "$one_of_each" segment "--by name" "$customers"
for command in project rank report; do
  check_fields "$one_of_each" $command "$model" "$summary" "$log"
done
check_fields "$one_of_each" segment "--by name $model" "$summary" "$log"
check_fields "$one_of_each" report "$model --summary $summary" "$customers"
check_fields "$one_of_each" predict "$model --horizon 10" "$summary" "$log"
for command in at-risk diagnose; do
  check_fields "$one_of_each" $command "$model" "$summary" "$log"
done
check_fields "$one_of_each" compare "" "$summary" "$log"

# zsh and fish: the same fields after --column, with and without --model.
zsh_fields() {  # COMMAND: the fields of its --column spec; with --model, those of the first branch
  local line
  line=$(awk -v c="    $1) _arguments" '$0 ~ "^" c {on=1; next} on && /;;/ {on=0} on' script.zsh | grep -F -- "--column'")
  if [ "${2:-}" = --model ]; then line=${line%%; else *}; else line=${line##*compadd -S \"\" -- }; fi
  line=${line##*compadd -S \"\" -- }
  printf '%s\n' ${line%%[;\}]*}
}
for command in value rfm fit; do
  [ "$(zsh_fields $command | sort)" = "$(offered $command --column "" | sort)" ] \
    || fail "zsh: clv $command --column offers $(zsh_fields $command | tr '\n' ' ')"
done
[ "$(zsh_fields value --model | sort)" = "$(offered value --model m.json --column "" | sort)" ] \
  || fail "zsh: clv value --model M --column offers $(zsh_fields value --model | tr '\n' ' ')"
if command -v fish >/dev/null; then
  fish_offered() { fish -c "source script.fish; complete -C 'clv $1'" | cut -f1 | sort; }
  for words in "value --column " "value --model m.json --column " "value -m m.json --column " "rfm --column " \
               "rank --values v.csv --column " "fit --column "; do
    # shellcheck disable=SC2086
    [ "$(fish_offered "$words")" = "$(offered $words "" | sort)" ] \
      || fail "fish: 'clv $words<TAB>' offers $(fish_offered "$words" | tr '\n' ' ')"
  done
fi

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
