// `clv report`: one self-contained HTML file (clv/io/html_report.hpp) with the portfolio summary,
// tiers, whale curve, the top customers and their five-year projections (ledger customers), and
// the customers at risk. Its customers are customer records, or with --model those forecast from
// a summary or log as in `clv project`; the at-risk list then comes from the same summary and
// models, or, with --summary, from a separate summary beside customer records.
#include "at_risk_input.hpp"
#include "option_range.hpp"
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
  CustomerSourceOptions source;  // --model ...: forecast customers, or with --summary only the at-risk list
  std::string summary_path;      // --summary: FILE is customer records, the at-risk list from this summary
  AtRiskSources at_risk;         // --horizon, --threshold, --min-value (models and margin are in `source`)
  std::size_t at_risk_top = 20;
  const CLI::App* command = nullptr;
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

// The at-risk options with the model files, margin and average purchase shared with the customers.
AtRiskSources at_risk_sources(const ReportCommandOptions& options) {
  AtRiskSources sources = options.at_risk;
  sources.model_path = options.source.model_path;
  sources.spend_model_path = options.source.spend_model_path;
  sources.forecast.margin = options.source.margin;
  sources.forecast.average_purchase = options.source.average_purchase;
  sources.top = options.at_risk_top;
  return sources;
}

// With --summary, FILE is customer records: the options that forecast FILE's customers have
// nothing to act on.
void refuse_forecast_options_with_summary(const ReportCommandOptions& options) {
  for (const char* name : {"--attributes", "--service-cost", "--year-length"}) {
    if (options.command != nullptr && options.command->count(name) > 0) {
      throw usage_error(fmt::format("{} forecasts the customers of a summary or log given as FILE; with --summary, "
                                    "FILE is customer records (drop --summary to report on the forecast customers)",
                                    name));
    }
  }
}

struct ReportData {
  CustomerSet customers;
  std::vector<AtRiskCustomer> at_risk;
};

ReportData load_report_data(const ReportCommandOptions& options) {
  ReportData data;
  if (!has_model(options.source)) {
    // Customer records; --spend-model, --attributes, ... without --model are refused.
    data.customers = load_customer_source(options.input, options.delimiter, options.source, options.years,
                                          CustomerView::ledger);
    return data;
  }
  if (!options.summary_path.empty()) {
    data.customers = load_customers(options.input, options.delimiter);
    SummaryInputOptions summary = options.source.input;  // --unit and the log options
    summary.path = options.summary_path;
    data.at_risk = load_at_risk(summary, at_risk_sources(options));
    return data;
  }
  // One summary or log: the forecast customers (ledgers, so the top ones get projections) and
  // the at-risk list from the same summary and models.
  const ForecastSources sources = load_forecast_sources(options.input, options.delimiter, options.source);
  data.customers = forecast_source_customers(sources, options.source, options.years, CustomerView::ledger);
  data.at_risk = at_risk_customers(sources.summary, sources.purchase, sources.spend ? &*sources.spend : nullptr,
                                   at_risk_sources(options), requested_unit(options.source.input), &data.customers);
  return data;
}

