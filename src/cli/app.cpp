// The dispatcher behind main(): one table of subcommands, parsing, and the single place where
// errors become `clv: error: ...` and an exit code.
#include "commands.hpp"
#include "progress.hpp"
#include "options.hpp"

#include "clv/error.hpp"
#include "clv/io/header.hpp"
#include "version.hpp"
#include "clv/io/output_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <exception>
#include <new>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace clv::cli {

namespace {

// Every subcommand, in the order `clv --help` lists them. Adding a command is one line here and
// one file in src/cli/.
constexpr std::array k_commands{
    Command{"value", "Customer value by the continuous-value formula, one row per customer", add_value_command},
    Command{"project", "The five-year projection table (revenue - cost + referral = profit)", add_project_command},
    Command{"validate", "Check a customer data set and report every problem", add_validate_command},
    Command{"rank", "Customers ranked by value: deciles, tiers, concentration and the whale curve", add_rank_command},
    Command{"segment", "Value per segment or cohort: share, LTV:CAC, payback year, customers at risk", add_segment_command},
    Command{"at-risk", "Valuable customers who have probably stopped buying, by value at stake", add_at_risk_command},
    Command{"report", "A self-contained HTML report: summary, tiers, whale curve, projections, at risk", add_report_command},
    Command{"rfm", "Per-customer frequency, recency, T and monetary value from a transaction log", add_rfm_command},
    Command{"fit", "Fit BG/NBD, Pareto/NBD, MBG/NBD, Gamma-Gamma, sBG (contracts) or BG/BB (opportunities)", add_fit_command},
    Command{"predict", "Expected transactions, probability alive and CLV per customer from fitted models", add_predict_command},
    Command{"diagnose", "Compare a fitted model's holdout predictions with the actual holdout", add_diagnose_command},
    Command{"compare", "Fit several purchase models to the same customers: AIC, BIC, holdout accuracy, the winner", add_compare_command},
};


// The closest of `candidates` to `given`: a unique candidate that starts with it, else one
// within two edits; empty when none is close.
std::string_view closest_name(std::string_view given, const std::vector<std::string>& candidates) {
  std::string_view prefixed;
  int prefix_count = 0;
  std::string_view closest;
  std::size_t best = std::string_view::npos;
  for (const std::string& candidate : candidates) {
    if (candidate.size() > given.size() && candidate.compare(0, given.size(), given) == 0) {
      prefixed = candidate;
      ++prefix_count;
    }
    const std::size_t distance = io::edit_distance(given, candidate);
    if (distance < best) {
      best = distance;
      closest = candidate;
    }
  }
  if (prefix_count == 1 && given.size() >= 3) {
    return prefixed;
  }
  return best <= 2 && best < given.size() ? closest : std::string_view{};
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const Command& command : k_commands) {
    names.emplace_back(command.name);
  }
  names.emplace_back("help");
  return names;
}

[[noreturn]] void unknown_command(std::string_view given) {
  std::string message = fmt::format("unknown command '{}'", given);
  const std::vector<std::string> names = command_names();  // closest_name returns a view into it
  const std::string_view closest = closest_name(given, names);
  if (!closest.empty()) {
    message += fmt::format(" (did you mean '{}'?)", closest);
  }
  throw usage_error(message + "; run 'clv help' for the list");
}

// The first word must name a command; a near miss gets a suggestion rather than CLI11's
// "a subcommand is required".
void check_command_name(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') {
    return;
  }
  const std::string_view given = argv[1];
  if (given == "__complete") {
    return;
  }
  for (const std::string& name : command_names()) {
    if (given == name) {
      return;
    }
  }
  unknown_command(given);
}

// Every spelling of every option of `command`: "--top", "-n", ...
std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
    for (const std::string& name : option->get_snames()) {
      names.push_back("-" + name);
    }
  }
  return names;
}

// The subcommand argv names, if any.
const CLI::App* named_command(const CLI::App& app, int argc, char** argv) {
  if (argc >= 2) {
    for (const CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == argv[1]) {
        return sub;
      }
    }
  }
  return nullptr;
}

