// `clv report`: one self-contained HTML file (clv/io/html_report.hpp) with the portfolio summary,
// tiers, whale curve, the top customers and their five-year projections (ledger customers), and
// the customers at risk. Its customers are customer records, or with --model those forecast from
// a summary or log as in `clv project`; the at-risk list then comes from the same summary and
// models, or, with --summary, from a separate summary beside customer records.
#include "commands.hpp"
#include "discrete_models.hpp"
#include "option_range.hpp"
#include "options.hpp"
#include "segment_input.hpp"

#include "clv/at_risk_intervals.hpp"
#include "clv/error.hpp"
#include "clv/io/html_report.hpp"
#include "clv/io/output_file.hpp"
#include "clv/io/plural.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/model_comparison.hpp"
#include "clv/projection.hpp"
#include "clv/rank.hpp"
#include "clv/referral.hpp"
#include "clv/segment.hpp"
#include "clv/value_intervals.hpp"
#include "clv/valued_customers.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace clv::cli {

namespace {

struct ReportCommandOptions {
  TableArguments table;
  LogArguments log;
  std::string unit;
  std::string output = "-";
  std::string format = "html";
  std::vector<std::string> keep;  // refused: see check_report_format
  std::string referrals = "all";
  std::string tiers;
  std::string thresholds;
  double step = 1.0;
  std::size_t top_customers = 20;
  int years = 5;
  std::string title = "Customer value report";
  std::optional<std::string> generated;
  std::string by;            // --by: the segments section
  ModelArguments models;     // --model ...: forecast customers, or with --summary only the at-risk list
  std::string summary_path;  // --summary: FILE is customer records, the at-risk list from this summary
  input::AtRiskChoice at_risk;  // --horizon, --threshold, --min-value (models and margin are in `models`)
  std::size_t at_risk_top = 20;
  std::vector<std::string> compare;  // --compare: purchase models to fit and compare
  ContractValueOptions contract;  // --revenue ...: with an sBG model (discrete_models.hpp)
  IntervalArguments interval;     // --interval: bounds of the values, totals and values at stake
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

// The at-risk options with the margin and average purchase shared with the customers. Every
// customer at risk is selected: the report counts them all and lists --at-risk-top (report_at_risk).
input::AtRiskChoice at_risk_choice(const ReportCommandOptions& options) {
  input::AtRiskChoice choice = options.at_risk;
  choice.forecast.margin = options.models.options.margin;
  choice.forecast.average_purchase = options.models.options.average_purchase;
  choice.top = 0;
  return choice;
}

// Every customer at risk (their count and value at stake) and the --at-risk-top listed (0: all).
AtRiskList report_at_risk(std::vector<AtRiskCustomer> selected, const ReportCommandOptions& options) {
  return list_at_risk(std::move(selected),
                      options.at_risk_top == 0 ? std::nullopt : std::optional<std::size_t>(options.at_risk_top));
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
  std::optional<CustomerSet> projected;  // the ledgers projected, when not `customers` (sBG)
  AtRiskList at_risk;
  std::optional<SegmentTable> segments;
  io::ReportContext context;
  std::optional<ModelComparison> comparison;
  std::optional<io::ReportIntervals> intervals;
};

// --interval: the bounds of every forecast customer's value and of the portfolio's totals
// (value_intervals.hpp, on the formula view of the same customers: its values are the ledgers'
// sums), and of the values at stake (each listed customer's, and the total of every customer at
// risk), all from the same parameter draws; with --by also each segment's total and mean value
// (`segment_keys`: each customer's segment), as `clv segment --interval` computes them.
io::ReportIntervals report_intervals(const ReportCommandOptions& options, const input::ForecastSources& sources,
                                     const input::ModelOptions& models, const std::vector<AtRiskCustomer>& at_risk,
                                     std::size_t listed, const std::vector<std::string>& segment_keys,
                                     std::optional<SegmentTable>& segments) {
  const double level = *options.interval.level;
  const io::ModelFile* spend = sources.spend ? &*sources.spend : nullptr;
  const CustomerForecastOptions forecast =
      input::customer_forecast_options(models, options.years, CustomerView::formula);
  const CustomerSet formula = input::forecast_source_customers(sources, models, options.years, CustomerView::formula);
  const SummaryTable& summary = sources.input.summary;
  const ParameterDraws draws =
      interval_draws(options.interval, sources.purchase, spend, summary, forecast.threads, models);
  const ValueIntervals values =
      value_intervals(formula, summary, sources.purchase.fit, spend != nullptr ? &spend->fit : nullptr, forecast,
                      parse_referral_depth(options.referrals), draws, level);
  io::ReportIntervals shown;
  shown.level = level;
  shown.draws = draws.purchase.size();
  shown.bootstrap = options.interval.bootstrap.has_value();
  for (std::size_t i = 0; i < formula.customers.size(); ++i) {
    shown.values.emplace(formula.customers[i].id, values.customers[i].value);
  }
  shown.portfolio_value = values.own_net_income;
  shown.sum_of_values = values.sum_of_values;
  if (segments) {
    const SegmentIndex index = index_segments(segment_keys);
    const SegmentValueIntervals bounds =
        segment_value_intervals(formula, summary, sources.purchase.fit, spend != nullptr ? &spend->fit : nullptr,
                                forecast, draws, level, index.of, index.names.size());
    set_segment_value_bounds(*segments, index.names, bounds.total_value, bounds.mean_value, bounds.all_total_value,
                             bounds.all_mean_value);
  }
  if (!at_risk.empty()) {
    std::unordered_map<std::string_view, std::size_t> row_of;
    for (std::size_t i = 0; i < summary.customers.size(); ++i) {
      row_of.emplace(summary.customers[i].id, i);
    }
    std::vector<std::size_t> rows;
    for (const AtRiskCustomer& customer : at_risk) {
      rows.push_back(row_of.at(customer.id));
    }
    const AtRiskIntervals stake = at_risk_intervals(summary, rows, sources.purchase.fit,
                                                    spend != nullptr ? &spend->fit : nullptr,
                                                    at_risk_choice(options).forecast, draws, level);
    shown.value_at_stake.assign(stake.value_at_stake.begin(),
                                stake.value_at_stake.begin() + static_cast<std::ptrdiff_t>(listed));
    shown.total_value_at_stake = stake.total_value_at_stake;
  }
  return shown;
}

// --compare: the listed purchase models fitted to the summary the report forecasts from, with the
// purchase model file's penalty.
std::optional<ModelComparison> report_comparison(const ReportCommandOptions& options, const SummaryTable& summary,
                                                 const io::ModelFile& purchase) {
  if (options.compare.empty()) {
    return std::nullopt;
  }
  std::vector<models::ModelKind> kinds;
  for (const std::string& name : options.compare) {
    const auto kind = models::parse_model_kind(name);
    if (!kind || (*kind != models::ModelKind::bg_nbd && *kind != models::ModelKind::pareto_nbd &&
                  *kind != models::ModelKind::mbg_nbd)) {
      throw usage_error(fmt::format("--compare: '{}' is not a purchase model to compare (bgnbd, pnbd or mbgnbd)", name));
    }
    if (std::find(kinds.begin(), kinds.end(), *kind) != kinds.end()) {
      throw usage_error(fmt::format("--compare: {} is given twice", name));
    }
    kinds.push_back(*kind);
  }
  models::FitOptions fit_options;
  fit_options.penalizer = purchase.penalizer;
  fit_options.penalty_scale = purchase.penalty_scale;
  fit_options.threads = options.models.options.threads;
  return compare_models(summary, kinds, fit_options);
}

io::ReportModel report_model(const io::ModelFile& model, std::string role) {
  io::ReportModel out;
  out.role = std::move(role);
  out.name = std::string(models::model_display_name(model.fit.kind));
  const std::vector<std::string> names = models::parameter_names(model.fit.kind);
  for (std::size_t i = 0; i < names.size() && i < model.fit.parameters.size(); ++i) {
    out.parameters.emplace_back(names[i], model.fit.parameters[i]);
  }
  out.log_likelihood = model.fit.log_likelihood;
  out.customers = model.fit.customers;
  out.converged = model.fit.converged;
  return out;
}

std::string shown_path(const std::string& path) { return path.empty() || path == "-" ? "standard input" : path; }

// The models, horizon, margin and observation end of the context, from the files read.
void model_context(io::ReportContext& context, const io::ModelFile& purchase, const io::ModelFile* spend,
                   const SummaryTable* summary, const ReportCommandOptions& options) {
  context.models.push_back(report_model(purchase, "Purchase model"));
  if (spend != nullptr) {
    context.models.push_back(report_model(*spend, "Spend model"));
  }
  context.horizon = options.at_risk.forecast.horizon;
  const std::optional<TimeUnit> unit = summary != nullptr && summary->unit ? summary->unit : purchase.unit;
  context.horizon_unit = unit ? std::string(time_unit_name(*unit)) : std::string("model time units");
  context.margin = options.models.options.margin;
  context.observation_end =
      summary != nullptr && summary->observation_end ? summary->observation_end : purchase.observation_end;
}

// sBG and BG/BB read their own inputs (discrete_models.hpp). sBG ranks on the values of
// `clv value` (from the next renewal on, DERL) and projects ledgers beside; BG/BB customers are
// ledgers over --years, as with the other purchase models. No at-risk section: it needs a
// continuous-time purchase model. With --by, FILE is read once as `clv segment` reads it (the
// formula customers of `clv value` and their ledgers), so the segments are `clv segment`'s.
std::optional<ReportData> discrete_report_data(const ReportCommandOptions& options) {
  const io::ModelFile model = input::model_file(options.models.options.model_path);
  if (!is_discrete(model.fit.kind)) {
    return std::nullopt;
  }
  const bool contract = model.fit.kind == models::ModelKind::sbg;
  if (options.interval.level) {
    throw usage_error(fmt::format("--interval is for the bgnbd, pnbd and mbgnbd models, not {}",
                                  contract ? "sBG" : "BG/BB"));
  }
  for (const char* name : {"--summary", "--horizon", "--threshold", "--min-value", "--at-risk-top"}) {
    if (options.command != nullptr && options.command->count(name) > 0) {
      throw usage_error(fmt::format("{}: {} is for customers forecast by a continuous-time purchase model (bgnbd, "
                                    "pnbd, mbgnbd), not with an {} model",
                                    options.models.options.model_path, name, contract ? "sBG" : "BG/BB"));
    }
  }
  ReportData data;
  data.context.years = options.years;
  const input::ModelOptions& models = options.models.options;
  if (!options.by.empty()) {
    SegmentedCustomers segmented =
        load_segmented_customers(options.table, options.log, options.models, options.unit, options.years,
                                 CustomerView::ledger, parse_segment_by(options.by),
                                 {options.contract, DiscreteValues::as_value_command});
    SegmentOptions segment_options;
    segment_options.years = options.years;
    segment_options.depth = parse_referral_depth(options.referrals);
    data.segments = segment_customers(*segmented.valued, segmented.keys, {}, segment_options, &segmented.set);
    if (contract) {
      data.customers = std::move(*segmented.valued);
      data.projected = std::move(segmented.set);
      data.context.discount_rate = contract_options(options.contract, options.models).discount_rate;
    } else {
      data.customers = std::move(segmented.set);  // ledgers, as without --by
    }
  } else if (contract) {
    const ContractValueOptions terms = contract_options(options.contract, options.models);
    data.projected.emplace();
    data.customers = *contract_customers(models.model_path, options.table, terms, CustomerView::formula, options.years,
                                         &*data.projected);
    data.context.discount_rate = terms.discount_rate;
  } else {
    (void)contract_options(options.contract, options.models);  // refuses the sBG options
    data.customers = *opportunity_customers(options.table.path, options.table,
                                            OpportunityValueOptions{models.model_path, models.spend_model_path,
                                                                    models.average_purchase, models.margin,
                                                                    models.service_cost, models.year_length,
                                                                    models.attributes_path},
                                            options.years, CustomerView::ledger);
  }
  data.context.models.push_back(report_model(model, contract ? "Retention model" : "Purchase model"));
  if (!contract && !models.spend_model_path.empty()) {
    data.context.models.push_back(report_model(input::model_file(models.spend_model_path), "Spend model"));
  }
  data.context.margin = models.margin;
  data.context.customers =
      contract && options.table.path.empty() && options.by.empty()
          ? std::string("the cohort's typical new customer, valued with the retention model below")
          : fmt::format("the {} customers of {}, {} with the model{} below", data.customers.customers.size(),
                        shown_path(options.table.path),
                        contract ? "each valued from the next renewal on" : "each forecast over the coming years",
                        data.context.models.size() > 1 ? "s" : "");
  return data;
}

ReportData load_report_data(const ReportCommandOptions& options) {
  if (has_model(options.models)) {
    if (std::optional<ReportData> discrete = discrete_report_data(options)) {
      return std::move(*discrete);
    }
    (void)contract_options(options.contract, options.models);  // refuses the sBG options
  } else if (options.contract.revenue || options.contract.acquisition_cost || options.contract.discount_rate) {
    throw usage_error("--revenue, --acquisition-cost and --discount-rate are for an sBG contract model (--model "
                      "sbg.json)");
  }
  ReportData data;
  std::optional<SegmentBy> by;
  if (!options.by.empty()) {
    by = parse_segment_by(options.by);
  }
  SegmentOptions segment_options;
  segment_options.years = options.years;
  segment_options.depth = parse_referral_depth(options.referrals);
  segment_options.at_risk = options.at_risk.selection;
  const auto segment = [&](const std::vector<std::string>& keys, const std::vector<SegmentRiskInput>& risk) {
    data.segments = segment_customers(data.customers, keys, risk, segment_options);
  };
  data.context.years = options.years;
  if (!has_model(options.models)) {
    // Customer records; --spend-model, --attributes, ... without --model are refused.
    if (by) {
      SegmentedCustomers segmented = load_segmented_customers(options.table, options.log, options.models, options.unit,
                                                              options.years, CustomerView::ledger, *by);
      data.customers = std::move(segmented.set);
      segment(segmented.keys, {});
    } else {
      data.customers = read_customers_input(options.table, options.log, options.models, options.unit, options.years,
                                            CustomerView::ledger);
    }
    data.context.customers = fmt::format("customer records from {}", shown_path(options.table.path));
    return data;
  }
  input::ModelOptions models = options.models.options;
  models.unit = requested_unit(options.unit);
  if (!options.summary_path.empty()) {
    if (options.interval.level) {
      throw usage_error("--interval bounds the values of customers forecast from FILE; with --summary, FILE is "
                        "customer records (drop --summary to report on the forecast customers)");
    }
    require_input(options.table.path);
    if (by) {
      const ModelArguments records;  // FILE is customer records here, not forecast
      SegmentedCustomers segmented = load_segmented_customers(options.table, LogArguments{}, records, std::string(),
                                                              options.years, CustomerView::ledger, *by);
      data.customers = std::move(segmented.set);
      segment(segmented.keys, {});
    } else {
      data.customers = input::read_customer_records(table_options(options.table), nullptr, input::ModelOption::given);
    }
    const io::ModelFile purchase = input::read_model(models.model_path, io::ModelRole::purchase, models.unit);
    std::optional<io::ModelFile> spend;
    if (!models.spend_model_path.empty()) {
      spend = input::read_model(models.spend_model_path, io::ModelRole::spend, std::nullopt);
    }
    TableArguments summary;
    summary.path = options.summary_path;
    const SummaryTable table =
        read_summary_input(summary, options.log, models.unit, input::ModelUnit{purchase.unit, models.model_path},
                           options.models.quiet);
    // The at-risk list is the summary's: its data errors name that file, not FILE.
    naming_input(options.summary_path, [&] {
      data.at_risk = report_at_risk(input::at_risk_customers(table, purchase, spend ? &*spend : nullptr,
                                                             at_risk_choice(options), models.unit, nullptr),
                                    options);
    });
    model_context(data.context, purchase, spend ? &*spend : nullptr, nullptr, options);
    data.comparison = report_comparison(options, table, purchase);
    data.context.customers = fmt::format("customer records from {}; the customers at risk are those of {}",
                                         shown_path(options.table.path), shown_path(options.summary_path));
    return data;
  }
  // One summary or log: the forecast customers (ledgers, so the top ones get projections) and
  // the at-risk list from the same summary and models.
  require_input(options.table.path);
  std::optional<input::ForecastSources> sources;
  std::vector<std::string> keys;
  if (by) {
    SegmentedCustomers segmented = load_segmented_customers(options.table, options.log, options.models, options.unit,
                                                            options.years, CustomerView::ledger, *by);
    data.customers = std::move(segmented.set);
    sources = std::move(segmented.sources);
    keys = std::move(segmented.keys);
  } else {
    sources = input::read_forecast_sources(table_options(options.table, &options.log), log_reading(options.log), models);
    if (sources->input.log && !options.models.quiet) {
      warn_about_log(*sources->input.log, sources->input.source);
    }
    data.customers = input::forecast_source_customers(*sources, models, options.years, CustomerView::ledger);
  }
  std::vector<AtRiskCustomer> at_risk =
      input::at_risk_customers(sources->input.summary, sources->purchase, sources->spend ? &*sources->spend : nullptr,
                               at_risk_choice(options), models.unit, &data.customers);
  if (by) {
    segment(keys, segment_risk_inputs(*sources, at_risk_choice(options), models));
  }
  data.at_risk = report_at_risk(at_risk, options);
  if (options.interval.level) {
    data.intervals = report_intervals(options, *sources, models, at_risk, data.at_risk.listed.size(), keys,
                                      data.segments);
  }
  model_context(data.context, sources->purchase, sources->spend ? &*sources->spend : nullptr,
                &sources->input.summary, options);
  data.comparison = report_comparison(options, sources->input.summary, sources->purchase);
  data.context.customers =
      fmt::format("the {} of {}, each forecast over {} with the models below",
                  io::counted(static_cast<double>(data.customers.customers.size()), "customer", "customers"),
                  shown_path(options.table.path), io::counted(options.years, "year", "years"));
  return data;
}

// When the report was made: --generated, else SOURCE_DATE_EPOCH (seconds since 1970, for
// reproducible output), else now; in UTC.
std::string generation_time(const ReportCommandOptions& options) {
  if (options.generated) {
    return *options.generated;
  }
  std::time_t when = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    long long seconds = 0;
    const char* end = epoch + std::char_traits<char>::length(epoch);
    const auto [at, problem] = std::from_chars(epoch, end, seconds);
    if (problem != std::errc() || at != end || seconds < 0 || seconds > 253402300799LL) {
      throw usage_error(fmt::format("SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, not '{}'", epoch));
    }
    when = static_cast<std::time_t>(seconds);
  }
  return fmt::format("{:%Y-%m-%d %H:%M} UTC", fmt::gmtime(when));
}

// The report is a document for people, written as HTML only: the data of each of its sections in
// csv, tsv, json or markdown comes from the command that computes it (rank, project, at-risk,
// segment with -f). So -f takes html, and an -o name that asks for a data format is refused
// rather than given HTML.
void check_report_format(const ReportCommandOptions& options) {
  constexpr const char* k_elsewhere =
      "the report is written as html only; its sections as csv, tsv, json or markdown come from clv rank, project, "
      "at-risk and segment with -f";
  if (!options.keep.empty()) {
    throw usage_error("--keep is not for the report, whose tables keep a fixed set of columns to stay readable on a "
                      "narrow screen; extra columns come with clv rank, at-risk, value or project --keep");
  }
  if (options.format != "html") {
    throw usage_error(fmt::format("--format: '{}': {}", options.format, k_elsewhere));
  }
  const bool format_given = options.command != nullptr && options.command->count("--format") > 0;
  if (!format_given) {
    if (const auto by_name = io::output_format_for_file(options.output)) {
      throw usage_error(fmt::format("-o {}: a .{} name asks for {}, but {}", options.output,
                                    options.output.substr(options.output.rfind('.') + 1),
                                    io::output_format_name(*by_name), k_elsewhere));
    }
  }
}

void run_report(const ReportCommandOptions& options) {
  if (options.years < 1 || options.years > 1000) {
    throw usage_error("--years must be between 1 and 1000");
  }
  RankOptions rank_options = make_rank_options(options.tiers, options.thresholds, options.step);
  rank_options.id_check = IdCheck::already_unique;  // the readers checked, with line numbers
  if (!has_model(options.models)) {
    for (const char* name : {"--horizon", "--threshold", "--min-value", "--at-risk-top"}) {
      if (options.command != nullptr && options.command->count(name) > 0) {
        throw usage_error(fmt::format("{} is for the at-risk section, which needs --model", name));
      }
    }
    if (!options.compare.empty()) {
      throw usage_error("--compare fits the models to a summary or log: give it as FILE (or --summary) with --model");
    }
  }
  if (!options.summary_path.empty()) {
    if (!has_model(options.models)) {
      throw usage_error("the at-risk section of --summary FILE needs --model FILE (the purchase model fitted on it)");
    }
    refuse_forecast_options_with_summary(options);
  }
  check_report_format(options);
  check_interval_options(options.interval, has_model(options.models));
  refuse_options_the_model_ignores(options.models, options.log, options.unit);
  // HTML is not for reading in a terminal: without -o, standard output must be a file or pipe.
  if (options.output == "-" && isatty(STDOUT_FILENO) != 0) {
    throw usage_error("the report is HTML: write it to a file with -o report.html (or redirect standard output)");
  }

  const ReportData data = load_report_data(options);
  const CustomerSet& set = data.customers;
  ValuedCustomers valued = value_customers(set, parse_referral_depth(options.referrals));
  const PortfolioSummary portfolio = valued.portfolio;
  const RankResult ranking = rank_customers(std::move(valued.customers), rank_options);
  const std::vector<io::ReportProjection> projections =
      top_projections(data.projected ? *data.projected : set, ranking, options);

  io::ReportOptions report_options;
  report_options.title = options.title;
  report_options.generated = generation_time(options);
  report_options.context = data.context;
  report_options.context.currency = set.currency;
  report_options.context.command_line = command_line();
  report_options.segments = data.segments;
  report_options.segments_by = options.by;
  report_options.top_customers = options.top_customers;
  report_options.portfolio_value = portfolio.own_net_income;
  report_options.comparison = data.comparison;
  report_options.intervals = data.intervals;
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
      "Writes one HTML file (inline CSS and SVG, no scripts, nothing fetched). It states when it was\n"
      "made (now, or SOURCE_DATE_EPOCH seconds since 1970, or --generated TEXT) and the command line;\n"
      "with those fixed, the same input gives the same bytes. See docs/report.md.\n"
      "Customers: customer records (FILE); or, with --model, the customers of a summary or a\n"
      "transaction log (FILE) forecast over --years as in `clv project`, the at-risk section then\n"
      "computed from the same summary and models. With --summary and --model, FILE is customer\n"
      "records and the at-risk section comes from the summary. With an sBG model, FILE is contracts\n"
      "(customer_id,tenure,churned) valued with --revenue; with BG/BB, opportunities (no at-risk section;\n"
      "--by then names a column of --attributes, as in clv segment).\n"
      "Examples:\n"
      "  clv report examples/h-software.json -o report.html\n"
      "  clv report orders.csv --model bgnbd.json --spend-model gg.json --attributes attributes.csv \\\n"
      "      --by channel -o report.html\n"
      "  clv report customers.csv --summary summary.csv --model bgnbd.json --spend-model gg.json -o report.html");
  command->add_option("FILE", options->table.path,
                      "Customers (CSV or JSON; '-' or none: standard input); with --model and no --summary, a "
                      "per-customer summary or a transaction log");
  add_table_options(*command, options->table, KeepOption::omit);
  command->add_option("-f,--format", options->format,
                      "html, the only format of the report (the data of its sections in other formats: rank, "
                      "project, at-risk, segment -f)")
      ->type_name("TEXT:{html}");
  // Hidden (no group): accepted only to say why it does not apply (docs/report.md).
  command->add_option("--keep", options->keep, "")->group("")->allow_extra_args(false);
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
  command->add_option("--generated", options->generated,
                      "Shown as when the report was made (default: now, or SOURCE_DATE_EPOCH)")
      ->option_text("TEXT");
  command->add_option("--by", options->by,
                      "A segments section: value, LTV:CAC and payback per COLUMN[,COLUMN] (of the records, or with "
                      "--model of --attributes) or cohort:month|quarter|year")
      ->option_text("SPEC");
  add_model_options(*command, options->models, ModelRequired::no, ForecastInputs::add);
  add_unit_option(*command, options->unit,
                  "With --model: time unit of the summary, or to summarise a log in (default: the model's)");
  add_log_options(*command, options->log, LogFlag::present);
  command->add_option("--summary", options->summary_path,
                      "With --model: FILE is customer records, and the at-risk section comes from this per-customer "
                      "summary (or log)")
      ->option_text("FILE");
  add_at_risk_options(*command, options->at_risk);
  in_range(command->add_option("--at-risk-top", options->at_risk_top, "Customers in the at-risk list, most value at stake first (default 20; 0: all); the "
                               "count and value at stake of all customers at risk are stated above it"),
           row_counts(0))
      ->option_text("N");
  command->add_option("--compare", options->compare,
                      "With --model: a section comparing these purchase models (e.g. bgnbd,pnbd,mbgnbd) fitted to "
                      "the same summary, as `clv compare`: log-likelihood, AIC, BIC and, with --calibration-end, "
                      "holdout accuracy")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->option_text("LIST");
  add_contract_options(*command, options->contract);
  add_interval_options(*command, options->interval);
  command->get_option("--interval")
      ->description("With --model: the bounds of the central LEVEL share (e.g. 0.9) of the values over parameters "
                    "drawn from the fit's uncertainty, beside the top customers' values, the totals, the values "
                    "at stake and (with --by) each segment's value");
  command->callback([options] { naming_input(options->table.path, [&] { run_report(*options); }); });
}

}  // namespace clv::cli