void run_report(const ReportCommandOptions& options) {
  if (options.years < 1 || options.years > 1000) {
    throw usage_error("--years must be between 1 and 1000");
  }
  RankOptions rank_options = make_rank_options(options.tiers, options.thresholds, options.step);
  rank_options.id_check = IdCheck::already_unique;  // the readers checked, with line numbers
  if (!has_model(options.source)) {
    for (const char* name : {"--horizon", "--threshold", "--min-value", "--at-risk-top"}) {
      if (options.command != nullptr && options.command->count(name) > 0) {
        throw usage_error(fmt::format("{} is for the at-risk section, which needs --model", name));
      }
    }
  }
  if (!options.summary_path.empty()) {
    if (!has_model(options.source)) {
      throw usage_error("the at-risk section of --summary FILE needs --model FILE (the purchase model fitted on it)");
    }
    refuse_forecast_options_with_summary(options);
  }
  // HTML is not for reading in a terminal: without -o, standard output must be a file or pipe.
  if (options.output == "-" && isatty(STDOUT_FILENO) != 0) {
    throw usage_error("the report is HTML: write it to a file with -o report.html (or redirect standard output)");
  }

  const ReportData data = load_report_data(options);
  const CustomerSet& set = data.customers;
  ValuedCustomers valued = value_customers(set, parse_referral_depth(options.referrals));
  const PortfolioSummary portfolio = valued.portfolio;
  const RankResult ranking = rank_customers(std::move(valued.customers), rank_options);
  const std::vector<io::ReportProjection> projections = top_projections(set, ranking, options);

  io::ReportOptions report_options;
  report_options.title = options.title;
  report_options.generated = options.generated;
  report_options.top_customers = options.top_customers;
  report_options.portfolio_value = portfolio.own_net_income;
  io::Output output(options.output);
  output.write(io::render_html_report(ranking, projections, data.at_risk, report_options));
  output.commit();
}

}  // namespace

void add_report_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<ReportCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  options->command = command;
  command->footer(
      "Writes one HTML file (inline CSS and SVG, no scripts, nothing fetched). The same input gives\n"
      "the same bytes: no date unless --generated is given. See docs/report.md.\n"
      "Customers: customer records (FILE); or, with --model, the customers of a summary or a\n"
      "transaction log (FILE) forecast over --years as in `clv project`, the at-risk section then\n"
      "computed from the same summary and models. With --summary and --model, FILE is customer\n"
      "records and the at-risk section comes from the summary.\n"
      "Examples:\n"
      "  clv report examples/h-software.json -o report.html\n"
      "  clv report orders.csv --model bgnbd.json --spend-model gg.json --attributes attributes.csv -o report.html\n"
      "  clv report customers.csv --summary summary.csv --model bgnbd.json --spend-model gg.json -o report.html");
  command->add_option("FILE", options->input,
                      "Customers (CSV or JSON; '-' or none: standard input); with --model and no --summary, a "
                      "per-customer summary or a transaction log");
  add_delimiter_options(*command, options->delimiter);
  command->add_option("-o,--output", options->output,
                      "The HTML file (default: standard output, refused when it is a terminal)")
      ->option_text("FILE");
  command->add_option("--referrals", options->referrals,
                      "Referral income from everyone below a customer (all, default) or direct referrals only")
      ->check(CLI::IsMember({"all", "direct"}));
  command->add_option("--tiers", options->tiers, "Tier sizes in percent of customers, best first (default 20,30)")
      ->option_text("P1,P2,...");
  command->add_option("--thresholds", options->thresholds, "Tiers by value instead: lower bounds, decreasing")
      ->option_text("V1,V2,...");
  in_range(command->add_option("--step", options->step, "Whale curve points every P percent of customers (default 1)"),
           curve_steps())
      ->option_text("P");
  in_range(command->add_option("--top-customers", options->top_customers,
                               "Customers in the top table; the ledger customers among them get projections (default 20)"),
           row_counts(0))
      ->option_text("N");
  in_range(command->add_option("--years", options->years, "Years in the projections; with --model, years forecast (default 5)"),
           year_counts())
      ->option_text("N");
  command->add_option("--title", options->title, "The report's title")->option_text("TEXT");
  command->add_option("--generated", options->generated, "Shown as 'Generated TEXT' (e.g. a date)")
      ->option_text("TEXT");
  add_customer_source_options(*command, options->source);
  command->add_option("--summary", options->summary_path,
                      "With --model: FILE is customer records, and the at-risk section comes from this per-customer "
                      "summary (or log)")
      ->option_text("FILE");
  add_at_risk_options(*command, options->at_risk, AtRiskModelOptions::omit);
  in_range(command->add_option("--at-risk-top", options->at_risk_top, "Customers in the at-risk list (default 20)"),
           row_counts(0))
      ->option_text("N");
  command->callback([options] { run_report(*options); });
}

}  // namespace clv::cli