// CLI11 reports leftovers as "The following arguments were not expected: 20 --tier" (in reverse
// order); clv names the first one as the user wrote it, with a suggestion for an option.
std::string describe_extras(const CLI::App& app, int argc, char** argv) {
  const CLI::App* command = named_command(app, argc, argv);
  const CLI::App& scope = command != nullptr ? *command : app;
  const std::string where = command != nullptr ? "clv " + command->get_name() : "clv";
  const std::vector<std::string> known = option_names(scope);
  for (int i = command != nullptr ? 2 : 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--") {
      break;
    }
    const bool number = argument.size() >= 2 && ((argument[1] >= '0' && argument[1] <= '9') || argument[1] == '.');
    if (argument.size() < 2 || argument[0] != '-' || number) {
      continue;  // a file, a value, or a negative number
    }
    std::string name{argument.substr(0, argument.find('='))};
    if (name.size() > 2 && name[1] != '-') {
      name = name.substr(0, 2);  // -n5: the short option -n with its value
    }
    if (std::find(known.begin(), known.end(), name) != known.end()) {
      continue;
    }
    std::string message = fmt::format("unknown option '{}' for '{}'", name, where);
    const std::string_view closest = name.size() > 2 ? closest_name(name, known) : std::string_view{};
    if (!closest.empty()) {
      message += fmt::format(" (did you mean '{}'?)", closest);
    }
    return message + fmt::format("; run 'clv help{}' for its options", command != nullptr ? " " + command->get_name() : "");
  }
  return fmt::format("unexpected argument(s) for '{}': {}; run 'clv help{}' for usage", where,
                     CLI::detail::join(app.remaining(true), " "),
                     command != nullptr ? " " + command->get_name() : "");
}

// CLI11's messages, reworded: "--format: jsn not in {table,csv}" becomes "--format: 'jsn' is
// not one of table, csv"; a missing value, a repeated option and a number that does not read
// are said plainly. Anything else keeps CLI11's words, on one line.
std::string reword(std::string message, const CLI::App* command) {
  std::replace(message.begin(), message.end(), '\n', ' ');
  while (!message.empty() && message.back() == ' ') {
    message.pop_back();
  }
  std::smatch match;
  if (std::regex_match(message, match, std::regex(R"((\S+): (.*) not in \{(.*)\})"))) {
    const std::string members = std::regex_replace(match[3].str(), std::regex(","), ", ");
    std::vector<std::string> candidates;
    std::string member;
    for (const char c : match[3].str() + ",") {
      if (c == ',') {
        candidates.push_back(member);
        member.clear();
      } else {
        member += c;
      }
    }
    std::string reworded = fmt::format("{}: '{}' is not one of {}", match[1].str(), match[2].str(), members);
    if (const std::string_view closest = closest_name(match[2].str(), candidates); !closest.empty()) {
      reworded += fmt::format(" (did you mean '{}'?)", closest);
    }
    return reworded;
  }
  if (std::regex_match(message, match, std::regex(R"((\S+): Value (.*) not in range (.*) to (.*))"))) {
    return fmt::format("{}: '{}' is outside {} to {}", match[1].str(), match[2].str(), match[3].str(), match[4].str());
  }
  if (std::regex_match(message, match, std::regex(R"(Could not convert: (\S+) = (.*))"))) {
    std::string what = "a valid value";
    if (command != nullptr) {
      if (const CLI::Option* option = command->get_option_no_throw(match[1].str()); option != nullptr) {
        const std::string type = option->get_type_name();
        what = type.rfind("FLOAT", 0) == 0 ? "a number"
               : type.rfind("INT", 0) == 0 || type.rfind("UINT", 0) == 0 ? "a whole number"
                                                                       : what;
      }
    }
    return fmt::format("{}: '{}' is not {}", match[1].str(), match[2].str(), what);
  }
  if (std::regex_match(message, match, std::regex(R"((\S+): At Most \d+ required but received \d+)"))) {
    return fmt::format("{} is given more than once", match[1].str());
  }
  if (std::regex_match(message, match, std::regex(R"((\S+): \d+ required .* missing)"))) {
    return fmt::format("{} needs a value", match[1].str());
  }
  return message;
}

