// The dispatcher behind main(): one table of subcommands, parsing, and the single place where
// errors become `clv: error: ...` and an exit code.
#include "commands.hpp"
#include "common.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <string_view>
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
    Command{"fit", "Fit BG/NBD, Pareto/NBD, MBG/NBD or Gamma-Gamma to a customer summary", add_fit_command},
    Command{"predict", "Expected transactions, probability alive and CLV per customer from fitted models", add_predict_command},
    Command{"diagnose", "Compare a fitted model's holdout predictions with the actual holdout", add_diagnose_command},
};

// Levenshtein distance, for "did you mean" on a mistyped command.
std::size_t edit_distance(std::string_view from, std::string_view to) {
  std::vector<std::size_t> row(to.size() + 1);
  for (std::size_t j = 0; j <= to.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= from.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= to.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (from[i - 1] == to[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[to.size()];
}

// The first word must name a command; a near miss gets a suggestion rather than CLI11's
// "a subcommand is required".
void check_command_name(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') {
    return;
  }
  const std::string_view given = argv[1];
  std::string_view closest;
  std::size_t best = std::string_view::npos;
  for (const Command& command : k_commands) {
    if (given == command.name) {
      return;
    }
    const std::size_t distance = edit_distance(given, command.name);
    if (distance < best) {
      best = distance;
      closest = command.name;
    }
  }
  std::string message = fmt::format("unknown command '{}'", given);
  if (best <= 2) {
    message += fmt::format(" (did you mean '{}'?)", closest);
  }
  throw usage_error(message + "; run 'clv --help' for the list");
}

int report(const Error& error) {
  std::fprintf(stderr, "clv: error: %s\n", error.describe().c_str());
  return static_cast<int>(error.code());
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"clv: customer lifetime value from customer records, ledgers or transaction logs",
               "clv"};
  app.set_version_flag("-V,--version", std::string("clv ") + CLV_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  for (const Command& command : k_commands) {
    command.add(app, command.name, command.summary);
  }
  try {
    remember_command_line(argc, argv);
    check_command_name(argc, argv);
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);  // --help, --version: printed to stdout, exit 0
  } catch (const CLI::ParseError& parse_error) {
    std::fprintf(stderr, "clv: error: %s\n", parse_error.what());
    std::fprintf(stderr, "run 'clv --help' or 'clv COMMAND --help' for usage\n");
    return static_cast<int>(ExitCode::usage);
  } catch (const Error& error) {
    return report(error);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "clv: error: out of memory\n");
    return static_cast<int>(ExitCode::software);
  } catch (const std::exception& unexpected) {
    std::fprintf(stderr, "clv: error: internal error: %s\n", unexpected.what());
    return static_cast<int>(ExitCode::software);
  }
  return 0;
}

}  // namespace clv::cli
