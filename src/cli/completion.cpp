// `clv __complete bash|zsh|fish [-o FILE]` (hidden): writes a shell completion script made from
// clv's own option table, so the completion offers exactly what each command accepts. The build
// runs it to make the installed scripts (see cmake/install.cmake).
#include "commands.hpp"

#include "clv/error.hpp"
#include "clv/input/command_files.hpp"
#include "clv/io/header.hpp"
#include "clv/io/output_file.hpp"

#include <fmt/format.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clv::cli {

namespace {

// What the completion needs to know of one option.
// `mapping` is --column's FIELD=HEADER: the field names are offered with '=' and no space after.
enum class ValueKind { none, file, fixed, mapping, other };

// A mapping's values when another option is on the line: --column after --model names the
// fields of a summary or log, not of customer records.
struct ValueSwitch {
  std::vector<std::string> short_names;  // of the option that switches
  std::vector<std::string> long_names;
  std::vector<std::string> values;
};

struct OptionSpec {
  std::vector<std::string> short_names;  // "f"
  std::vector<std::string> long_names;   // "format"
  std::string description;
  ValueKind kind = ValueKind::none;
  std::vector<std::string> values;    // for ValueKind::fixed, and a mapping's without a switch
  std::vector<ValueSwitch> switches;  // for ValueKind::mapping: the first one given decides
};

struct CommandSpec {
  std::string name;
  std::string description;
  std::vector<OptionSpec> options;
  bool files = false;  // takes FILE arguments
};

// A value names a file when its placeholder says so: FILE, MODEL.json, LOG, SUMMARY ...
bool names_a_file(std::string_view placeholder) {
  for (const std::string_view word : {"FILE", "LOG", "SUMMARY", ".json", ".csv", "PATH", "DIR"}) {
    if (placeholder.find(word) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// The members of an IsMember check, from the option's type name "TEXT:{table,csv,json}".
std::vector<std::string> fixed_values(const std::string& type_name) {
  std::vector<std::string> values;
  const std::size_t open = type_name.find('{');
  const std::size_t close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) {
    return values;
  }
  std::size_t start = open + 1;
  while (start < close) {
    const std::size_t end = std::min(type_name.find(',', start), close);
    values.push_back(type_name.substr(start, end - start));
    start = end + 1;
  }
  return values;
}

// "customer_id=", "name=", ...: the fields --column may map when FILE is read for `use`.
std::vector<std::string> field_mappings(input::Use use) {
  std::vector<std::string> values;
  for (const io::Field field : input::mappable_fields(use)) {
    values.push_back(std::string(io::field_name(field)) + "=");
  }
  return values;
}

// --column of `command`: the fields of what it reads as FILE, and of what the options that
// change FILE's kind make it.
void add_field_mappings(OptionSpec& entry, const CLI::App& command) {
  const input::CommandFile* file = input::command_file(command.get_name());
  if (file == nullptr) {
    throw Error(ExitCode::software,
                fmt::format("completion: clv {} has --column but no entry in src/input/command_files.cpp",
                            command.get_name()));
  }
  entry.values = field_mappings(file->use);
  for (const input::FileSwitch& given : file->switches) {
    const CLI::Option* option = command.get_option_no_throw(std::string(given.option));
    if (option == nullptr) {
      throw Error(ExitCode::software, fmt::format("completion: clv {} has no {} (src/input/command_files.cpp)",
                                                  command.get_name(), given.option));
    }
    entry.switches.push_back(ValueSwitch{option->get_snames(), option->get_lnames(), field_mappings(given.use)});
  }
}

// The first sentence of a description, on one line.
std::string short_description(const std::string& text) {
  std::string line = text.substr(0, text.find_first_of(";(\n"));
  while (!line.empty() && (line.back() == ' ' || line.back() == ',' || line.back() == ':')) {
    line.pop_back();
  }
  return line;
}

std::vector<CommandSpec> command_specs(const CLI::App& app) {
  std::vector<CommandSpec> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    CommandSpec spec{sub->get_name(), short_description(sub->get_description()), {}, false};
    for (const CLI::Option* option : sub->get_options()) {
      if (option == sub->get_help_ptr()) {
        continue;  // every script offers -h/--help itself
      }
      if (option->get_group().empty()) {
        continue;  // hidden: accepted only to explain why it does not apply
      }
      const std::string type_name = option->get_type_name();
      if (!option->nonpositional()) {
        spec.files = spec.files || names_a_file(option->get_name(true, false)) || names_a_file(type_name);
        continue;
      }
      OptionSpec entry;
      entry.short_names = option->get_snames();
      entry.long_names = option->get_lnames();
      entry.description = short_description(option->get_description());
      if (option->get_expected_max() == 0) {  // a flag
        entry.kind = ValueKind::none;
      } else if (option->get_option_text() == "FIELD=HEADER") {
        entry.kind = ValueKind::mapping;
        add_field_mappings(entry, *sub);
      } else if (std::vector<std::string> values = fixed_values(type_name); !values.empty()) {
        entry.kind = ValueKind::fixed;
        entry.values = std::move(values);
      } else if (names_a_file(option->get_option_text()) || names_a_file(type_name)) {
        entry.kind = ValueKind::file;
      } else {
        entry.kind = ValueKind::other;
      }
      spec.options.push_back(std::move(entry));
    }
    commands.push_back(std::move(spec));
  }
  return commands;
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const std::string& word : words) {
    out += (out.empty() ? "" : std::string(separator)) + word;
  }
  return out;
}

std::vector<std::string> spellings(const std::vector<std::string>& short_names,
                                   const std::vector<std::string>& long_names) {
  std::vector<std::string> names;
  for (const std::string& name : short_names) {
    names.push_back("-" + name);
  }
  for (const std::string& name : long_names) {
    names.push_back("--" + name);
  }
  return names;
}

std::vector<std::string> spellings(const OptionSpec& option) {
  return spellings(option.short_names, option.long_names);
}

std::string command_list(const std::vector<CommandSpec>& commands) {
  std::vector<std::string> names;
  for (const CommandSpec& command : commands) {
    names.push_back(command.name);
  }
  return join(names, " ");
}

// The walk the three scripts share: per command a head, a piece per option, a tail; the shells
// differ only in these pieces.
struct ScriptPieces {
  std::string (*head)(const CommandSpec& command);
  std::string (*option)(const CommandSpec& command, const OptionSpec& option);
  std::string (*tail)(const CommandSpec& command);
};

std::string per_command(const std::vector<CommandSpec>& commands, const ScriptPieces& pieces) {
  std::string out;
  for (const CommandSpec& command : commands) {
    out += pieces.head(command);
    for (const OptionSpec& option : command.options) {
      out += pieces.option(command, option);
    }
    out += pieces.tail(command);
  }
  return out;
}

std::string bash_head(const CommandSpec& command) {
  return fmt::format("    {})\n      case $prev in\n", command.name);
}

std::string bash_words(const std::vector<std::string>& values) {
  return fmt::format("COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))", join(values, " "));
}

// --column: the first switch on the line decides the fields offered.
std::string bash_mapping(const OptionSpec& option) {
  if (option.switches.empty()) {
    return "; " + bash_words(option.values) + "; return ;;\n";
  }
  std::string out = "\n";
  for (std::size_t i = 0; i < option.switches.size(); ++i) {
    const ValueSwitch& given = option.switches[i];
    out += fmt::format("          {} _clv_given {}; then {}\n", i == 0 ? "if" : "elif",
                       join(spellings(given.short_names, given.long_names), " "), bash_words(given.values));
  }
  return out + fmt::format("          else {}; fi\n          return ;;\n", bash_words(option.values));
}

std::string bash_option(const CommandSpec& /*command*/, const OptionSpec& option) {
  const std::string names = join(spellings(option), "|");
  switch (option.kind) {
    case ValueKind::none: return "";
    case ValueKind::fixed: return fmt::format("        {}) {}; return ;;\n", names, bash_words(option.values));
    case ValueKind::mapping:
      return fmt::format("        {}) compopt -o nospace 2>/dev/null{}", names, bash_mapping(option));
    case ValueKind::file: return fmt::format("        {}) _clv_files; return ;;\n", names);
    case ValueKind::other: return fmt::format("        {}) return ;;\n", names);
  }
  return "";
}

std::string bash_tail(const CommandSpec& command) {
  std::vector<std::string> all_names{"-h", "--help"};
  for (const OptionSpec& option : command.options) {
    const std::vector<std::string> names = spellings(option);
    all_names.insert(all_names.end(), names.begin(), names.end());
  }
  std::string out = "      esac\n";
  out += fmt::format("      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))", join(all_names, " "));
  out += command.files ? "; else _clv_files; fi ;;\n" : "; fi ;;\n";
  return out;
}

std::string bash_script(const std::vector<CommandSpec>& commands) {
  std::string out =
      "# bash completion for clv. Generated by `clv __complete bash` from clv's option table: do not edit.\n"
      "_clv() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command= i\n"
      "  # --option=value, whether or not '=' is a word break\n"
      "  if [[ $cur == '=' ]]; then cur=; fi\n"
      "  if [[ $prev == '=' && $COMP_CWORD -ge 2 ]]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi\n"
      "  if [[ $cur == --*=* ]]; then prev=${cur%%=*}; cur=${cur#*=}; fi\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case ${COMP_WORDS[i]} in -*) ;; *) command=${COMP_WORDS[i]}; break ;; esac\n"
      "  done\n"
      "  _clv_files() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); }\n"
      "  # Whether one of the options named is on the line before the word completed (-mFILE too).\n"
      "  _clv_given() {\n"
      "    local w o\n"
      "    for w in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do\n"
      "      for o; do [[ $w == \"$o\" || $w == \"$o=\"* || ( $o != --* && $w == \"$o\"?* ) ]] && return 0; done\n"
      "    done\n"
      "    return 1\n"
      "  }\n"
      "  case $command in\n";
  out += fmt::format("    '') COMPREPLY=($(compgen -W \"{} help --help --version\" -- \"$cur\")) ;;\n",
                     command_list(commands));
  out += fmt::format("    help) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")) ;;\n", command_list(commands));
  out += per_command(commands, {bash_head, bash_option, bash_tail});
  out += "  esac\n}\ncomplete -F _clv clv\n";
  return out;
}

