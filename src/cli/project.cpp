// `clv project`: the article's table for each ledger customer (years as columns). The numbers
// come from clv/projection.hpp, the layout from clv/io/projection_writer.hpp.
#include "commands.hpp"
#include "common.hpp"
#include "customer_input.hpp"

#include "clv/error.hpp"
#include "clv/io/projection_writer.hpp"
#include "clv/projection.hpp"

#include <memory>

namespace clv::cli {

namespace {

struct ProjectOptions {
  std::string input;
  DelimiterOptions delimiter;
  OutputOptions output;
  std::optional<std::string> customer;
  int years = 5;
  std::optional<double> discount_rate;
  std::string referrals = "all";
  bool detail = false;
  CustomerSourceOptions source;
};

void run_project(const ProjectOptions& options) {
  const io::OutputFormat format = io::parse_output_format(options.output.format);
  ProjectionOptions projection;
  projection.years = options.years;
  projection.discount_rate = options.discount_rate;
  projection.depth = parse_referral_depth(options.referrals);
  projection.detail = options.detail ? ReferralDetail::per_customer : ReferralDetail::total;
  projection.only_customer = options.customer;
  if (options.years < 1 || options.years > 1000) {
    throw usage_error("--years must be between 1 and 1000");
  }
  const CustomerSet set =
      load_customer_source(options.input, options.delimiter, options.source, options.years, CustomerView::ledger);
  const std::vector<Projection> projections = project(set, projection);
  io::Output output(options.output.path);
  io::write_projections(format, output, projections, {options.discount_rate, set.currency});
  output.commit();
}

}  // namespace

void add_project_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<ProjectOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->add_option("FILE", options->input, "Customers with yearly ledgers (CSV or JSON; '-' or none: stdin); with --model a summary or a "
                                              "transaction log");
  add_delimiter_options(*command, options->delimiter);
  add_output_options(*command, options->output);
  command->add_option("--customer", options->customer, "Only the customer with this id")->option_text("ID");
  command->add_option("--years", options->years, "Years in the table (default 5)")->option_text("N");
  command->add_option("--discount-rate", options->discount_rate,
                      "Discount year k's profit by (1+D)^k and show NPV (e.g. 0.1)")
      ->option_text("D");
  command->add_option("--referrals", options->referrals, "Referral income from everyone below (all) or direct only");
  command->add_flag("--detail", options->detail, "One referral row per referred customer");
  add_customer_source_options(*command, options->source);
  command->callback([options] { run_project(*options); });
}

}  // namespace clv::cli
