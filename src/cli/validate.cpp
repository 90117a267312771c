// `clv validate`: reads a customer file and reports every problem, not just the first: one per
// line on standard error in the same form as clv's errors, exit 65 if there was any. Without
// problems, one line on standard output summarises what was read, and the exit code is 0.
// With -f or -o the findings and the summary are written there instead (clv/io/findings_writer.hpp),
// and standard error gets only the count; the exit code is the same.
#include "commands.hpp"
#include "options.hpp"

#include "clv/error.hpp"
#include "clv/io/findings_writer.hpp"
#include "clv/io/output_file.hpp"
#include "clv/io/plural.hpp"
#include "clv/projection.hpp"
#include "clv/referral.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace clv::cli {

namespace {

struct ValidateOptions {
  TableArguments table;
  OutputOptions output;
  const CLI::App* command = nullptr;
};

// Findings go to the output when the user asked for a format or a file.
bool findings_to_output(const ValidateOptions& options) {
  return options.command != nullptr && (options.command->count("--format") > 0 || options.command->count("--output") > 0);
}

void run_validate(const ValidateOptions& options) {
  const bool to_output = findings_to_output(options);
  std::vector<io::Finding> findings;
  std::size_t problems = 0;
  const ProblemSink sink = [&](const Error& problem) {
    ++problems;
    if (to_output) {
      findings.push_back({problem.where(), problem.message(), io::Severity::error});
    } else {
      std::fprintf(stderr, "clv: error: %s\n", problem.describe().c_str());
    }
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
  if (to_output) {
    io::Output output(options.output.path);
    io::write_findings(io::parse_output_format(options.output.format), output, findings,
                       {set.source, set.customers.size(), ledgers, referred});
    output.commit();
    if (problems > 0) {
      throw Error(ExitCode::data_error,
                  fmt::format("{} problem{} found, listed {} {}", problems, problems == 1 ? "" : "s",
                              output.name() == "standard output" ? "on" : "in", output.name()),
                  Location{set.source});
    }
    return;
  }
  if (problems > 0) {
    throw Error(ExitCode::data_error,
                fmt::format("{} problem{} found", problems, problems == 1 ? "" : "s"), Location{set.source});
  }
  io::Output output("-");  // a full disk or a closed pipe is an error (73), not a silent loss
  output.write(fmt::format("{}: OK: {} ({} with a ledger, {} referred)\n", set.source,
                           io::counted(static_cast<double>(set.customers.size()), "customer", "customers"), ledgers,
                           referred));
  output.commit();
}

}  // namespace

void add_validate_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  options->command = command;
  command->add_option("FILE", options->table.path, "Customers (CSV or JSON; '-' or none: standard input)");
  add_table_options(*command, options->table, KeepOption::omit);
  add_output_options(*command, options->output);
  command->footer(
      "Without -f or -o, each problem is a line on standard error in the form of clv's errors, and a\n"
      "file without problems gets one line on standard output. With -f or -o, every finding (file,\n"
      "line, column, field, message, severity) and a summary of what was read go there in that format,\n"
      "and standard error gets only the count. Exit 65 when anything was found, else 0. A table of\n"
      "another kind (a summary, log, value list, attributes, BG/BB opportunities, sBG contracts,\n"
      "cohort table or model file) is not checked: one line says what it is and which commands read\n"
      "it, exit 64.\n"
      "Examples:\n"
      "  clv validate examples/customers.csv\n"
      "  clv validate tests/data/bad/many_problems.csv -f json -o findings.json");
  command->callback([options] { run_validate(*options); });
}

}  // namespace clv::cli