// zsh's _arguments specs: brackets and quotes would end the description early.
std::string zsh_text(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '[' || c == '(') {
      out += '(';
    } else if (c == ']' || c == ')') {
      out += ')';
    } else if (c == '\'') {
      out += "'\\''";
    } else if (c == ':' || c == '\\' || c == '`') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string zsh_head(const CommandSpec& command) {
  return fmt::format("    {}) _arguments -s -S : \\\n", command.name) + "        '(- *)'{-h,--help}'[Print help]' \\\n";
}

// --column: compadd without a space after '='; the first switch in $words decides the fields.
std::string zsh_mapping(const OptionSpec& option) {
  const auto add = [](const std::vector<std::string>& values) {
    return fmt::format("compadd -S \"\" -- {}", join(values, " "));
  };
  if (option.switches.empty()) {
    return fmt::format(":field:{{{}}}", add(option.values));
  }
  std::string code;
  for (const ValueSwitch& given : option.switches) {
    std::vector<std::string> patterns;
    for (const std::string& name : spellings(given.short_names, given.long_names)) {
      patterns.push_back(name);
      patterns.push_back(name + (name.starts_with("--") ? "=*" : "?*"));
    }
    code += fmt::format("{}if (( ${{words[(I)({})]}} )); then {}; ", code.empty() ? "" : "el", join(patterns, "|"),
                        add(given.values));
  }
  return fmt::format(":field:{{{}else {}; fi}}", code, add(option.values));
}

