// The dispatcher behind main(): one table of subcommands, parsing, and the single place where
// errors become `clv: error: ...` and an exit code.
#include "commands.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <exception>
#include <new>

namespace clv::cli {

namespace {

// Every subcommand, in the order `clv --help` lists them. Adding a command is one line here and
// one file in src/cli/.
constexpr std::array k_commands{
    Command{"value", "Customer value by the continuous-value formula, one row per customer", add_value_command},
    Command{"project", "The five-year projection table (revenue - cost + referral = profit)", add_project_command},
    Command{"validate", "Check a customer data set and report every problem", add_validate_command},
    Command{"rank", "Customers ranked by value: deciles, tiers, concentration and the whale curve", add_rank_command},
    Command{"at-risk", "Valuable customers who have probably stopped buying, by value at stake", add_at_risk_command},
    Command{"report", "A self-contained HTML report: summary, tiers, whale curve, projections, at risk", add_report_command},
    Command{"rfm", "Per-customer frequency, recency, T and monetary value from a transaction log", add_rfm_command},
    Command{"fit", "Fit BG/NBD, Pareto/NBD, MBG/NBD or Gamma-Gamma to a customer summary", add_fit_command},
    Command{"predict", "Expected transactions, probability alive and CLV per customer from fitted models", add_predict_command},
    Command{"diagnose", "Compare a fitted model's holdout predictions with the actual holdout", add_diagnose_command},
};

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