// One line, in clv's words, for every parse error, with where to look for the usage.
std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& app, int argc, char** argv) {
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    return describe_extras(app, argc, argv);
  }
  const CLI::App* command = named_command(app, argc, argv);
  const std::string message = error.what();
  if (command == nullptr && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr &&
      message.find("subcommand") != std::string::npos) {
    return "no command given; run 'clv help' for the list";
  }
  return fmt::format("{}; run 'clv help{}' for usage", reword(message, command),
                     command != nullptr ? " " + command->get_name() : "");
}

// Help and version text on standard output, which like every output may fail to be written (a
// full disk, a closed pipe): exit 73 then, not 0 with the text lost. Throws clv::Error.
void write_stdout(std::string_view text) {
  io::Output output("-");
  output.write(text);
  output.commit();
}

// `clv help [COMMAND]`: the same text as `clv [COMMAND] --help`.
int print_help(const CLI::App& app, int argc, char** argv) {
  if (argc < 3) {
    write_stdout(app.help());
    return 0;
  }
  if (argc > 3) {
    throw usage_error("'clv help' takes at most one command");
  }
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == argv[2]) {
      write_stdout(sub->help(app.get_name()));
      return 0;
    }
  }
  unknown_command(argv[2]);
}

// Interrupted (Ctrl-C, kill, a closed terminal): remove the temporary output files, then die of
// the signal as if clv had no handler, so the caller sees 128+n. Only async-signal-safe calls.
void on_termination_signal(int signal_number) {
  io::remove_temporary_files();
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

void install_signal_handlers() {
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction previous {};
    sigaction(signal_number, nullptr, &previous);
    if (previous.sa_handler == SIG_IGN) {
      continue;  // ignored by the caller (nohup, a background job): stays ignored
    }
    struct sigaction action {};
    action.sa_handler = on_termination_signal;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, nullptr);
  }
}

int report_out_of_memory() {
  std::fputs("clv: error: out of memory: the input needs more memory than clv may use here\n", stderr);
  return static_cast<int>(ExitCode::software);
}

int report(const Error& error) {
  std::fprintf(stderr, "clv: error: %s\n", error.describe().c_str());
  return static_cast<int>(error.code());
}

int run_command(int argc, char** argv) {
  install_signal_handlers();
  CLI::App app{"clv: customer lifetime value from customer records, ledgers or transaction logs",
               "clv"};
  app.set_version_flag("-V,--version", std::string("clv ") + k_build_version);
  app.require_subcommand(1);
  app.fallthrough(false);
  for (const Command& command : k_commands) {
    command.add(app, command.name, command.summary);
  }
  add_completion_command(app);
  // -q, wherever a command has it, silences progress as well as warnings.
  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
    if (CLI::Option* quiet = command->get_option_no_throw("--quiet"); quiet != nullptr) {
      quiet->each([](const std::string&) { silence_progress(); });
    }
  }
  app.footer("Run 'clv help COMMAND' (or 'clv COMMAND --help') for a command's options.");
  try {
    remember_command_line(argc, argv);
    check_command_name(argc, argv);
    if (argc >= 2 && std::string_view(argv[1]) == "help") {
      return print_help(app, argc, argv);
    }
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    // --help, --version: printed to stdout, exit 0.
    std::ostringstream text;
    const int code = app.exit(success, text, text);
    try {
      write_stdout(text.str());
    } catch (const Error& error) {
      return report(error);
    }
    return code;
  } catch (const CLI::ParseError& parse_error) {
    return report(usage_error(describe_parse_error(parse_error, app, argc, argv)));
  } catch (const Error& error) {
    return report(error);
  } catch (const std::bad_alloc&) {
    return report_out_of_memory();
  } catch (const std::system_error& failure) {
    if (failure.code() == std::errc::resource_unavailable_try_again) {
      return report_out_of_memory();  // a thread could not be started: no memory for its stack
    }
    std::fprintf(stderr, "clv: error: internal error: %s\n", failure.what());
    return static_cast<int>(ExitCode::software);
  } catch (const std::exception& unexpected) {
    std::fprintf(stderr, "clv: error: internal error: %s\n", unexpected.what());
    return static_cast<int>(ExitCode::software);
  }
  return 0;
}

}  // namespace

// Running out of memory while the command line is being set up (before run_command's own
// handlers) is the same one line.
int run(int argc, char** argv) {
  try {
    return run_command(argc, argv);
  } catch (const std::bad_alloc&) {
    return report_out_of_memory();
  }
}

}  // namespace clv::cli