std::string zsh_option(const CommandSpec& /*command*/, const OptionSpec& option) {
  const std::vector<std::string> names = spellings(option);
  const std::string exclusive = names.size() > 1 ? fmt::format("'({})'", join(names, " ")) : "";
  const std::string spelled = names.size() > 1 ? fmt::format("{{{}}}", join(names, ",")) : names.front();
  std::string action;
  switch (option.kind) {
    case ValueKind::none: break;
    case ValueKind::fixed: action = fmt::format(":value:({})", join(option.values, " ")); break;
    case ValueKind::mapping: action = zsh_mapping(option); break;
    case ValueKind::file: action = ":file:_files"; break;
    case ValueKind::other: action = ":value: "; break;
  }
  return fmt::format("        {}{}'[{}]{}' \\\n", exclusive, spelled, zsh_text(option.description), action);
}

std::string zsh_tail(const CommandSpec& command) {
  return command.files ? "        '*:file:_files' ;;\n" : "        ;;\n";
}

std::string zsh_script(const std::vector<CommandSpec>& commands) {
  std::string out =
      "#compdef clv\n"
      "# zsh completion for clv. Generated by `clv __complete zsh` from clv's option table: do not edit.\n"
      "_clv() {\n"
      "  local -a commands\n"
      "  commands=(\n";
  for (const CommandSpec& command : commands) {
    out += fmt::format("    '{}:{}'\n", command.name, zsh_text(command.description));
  }
  out += "    'help:Help on clv or a command'\n  )\n";
  out += "  if (( CURRENT == 2 )); then _describe command commands; return; fi\n";
  out += "  case $words[2] in\n";
  out += fmt::format("    help) _arguments ':command:({})' ;;\n", command_list(commands));
  out += per_command(commands, {zsh_head, zsh_option, zsh_tail});
  out += "  esac\n}\n_clv \"$@\"\n";
  return out;
}

