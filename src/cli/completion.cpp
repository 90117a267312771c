// `clv __complete bash|zsh|fish [-o FILE]` (hidden): writes a shell completion script made from
// clv's own option table, so the completion offers exactly what each command accepts. The build
// runs it to make the installed scripts (see cmake/install.cmake).
#include "commands.hpp"

#include "clv/error.hpp"
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

struct OptionSpec {
  std::vector<std::string> short_names;  // "f"
  std::vector<std::string> long_names;   // "format"
  std::string description;
  ValueKind kind = ValueKind::none;
  std::vector<std::string> values;  // for ValueKind::fixed
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

// "customer_id=", "name=", ...: every field --column maps, from the header vocabulary.
std::vector<std::string> field_mappings() {
  std::vector<std::string> values;
  for (std::size_t i = 0; i < io::k_field_count; ++i) {
    values.push_back(std::string(io::field_name(static_cast<io::Field>(i))) + "=");
  }
  return values;
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
        entry.values = field_mappings();
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

std::vector<std::string> spellings(const OptionSpec& option) {
  std::vector<std::string> names;
  for (const std::string& name : option.short_names) {
    names.push_back("-" + name);
  }
  for (const std::string& name : option.long_names) {
    names.push_back("--" + name);
  }
  return names;
}

std::string command_list(const std::vector<CommandSpec>& commands) {
  std::vector<std::string> names;
  for (const CommandSpec& command : commands) {
    names.push_back(command.name);
  }
  return join(names, " ");
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
      "  case $command in\n";
  out += fmt::format("    '') COMPREPLY=($(compgen -W \"{} help --help --version\" -- \"$cur\")) ;;\n",
                     command_list(commands));
  out += fmt::format("    help) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")) ;;\n", command_list(commands));
  for (const CommandSpec& command : commands) {
    out += fmt::format("    {})\n      case $prev in\n", command.name);
    std::vector<std::string> all_names{"-h", "--help"};
    for (const OptionSpec& option : command.options) {
      const std::vector<std::string> names = spellings(option);
      all_names.insert(all_names.end(), names.begin(), names.end());
      switch (option.kind) {
        case ValueKind::none: break;
        case ValueKind::fixed:
          out += fmt::format("        {}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return ;;\n", join(names, "|"),
                             join(option.values, " "));
          break;
        case ValueKind::mapping:
          out += fmt::format(
              "        {}) compopt -o nospace 2>/dev/null; COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return ;;\n",
              join(names, "|"), join(option.values, " "));
          break;
        case ValueKind::file: out += fmt::format("        {}) _clv_files; return ;;\n", join(names, "|")); break;
        case ValueKind::other: out += fmt::format("        {}) return ;;\n", join(names, "|")); break;
      }
    }
    out += "      esac\n";
    out += fmt::format("      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))", join(all_names, " "));
    out += command.files ? "; else _clv_files; fi ;;\n" : "; fi ;;\n";
  }
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
  for (const CommandSpec& command : commands) {
    out += fmt::format("    {}) _arguments -s -S : \\\n", command.name);
    out += "        '(- *)'{-h,--help}'[Print help]' \\\n";
    for (const OptionSpec& option : command.options) {
      const std::vector<std::string> names = spellings(option);
      const std::string exclusive = names.size() > 1 ? fmt::format("'({})'", join(names, " ")) : "";
      const std::string spelled =
          names.size() > 1 ? fmt::format("{{{}}}", join(names, ",")) : names.front();
      std::string action;
      switch (option.kind) {
        case ValueKind::none: break;
        case ValueKind::fixed: action = fmt::format(":value:({})", join(option.values, " ")); break;
        case ValueKind::mapping: action = fmt::format(":field:{{compadd -S \"\" -- {}}}", join(option.values, " ")); break;
        case ValueKind::file: action = ":file:_files"; break;
        case ValueKind::other: action = ":value: "; break;
      }
      out += fmt::format("        {}{}'[{}]{}' \\\n", exclusive, spelled, zsh_text(option.description), action);
    }
    out += command.files ? "        '*:file:_files' ;;\n" : "        ;;\n";
  }
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

std::string fish_script(const std::vector<CommandSpec>& commands) {
  std::string out =
      "# fish completion for clv. Generated by `clv __complete fish` from clv's option table: do not edit.\n"
      "complete -c clv -f\n"
      "complete -c clv -n __fish_use_subcommand -s h -l help -d 'Print help'\n"
      "complete -c clv -n __fish_use_subcommand -s V -l version -d 'Print the version'\n"
      "complete -c clv -n __fish_use_subcommand -a help -d 'Help on clv or a command'\n";
  out += fmt::format("complete -c clv -n '__fish_seen_subcommand_from help' -a '{}'\n", command_list(commands));
  for (const CommandSpec& command : commands) {
    out += fmt::format("complete -c clv -n __fish_use_subcommand -a {} -d '{}'\n", command.name,
                       fish_text(command.description));
    const std::string when = fmt::format("complete -c clv -n '__fish_seen_subcommand_from {}'", command.name);
    out += when + " -s h -l help -d 'Print help'\n";
    for (const OptionSpec& option : command.options) {
      std::string line = when;
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
      out += line + fmt::format(" -d '{}'\n", fish_text(option.description));
    }
    if (command.files) {
      out += when + " -F\n";
    }
  }
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
