# bash completion for clv. Subcommands and options are read from `clv --help` and
# `clv COMMAND --help`, so the completion never falls behind the program.

_clv_words_from_help() {
  # $1: "" for subcommands, else the subcommand whose options to list
  if [[ -z $1 ]]; then
    clv --help 2>/dev/null | awk '/^Subcommands:/ {on=1; next} on && NF {print $1}'
  else
    clv "$1" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u
  fi
}

_clv() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "$(_clv_words_from_help '') --help --version" -- "$cur"))
    return
  fi
  local command=${COMP_WORDS[1]}
  case $prev in
    -f|--format) COMPREPLY=($(compgen -W "table csv tsv json markdown" -- "$cur")); return ;;
    -u|--unit) COMPREPLY=($(compgen -W "days weeks months" -- "$cur")); return ;;
    --referrals) COMPREPLY=($(compgen -W "all direct" -- "$cur")); return ;;
    --input-format) COMPREPLY=($(compgen -W "auto csv tsv whitespace jsonl" -- "$cur")); return ;;
    --collapse) COMPREPLY=($(compgen -W "day unit" -- "$cur")); return ;;
    --returns) COMPREPLY=($(compgen -W "net error" -- "$cur")); return ;;
    -m|--model)
      if [[ $command == fit ]]; then
        COMPREPLY=($(compgen -W "bgnbd pnbd mbgnbd gg" -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi
      return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_clv_words_from_help "$command")" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}

complete -o filenames -F _clv clv