std::string fish_text(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string fish_when(const CommandSpec& command) {
  return fmt::format("complete -c clv -n '__fish_seen_subcommand_from {}'", command.name);
}

std::string fish_head(const CommandSpec& command) {
  return fmt::format("complete -c clv -n __fish_use_subcommand -a {} -d '{}'\n", command.name,
                     fish_text(command.description)) +
         fish_when(command) + " -s h -l help -d 'Print help'\n";
}

// A switched --column: the option once with its description, then its fields under the
// condition that the first switch given is this one (or none is).
std::string fish_switched_mapping(const CommandSpec& command, const OptionSpec& option) {
  std::string names;
  for (const std::string& name : option.long_names) {
    names += " -l " + name;
  }
  std::string out = fish_when(command) + names + fmt::format(" -x -d '{}'\n", fish_text(option.description));
  std::string none_before;  // "; and not __fish_contains_opt ..." for each earlier switch
  const auto fields = [&](const std::string& condition, const std::vector<std::string>& values) {
    return fmt::format("complete -c clv -n '__fish_seen_subcommand_from {}{}'{} -x -a '{}'\n", command.name, condition,
                       names, join(values, " "));
  };
  for (const ValueSwitch& given : option.switches) {
    std::string test = "__fish_contains_opt";
    for (const std::string& name : given.short_names) {
      test += " -s " + name;
    }
    for (const std::string& name : given.long_names) {
      test += " " + name;
    }
    out += fields(none_before + "; and " + test, given.values);
    none_before += "; and not " + test;
  }
  return out + fields(none_before, option.values);
}

std::string fish_option(const CommandSpec& command, const OptionSpec& option) {
  if (option.kind == ValueKind::mapping && !option.switches.empty()) {
    return fish_switched_mapping(command, option);
  }
  std::string line = fish_when(command);
  for (const std::string& name : option.short_names) {
    line += " -s " + name;
  }
  for (const std::string& name : option.long_names) {
    line += " -l " + name;
  }
  switch (option.kind) {
    case ValueKind::none: break;
    case ValueKind::fixed:
    case ValueKind::mapping: line += fmt::format(" -x -a '{}'", join(option.values, " ")); break;  // no space after '='
    case ValueKind::file: line += " -r -F"; break;
    case ValueKind::other: line += " -x"; break;
  }
  return line + fmt::format(" -d '{}'\n", fish_text(option.description));
}

std::string fish_tail(const CommandSpec& command) { return command.files ? fish_when(command) + " -F\n" : ""; }

std::string fish_script(const std::vector<CommandSpec>& commands) {
  std::string out =
      "# fish completion for clv. Generated by `clv __complete fish` from clv's option table: do not edit.\n"
      "complete -c clv -f\n"
      "complete -c clv -n __fish_use_subcommand -s h -l help -d 'Print help'\n"
      "complete -c clv -n __fish_use_subcommand -s V -l version -d 'Print the version'\n"
      "complete -c clv -n __fish_use_subcommand -a help -d 'Help on clv or a command'\n";
  out += fmt::format("complete -c clv -n '__fish_seen_subcommand_from help' -a '{}'\n", command_list(commands));
  out += per_command(commands, {fish_head, fish_option, fish_tail});
  return out;
}

}  // namespace

void add_completion_command(CLI::App& app) {
  struct Options {
    std::string shell;
    std::string output = "-";
  };
  auto options = std::make_shared<Options>();
  // An empty group hides the command from `clv --help` and from the scripts themselves.
  CLI::App* command = app.add_subcommand("__complete", "Write a shell completion script")->group("");
  command->add_option("SHELL", options->shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  command->add_option("-o,--output", options->output, "Write to FILE instead of standard output");
  command->callback([options, &app] {
    const std::vector<CommandSpec> commands = command_specs(app);
    const std::string script = options->shell == "bash"  ? bash_script(commands)
                               : options->shell == "zsh" ? zsh_script(commands)
                                                         : fish_script(commands);
    io::Output output(options->output);
    output.write(script);
    output.commit();
  });
}

}  // namespace clv::cli
