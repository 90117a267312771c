// `clv report`: one self-contained HTML file (clv/io/html_report.hpp) with the portfolio summary,
// tiers, whale curve, the top customers and their five-year projections (ledger customers), and
// the customers at risk when a summary and a purchase model are given.
#include "at_risk_input.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "customer_input.hpp"
#include "rank_input.hpp"

#include "clv/error.hpp"
#include "clv/io/html_report.hpp"
#include "clv/io/output_file.hpp"
#include "clv/projection.hpp"
#include "clv/rank.hpp"
#include "clv/referral.hpp"
#include "clv/value_rank.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace clv::cli {

namespace {

SummaryInputOptions no_summary() {
  SummaryInputOptions options;
  options.path.clear();
  return options;
}

struct ReportCommandOptions {
  std::string input;
  DelimiterOptions delimiter;
  std::string output = "-";
  std::string referrals = "all";
  std::string tiers;
  std::string thresholds;
  double step = 1.0;
  std::size_t top_customers = 20;
  int years = 5;
  std::string title = "Customer value report";
  std::optional<std::string> generated;
  SummaryInputOptions summary = no_summary();  // no summary: no at-risk section
  AtRiskSources at_risk;
  std::size_t at_risk_top = 20;
};

// The projections of the best-ranked ledger customers, in rank order.
std::vector<io::ReportProjection> top_projections(const CustomerSet& set, const RankResult& ranking,
                                                  const ReportCommandOptions& options) {
  ProjectionOptions projection_options;
  projection_options.years = options.years;
  projection_options.depth = parse_referral_depth(options.referrals);
  std::vector<Projection> projections;
  bool any_ledger = false;
  for (const Customer& customer : set.customers) {
    any_ledger = any_ledger || has_ledger(customer);
  }
  if (!any_ledger) {
    return {};
  }
  projections = project(set, projection_options);
  std::unordered_map<std::string_view, const Projection*> by_id;
  for (const Projection& projection : projections) {
    by_id.emplace(projection.id, &projection);
  }
  std::vector<io::ReportProjection> chosen;
  const std::size_t count = std::min(options.top_customers, ranking.customers.size());
  for (std::size_t i = 0; i < count; ++i) {
    const RankInput& customer = ranking.customers[i].customer;
    const auto found = by_id.find(customer.id);
    if (found == by_id.end()) {
      continue;  // a formula customer: no yearly table
    }
    io::ReportProjection& report = chosen.emplace_back();
    report.id = customer.id;
    report.name = customer.name;
    for (const ProjectionYear& year : found->second->years) {
      report.years.push_back({fmt::format("Year {}", year.year), year.revenue, year.cost, year.referral, year.profit,
                              year.cumulative_profit});
    }
  }
  return chosen;
}

void run_report(const ReportCommandOptions& options) {
  if (options.years < 1 || options.years > 1000) {
    throw usage_error("--years must be between 1 and 1000");
  }
  RankOptions rank_options = make_rank_options(options.tiers, options.thresholds, options.step);
  rank_options.id_check = IdCheck::already_unique;  // the customer reader checked, with line numbers
  const bool with_at_risk = !options.at_risk.model_path.empty();
  if (!with_at_risk && (!options.summary.path.empty() || !options.at_risk.spend_model_path.empty())) {
    throw usage_error("the at-risk section needs --summary FILE and --model FILE together");
  }
  if (with_at_risk && options.summary.path.empty()) {
    throw usage_error("--model needs --summary FILE (the per-customer summary the model was fitted on)");
  }
  // HTML is not for reading in a terminal: without -o, standard output must be a file or pipe.
  if (options.output == "-" && isatty(STDOUT_FILENO) != 0) {
    throw usage_error("the report is HTML: write it to a file with -o report.html (or redirect standard output)");
  }

  const CustomerSet set = load_customers(options.input, options.delimiter);
  ValuedCustomers valued = value_customers(set, parse_referral_depth(options.referrals));
  const PortfolioSummary portfolio = valued.portfolio;
  const RankResult ranking = rank_customers(std::move(valued.customers), rank_options);
  const std::vector<io::ReportProjection> projections = top_projections(set, ranking, options);

  std::vector<AtRiskCustomer> at_risk;
  if (with_at_risk) {
    AtRiskSources sources = options.at_risk;
    sources.top = options.at_risk_top;
    at_risk = load_at_risk(options.summary, sources);
  }

  io::ReportOptions report_options;
  report_options.title = options.title;
  report_options.generated = options.generated;
  report_options.top_customers = options.top_customers;
  report_options.portfolio_value = portfolio.own_net_income;
  io::Output output(options.output);
  output.write(io::render_html_report(ranking, projections, at_risk, report_options));
  output.commit();
}

}  // namespace

void add_report_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<ReportCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->footer(
      "Writes one HTML file (inline CSS and SVG, no scripts, nothing fetched). The same input gives\n"
      "the same bytes: no date unless --generated is given. See docs/report.md.\n"
      "Example:\n"
      "  clv report examples/h-software.json -o report.html\n"
      "  clv report customers.csv --summary summary.csv --model bgnbd.json --spend-model gg.json -o report.html");
  command->add_option("FILE", options->input, "Customers (CSV or JSON; '-' or none: standard input)");
  add_delimiter_options(*command, options->delimiter);
  command->add_option("-o,--output", options->output,
                      "The HTML file (default: standard output, refused when it is a terminal)")
      ->option_text("FILE");
  command->add_option("--referrals", options->referrals,
                      "Referral income from everyone below a customer (all, default) or direct referrals only");
  command->add_option("--tiers", options->tiers, "Tier sizes in percent of customers, best first (default 20,30)")
      ->option_text("P1,P2,...");
  command->add_option("--thresholds", options->thresholds, "Tiers by value instead: lower bounds, decreasing")
      ->option_text("V1,V2,...");
  command->add_option("--step", options->step, "Whale curve points every P percent of customers (default 1)")
      ->option_text("P");
  command->add_option("--top-customers", options->top_customers,
                      "Customers in the top table; the ledger customers among them get projections (default 20)")
      ->option_text("N");
  command->add_option("--years", options->years, "Years in the projections (default 5)")->option_text("N");
  command->add_option("--title", options->title, "The report's title")->option_text("TEXT");
  command->add_option("--generated", options->generated, "Shown as 'Generated TEXT' (e.g. a date)")
      ->option_text("TEXT");
  command->add_option("--summary", options->summary.path, "Per-customer summary for the at-risk section")
      ->option_text("FILE");
  command->add_option("-u,--unit", options->summary.unit, "Time unit of the summary: days, weeks or months")
      ->check(CLI::IsMember({"days", "weeks", "months", "day", "week", "month"}));
  add_at_risk_options(*command, options->at_risk, false);
  command->add_option("--at-risk-top", options->at_risk_top, "Customers in the at-risk list (default 20)")
      ->option_text("N");
  command->callback([options] { run_report(*options); });
}

}  // namespace clv::cli
