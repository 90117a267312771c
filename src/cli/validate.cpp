// `clv validate`: reads a customer file and reports every problem, not just the first: one per
// line on standard error in the same form as clv's errors, exit 65 if there was any. Without
// problems, one line on standard output summarises what was read, and the exit code is 0.
#include "commands.hpp"
#include "options.hpp"

#include "clv/error.hpp"
#include "clv/io/output_file.hpp"
#include "clv/projection.hpp"
#include "clv/referral.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

namespace clv::cli {

namespace {

struct ValidateOptions {
  TableArguments table;
};

void run_validate(const ValidateOptions& options) {
  std::size_t problems = 0;
  const ProblemSink sink = [&problems](const Error& problem) {
    ++problems;
    std::fprintf(stderr, "clv: error: %s\n", problem.describe().c_str());
  };
  require_input(options.table.path);
  const CustomerSet set = input::read_customer_records(table_options(options.table), &sink, input::ModelOption::not_offered);
  // The tree's checks (unknown referrers, cycles) need the ids, which the reader has kept even
  // when other fields were bad.
  (void)build_referral_tree(set, &sink);
  std::size_t ledgers = 0;
  std::size_t referred = 0;
  for (const Customer& customer : set.customers) {
    ledgers += has_ledger(customer) ? 1 : 0;
    referred += customer.referred_by ? 1 : 0;
  }
  if (problems > 0) {
    throw Error(ExitCode::data_error,
                fmt::format("{} problem{} found", problems, problems == 1 ? "" : "s"), Location{set.source});
  }
  io::Output output("-");  // a full disk or a closed pipe is an error (73), not a silent loss
  output.write(fmt::format("{}: OK: {} customers ({} with a ledger, {} referred)\n", set.source,
                           set.customers.size(), ledgers, referred));
  output.commit();
}

}  // namespace

void add_validate_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->add_option("FILE", options->table.path, "Customers (CSV or JSON; '-' or none: standard input)");
  add_table_options(*command, options->table, KeepOption::omit);
  command->callback([options] { run_validate(*options); });
}

}  // namespace clv::cli
