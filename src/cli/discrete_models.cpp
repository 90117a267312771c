#include "discrete_models.hpp"

#include "option_range.hpp"

#include "clv/contract_value.hpp"
#include "clv/customer_attributes.hpp"
#include "clv/discount_rate.hpp"
#include "clv/error.hpp"
#include "clv/io/contract_reader.hpp"
#include "clv/input/forecast_sources.hpp"
#include "clv/io/input.hpp"
#include "clv/io/opportunity_reader.hpp"
#include "clv/io/plural.hpp"
#include "clv/io/retention_writer.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/models/bg_bb.hpp"
#include "clv/models/purchase_distribution.hpp"
#include "clv/models/sbg.hpp"
#include "clv/opportunities.hpp"
#include "clv/opportunity_forecast.hpp"
#include "clv/top_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace clv::cli {
namespace {

models::sbg::Parameters sbg_parameters(const io::ModelFile& model) {
  return {model.fit.parameters.at(0), model.fit.parameters.at(1)};
}

models::bg_bb::Parameters bg_bb_parameters(const io::ModelFile& model) {
  const auto& p = model.fit.parameters;
  return {p.at(0), p.at(1), p.at(2), p.at(3)};
}

void predict_contracts(const io::ModelFile& model, const std::string& model_path, const DiscretePredictOptions& options) {
  const auto parameters = sbg_parameters(model);
  io::Output output(options.output.path);
  const auto format = io::parse_output_format(options.output.format);
  if (!options.path) {
    io::write_retention_projection(models::sbg::project(parameters, *options.periods, options.discount_rate), format,
                                   output);
    output.commit();
    return;
  }
  require_input(*options.path);
  const io::ContractTable table =
      io::read_contracts_file(*options.path, csv_options(options.delimiter, *options.path));
  if (table.form != io::ContractForm::customers) {
    throw usage_error(fmt::format("{}: a cohort table; predict takes one row per customer (customer_id,tenure,churned), "
                                  "or no file and --periods N for the cohort's projection",
                                  *options.path));
  }
  if (options.discount_rate <= 0.0 && !(parameters.alpha > 1.0)) {
    throw usage_error(fmt::format("{}: alpha = {:.3f} <= 1, so the expected residual lifetime is infinite without "
                                  "discounting: give --discount-rate",
                                  model_path, parameters.alpha));
  }
  const auto writer = io::make_row_writer(format, output);
  writer->begin("customers",
                {io::Column{"customer_id", io::ColumnType::text}, io::Column{"tenure", io::ColumnType::number, 0},
                 io::Column{"churned", io::ColumnType::number, 0},
                 io::Column{"renewal_probability", io::ColumnType::number, 4},
                 io::Column{"discounted_expected_residual_lifetime", io::ColumnType::number, 4}},
                fmt::format("sBG: renewal and residual lifetime (discount rate {})",
                            io::format_plain(options.discount_rate, 4)));
  std::map<double, models::sbg::ContractForecast> by_tenure;
  double active = 0.0;
  double renewals = 0.0;
  double residual = 0.0;
  std::vector<models::sbg::ContractForecast> forecasts(table.contracts.size(), models::sbg::ContractForecast{0.0, 0.0});
  std::vector<double> keys(table.contracts.size(), 0.0);  // --top: by discounted expected residual lifetime
  for (std::size_t i = 0; i < table.contracts.size(); ++i) {
    const auto& contract = table.contracts[i];
    // A customer who has left renews with probability 0 and has no residual lifetime.
    if (contract.status != models::sbg::ContractStatus::churned) {
      // The forecast depends on the tenure alone: one 2F1 per distinct tenure.
      auto [cached, fresh] = by_tenure.try_emplace(contract.tenure);
      if (fresh) {
        cached->second = models::sbg::forecast(parameters, contract.tenure, options.discount_rate);
      }
      forecasts[i] = cached->second;
      active += contract.weight;
      renewals += contract.weight * forecasts[i].renewal_probability;
      residual += contract.weight * forecasts[i].discounted_expected_residual_lifetime.value_or(0.0);
    }
    keys[i] = forecasts[i].discounted_expected_residual_lifetime.value_or(0.0);
  }
  for (const std::size_t i : top_rows(keys, options.top)) {
    const auto& contract = table.contracts[i];
    const bool churned = contract.status == models::sbg::ContractStatus::churned;
    writer->row({table.ids[i], contract.tenure, churned ? 1.0 : 0.0, forecasts[i].renewal_probability,
                 forecasts[i].discounted_expected_residual_lifetime.value_or(0.0)});
  }
  writer->end({
      io::SummaryItem{"active_customers", "Active customers", active, 0},
      io::SummaryItem{"expected_renewals", "Expected renewals next period", renewals, 2},
      io::SummaryItem{"discounted_expected_residual_lifetime", "Total discounted expected residual lifetime",
                      residual, 2},
  });
  output.commit();
}

void predict_opportunities(const io::ModelFile& model, const DiscretePredictOptions& options) {
  const auto parameters = bg_bb_parameters(model);
  const std::string path = options.path.value_or("-");
  require_input(path);
  const io::OpportunityTable table = io::read_opportunities_file(path, csv_options(options.delimiter, path));
  const double horizon = *options.horizon;
  // --spend-model: each customer's expected average purchase, as `clv value` takes it.
  std::optional<std::vector<double>> spends;
  if (!options.spend_model_path.empty()) {
    const io::ModelFile spend = input::read_model(options.spend_model_path, io::ModelRole::spend, std::nullopt);
    if (table.monetary_value.empty()) {
      throw data_error("missing required column (monetary_value: the mean repeat transaction, for --spend-model)",
                       Location{path == "-" ? std::string(io::k_stdin_name) : path, 1, 0, "monetary_value"});
    }
    spends = opportunity_average_purchases(spend.fit.parameters, table.ids, table.customers, table.monetary_value,
                                           RowSource{path == "-" ? std::string(io::k_stdin_name) : path, table.lines});
  }
  io::Output output(options.output.path);
  const auto writer = io::make_row_writer(io::parse_output_format(options.output.format), output);
  std::vector<io::Column> columns{
                 io::Column{"customer_id", io::ColumnType::text}, io::Column{"frequency", io::ColumnType::number, 0},
                 io::Column{"recency", io::ColumnType::number, 0}, io::Column{"periods", io::ColumnType::number, 0},
                 io::Column{"count", io::ColumnType::number, 0},
                 io::Column{"expected_transactions", io::ColumnType::number, 4},
                 io::Column{"probability_alive", io::ColumnType::number, 4}};
  const int max_count = options.distribution.value_or(-1);
  for (int k = 0; k <= max_count; ++k) {
    columns.push_back(io::Column{fmt::format("p{}", k), io::ColumnType::number, 4});
  }
  if (options.distribution) {
    columns.push_back(io::Column{"p_more", io::ColumnType::number, 4});
  }
  if (spends) {
    columns.push_back(io::Column{"expected_average_spend", io::ColumnType::number, 2});
    columns.push_back(io::Column{"clv", io::ColumnType::number, 2});
  }
  writer->begin("customers", columns,
                fmt::format("BG/BB forecast over the next {}",
                            io::counted(horizon, io::format_plain(horizon, 0), "opportunity", "opportunities")));
  struct PatternForecast {
    models::bg_bb::Forecast forecast;
    models::PurchaseDistribution distribution;
  };
  std::map<std::array<double, 3>, PatternForecast> by_pattern;
  std::vector<const PatternForecast*> forecasts(table.customers.size());
  std::vector<double> keys(table.customers.size());  // --top: by clv, or expected transactions
  double customers = 0.0;
  double transactions = 0.0;
  double alive = 0.0;
  double value = 0.0;
  for (std::size_t i = 0; i < table.customers.size(); ++i) {
    const auto& c = table.customers[i];
    // The forecast depends on (x, t_x, n) alone: computed once per distinct pattern.
    auto [cached, fresh] = by_pattern.try_emplace(std::array{c.frequency, c.recency, c.periods});
    if (fresh) {
      cached->second.forecast = models::bg_bb::forecast(parameters, c, horizon);
      if (options.distribution) {
        cached->second.distribution = models::purchase_distribution(
            models::ModelKind::bg_bb, model.fit.parameters, {c.frequency, c.recency, c.periods, 1.0}, horizon,
            *options.distribution);
      }
    }
    forecasts[i] = &cached->second;
    const auto& forecast = cached->second.forecast;
    customers += c.weight;
    transactions += c.weight * forecast.expected_transactions;
    alive += c.weight * forecast.probability_alive;
    // clv = margin x expected average purchase x expected transactions, undiscounted (as `clv
    // value` values a BG/BB customer).
    keys[i] = spends ? options.margin * (*spends)[i] * forecast.expected_transactions : forecast.expected_transactions;
    value += spends ? c.weight * keys[i] : 0.0;
  }
  std::vector<io::Cell> cells;
  for (const std::size_t i : top_rows(keys, options.top)) {
    const auto& c = table.customers[i];
    const auto& forecast = forecasts[i]->forecast;
    cells = {table.ids[i], c.frequency, c.recency, c.periods, c.weight, forecast.expected_transactions,
             forecast.probability_alive};
    if (options.distribution) {
      for (const double probability : forecasts[i]->distribution.probabilities) {
        cells.emplace_back(probability);
      }
      cells.emplace_back(forecasts[i]->distribution.more);
    }
    if (spends) {
      cells.emplace_back((*spends)[i]);
      cells.emplace_back(keys[i]);
    }
    writer->row(cells);
  }
  std::vector<io::SummaryItem> totals{
      io::SummaryItem{"customers", "Customers", customers, 0},
      io::SummaryItem{"horizon", "Horizon (opportunities)", horizon, 0},
      io::SummaryItem{"expected_transactions", "Expected transactions", transactions, 2},
      io::SummaryItem{"expected_alive", "Customers expected to be alive at the next opportunity", alive, 2},
  };
  if (spends) {
    if (!std::isfinite(value)) {
      throw data_error("the clv over all customers adds up to more than the largest number clv can hold (about "
                       "1.8e308); the amounts are too large");
    }
    totals.push_back(io::SummaryItem{"clv", "Total CLV", value, 2});
  }
  writer->end(totals);
  output.commit();
}

}  // namespace

bool is_discrete(models::ModelKind kind) noexcept {
  return kind == models::ModelKind::sbg || kind == models::ModelKind::bg_bb;
}

std::vector<CohortFit> fit_discrete_model(models::ModelKind kind, const TableArguments& input, const LogArguments& log,
                                        const std::string& unit_option,
                                     const std::optional<std::string>& cohort, const models::FitOptions& options) {
  const std::string& path = input.path;
  const TableArguments& delimiter = input;
  require_input(path);
  // BG/BB reads opportunities or a log: the header, looked at once, tells which (so that standard
  // input, read once, needs no --log).
  std::optional<input::OpenedTable> opened;
  if (kind == models::ModelKind::bg_bb && !log_options_given(log)) {
    opened = input::open_table(table_options(input, &log));
  }
  const bool is_log = kind == models::ModelKind::bg_bb &&
                      (opened ? opened->kind == input::TableKind::transaction_log : true);
  if (is_log) {
    // One opportunity per --unit after each customer's first purchase.
    const std::string unit = unit_option.empty() || unit_option.back() == 's' ? unit_option : unit_option + "s";
    const double period_days = unit == "days"    ? 1.0
                               : unit == "weeks"  ? 7.0
                               : unit == "months" ? 365.25 / 12.0
                               : unit == "years"  ? 365.25
                                                  : 0.0;
    if (period_days == 0.0) {
      throw usage_error("a transaction log needs --unit for BG/BB: the length of one opportunity (days, weeks, "
                        "months or years)");
    }
    const RfmOptions rfm = input::log_options(table_options(input, &log), log_reading(log), TimeUnit::days);
    OpportunityLogOptions opportunity_options{rfm.log, period_days, rfm.observation_end};
    return {{"", models::bg_bb::fit(opened ? opportunities_from_log(*opened->input, opportunity_options).customers
                                           : opportunities_from_log(path, opportunity_options).customers,
                                    options)}};
  }
  // An sBG file and a BG/BB opportunities file count their own periods: --unit and the log
  // options would change nothing.
  refuse_unit_and_log_options(
      unit_option, log, {},
      fmt::format("not used when {} fits {}, whose periods are counted in the file",
                  kind == models::ModelKind::sbg ? "sBG" : "BG/BB",
                  kind == models::ModelKind::sbg ? "contracts or a cohort table" : "an opportunities file"));
  if (kind == models::ModelKind::sbg) {
    const io::ContractTable table =
        io::read_contracts_file(path, csv_options(delimiter, path), cohort, io::CohortChoice::every);
    if (table.form == io::ContractForm::customers) {
      return {{"", models::sbg::fit(table.contracts, options)}};
    }
    if (table.cohorts.empty()) {
      return {{table.cohort, models::sbg::fit(models::sbg::contracts_from_cohort(table.alive), options)}};
    }
    // Several cohorts, each fitted on its own.
    std::vector<CohortFit> fits;
    for (const io::CohortCounts& counts : table.cohorts) {
      fits.push_back({counts.name, models::sbg::fit(models::sbg::contracts_from_cohort(counts.alive), options)});
    }
    return fits;
  }
  if (cohort) {
    throw usage_error("--cohort is for sBG cohort tables");
  }
  return {{"", models::bg_bb::fit(io::read_opportunities(*opened->input, csv_options(delimiter, path)).customers,
                                  options)}};
}

void print_cohort_fits(const std::vector<CohortFit>& fits, const OutputOptions& output_options) {
  io::Output output(output_options.path);
  const auto writer = io::make_row_writer(io::parse_output_format(output_options.format), output);
  writer->begin("cohorts",
                {io::Column{"cohort", io::ColumnType::text}, io::Column{"customers", io::ColumnType::number, 0},
                 io::Column{"alpha", io::ColumnType::number, 6}, io::Column{"alpha_se", io::ColumnType::number, 6},
                 io::Column{"beta", io::ColumnType::number, 6}, io::Column{"beta_se", io::ColumnType::number, 6},
                 io::Column{"log_likelihood", io::ColumnType::number, 4}},
                "sBG fit of each cohort");
  std::vector<io::Cell> cells(7);
  for (const CohortFit& fit : fits) {
    const auto& r = fit.fit;
    const bool errors = r.standard_errors.size() == 2;
    cells = {fit.cohort, r.customers, r.parameters[0], errors ? io::Cell{r.standard_errors[0]} : io::Cell{},
             r.parameters[1], errors ? io::Cell{r.standard_errors[1]} : io::Cell{}, r.log_likelihood};
    writer->row(cells);
  }
  writer->end({io::SummaryItem{"cohorts", "Cohorts", static_cast<double>(fits.size()), 0}});
  output.commit();
}

void predict_discrete(const io::ModelFile& model, const std::string& model_path, const DiscretePredictOptions& options) {
  check_discount_rate(options.discount_rate);
  if (model.fit.kind == models::ModelKind::sbg) {
    if (options.horizon) {
      throw usage_error(fmt::format("{}: an sBG model projects --periods N (with no file), not --horizon", model_path));
    }
    if (options.periods && options.path) {
      throw usage_error("--periods projects the cohort from the model alone: give it without a FILE");
    }
    if (!options.periods && !options.path) {
      throw usage_error("give --periods N (the cohort's projection) or a FILE of customer_id,tenure,churned");
    }
    if (options.periods && (*options.periods < 0 || *options.periods > 100000)) {
      throw usage_error(fmt::format("--periods must be between 0 and 100000, not {}", *options.periods));
    }
    if (options.distribution) {
      throw usage_error(fmt::format("{}: --distribution is for purchase models; an sBG model forecasts renewals",
                                    model_path));
    }
    predict_contracts(model, model_path, options);
    return;
  }
  if (options.periods) {
    throw usage_error(fmt::format("{}: a BG/BB model forecasts --horizon N opportunities, not --periods", model_path));
  }
  if (!options.horizon || !(*options.horizon >= 0.0) || *options.horizon != std::floor(*options.horizon) ||
      *options.horizon > 1e6) {
    throw usage_error("a BG/BB forecast needs --horizon N, a whole number of opportunities");
  }
  predict_opportunities(model, options);
}

namespace {

std::string shown_name(const std::string& path) { return path == "-" ? std::string(io::k_stdin_name) : path; }

}  // namespace

bool is_contract_model(const std::string& model_path) {
  return !model_path.empty() && input::model_file(model_path).fit.kind == models::ModelKind::sbg;
}

void add_contract_options(CLI::App& command, ContractValueOptions& options) {
  in_range(command.add_option("--revenue", options.revenue,
                              "With an sBG model: revenue per period, paid at its start while the customer is active"),
           amounts())
      ->option_text("R");
  in_range(command.add_option("--acquisition-cost", options.acquisition_cost,
                              "With an sBG model: cost of acquiring each customer"),
           amounts())
      ->option_text("C");
  add_discount_rate_option(command, options.discount_rate,
                           "With an sBG model: discount rate per period (value = margin x revenue x DERL - cost)");
}

ContractValueOptions contract_options(const ContractValueOptions& options, const ModelArguments& models) {
  if ((options.revenue || options.acquisition_cost || options.discount_rate) &&
      !is_contract_model(models.options.model_path)) {
    throw usage_error("--revenue, --acquisition-cost and --discount-rate are for an sBG contract model (--model "
                      "sbg.json)");
  }
  ContractValueOptions out = options;
  out.service_cost = models.options.service_cost;
  out.margin = models.options.margin;
  out.attributes_path = models.options.attributes_path;
  return out;
}

std::optional<CustomerSet> contract_customers(const std::string& model_path, const TableArguments& input,
                                              const ContractValueOptions& options, CustomerView view, int years,
                                              CustomerSet* ledger) {
  if (!is_contract_model(model_path)) {
    if (options.revenue) {
      throw usage_error("--revenue is for an sBG contract model (--model sbg.json)");
    }
    return std::nullopt;
  }
  const io::ModelFile model = input::model_file(model_path);
  if (!options.revenue) {
    throw usage_error(fmt::format("{}: an sBG model needs --revenue (paid at the start of every period)", model_path));
  }
  ContractTerms terms;
  terms.revenue = *options.revenue;
  terms.acquisition_cost = options.acquisition_cost.value_or(0.0);
  terms.service_cost = options.service_cost;
  terms.margin = options.margin;
  terms.discount_rate = options.discount_rate;
  CustomerSet set;
  set.source = model_path;
  if (input.path.empty()) {
    if (!options.attributes_path.empty()) {
      throw usage_error("--attributes name the customers of a contracts file (customer_id,tenure,churned): give it "
                        "as FILE");
    }
    set.customers.push_back(view == CustomerView::ledger
                                ? contract_ledger_customer(sbg_parameters(model), terms, years, "new customer")
                                : contract_formula_customer(sbg_parameters(model), terms, "new customer"));
    if (ledger != nullptr) {
      *ledger = set;
      ledger->customers = {contract_ledger_customer(sbg_parameters(model), terms, years, "new customer")};
    }
    return set;
  }
  if (!options.attributes_path.empty() && options.acquisition_cost) {
    throw usage_error("give --acquisition-cost (the same for every customer) or acquisition costs in --attributes, "
                      "not both");
  }
  require_input(input.path);
  const io::ContractTable table =
      io::read_contracts_file(input.path, csv_options(input, input.path), std::nullopt, io::CohortChoice::every);
  if (table.form != io::ContractForm::customers) {
    throw usage_error(fmt::format("{}: a cohort table; an sBG model values one row per customer "
                                  "(customer_id,tenure,churned), or with no FILE the cohort's typical new customer",
                                  input.path));
  }
  const std::string source = shown_name(input.path);
  std::optional<AttributeTable> attributes;
  if (!options.attributes_path.empty()) {
    attributes = input::read_attribute_file(options.attributes_path);
  }
  const auto build = [&](CustomerView shape) {
    CustomerSet built = contract_customer_set(sbg_parameters(model), table.ids, table.contracts, terms, years, shape,
                                              RowSource{source, table.lines});
    built.source = source;
    if (attributes) {
      attach_attributes(built, *attributes);
    }
    return built;
  };
  if (ledger != nullptr) {
    *ledger = build(CustomerView::ledger);
  }
  return build(view);
}

bool diagnose_contracts(const std::string& model_path, const TableArguments& input,
                        const std::optional<std::string>& cohort, const OutputOptions& output_options) {
  const io::ModelFile model = input::model_file(model_path);
  if (model.fit.kind != models::ModelKind::sbg) {
    if (cohort) {
      throw usage_error("--cohort is for sBG cohort tables (an sBG model)");
    }
    return false;
  }
  require_input(input.path);
  const io::ContractTable table = io::read_contracts_file(input.path, csv_options(input, input.path), cohort);
  const auto rows = models::sbg::compare_survival(
      sbg_parameters(model),
      table.form == io::ContractForm::cohort_table ? models::sbg::contracts_from_cohort(table.alive) : table.contracts);
  io::Output output(output_options.path);
  const auto writer = io::make_row_writer(io::parse_output_format(output_options.format), output);
  writer->begin("periods",
                {io::Column{"period", io::ColumnType::number, 0}, io::Column{"at_risk", io::ColumnType::number, 0},
                 io::Column{"churned", io::ColumnType::number, 0},
                 io::Column{"actual_survival", io::ColumnType::share, 4},
                 io::Column{"predicted_survival", io::ColumnType::share, 4},
                 io::Column{"difference", io::ColumnType::share, 4}},
                "sBG: survival per period, actual vs predicted");
  double largest = 0.0;
  for (const auto& row : rows) {
    writer->row({static_cast<double>(row.period), row.at_risk, row.churned, row.actual_survival,
                 row.predicted_survival, row.predicted_survival - row.actual_survival});
    largest = std::max(largest, std::abs(row.predicted_survival - row.actual_survival));
  }
  writer->end({
      io::SummaryItem{"customers", "Customers", rows.front().at_risk, 0},
      io::SummaryItem{"largest_difference", "Largest difference", largest, 4, io::ColumnType::share},
  });
  output.commit();
  return true;
}

std::optional<CustomerSet> opportunity_customers(const std::string& path, const TableArguments& delimiter,
                                                 const OpportunityValueOptions& options, int years, CustomerView view,
                                                 CustomerSet* ledger) {
  if (options.model_path.empty()) {
    return std::nullopt;
  }
  const io::ModelFile model = input::model_file(options.model_path);
  if (model.fit.kind != models::ModelKind::bg_bb) {
    return std::nullopt;
  }
  if (!options.spend_model_path.empty() && options.average_purchase) {
    throw usage_error("give --average-purchase (every transaction worth the same) or --spend-model, not both");
  }
  std::optional<io::ModelFile> spend;
  if (!options.spend_model_path.empty()) {
    spend = input::read_model(options.spend_model_path, io::ModelRole::spend, std::nullopt);
  } else if (!options.average_purchase) {
    // Before FILE is read: what the file holds does not matter without the value of a transaction.
    throw usage_error(fmt::format("{}: is a BG/BB discrete-time purchase model; a BG/BB model needs "
                                  "--average-purchase (the value of one transaction) or --spend-model GG.json",
                                  options.model_path));
  }
  const std::string input = path.empty() ? "-" : path;
  require_input(input);
  const io::OpportunityTable table = io::read_opportunities_file(input, csv_options(delimiter, input));
  OpportunityForecastOptions forecast;
  if (spend) {
    if (table.monetary_value.empty()) {
      throw data_error("missing required column (monetary_value: the mean repeat transaction, for --spend-model)",
                       Location{input == "-" ? std::string(io::k_stdin_name) : input, 1, 0, "monetary_value"});
    }
    forecast.average_purchases = opportunity_average_purchases(spend->fit.parameters, table.ids, table.customers,
                                                               table.monetary_value,
                                                               RowSource{shown_name(input), table.lines});
  }
  forecast.years = years;
  forecast.opportunities_per_year = options.year_length.value_or(1.0);
  forecast.average_purchase = options.average_purchase.value_or(0.0);
  forecast.margin = options.margin;
  forecast.service_cost = options.service_cost;
  forecast.source = RowSource{shown_name(input), table.lines};
  std::optional<AttributeTable> attributes;
  if (!options.attributes_path.empty()) {
    attributes = input::read_attribute_file(options.attributes_path);
  }
  const auto build = [&](CustomerView shape) {
    forecast.view = shape;
    CustomerSet built = opportunity_customer_set(bg_bb_parameters(model), table.ids, table.customers, forecast);
    built.source = input == "-" ? std::string(io::k_stdin_name) : input;
    if (attributes) {
      attach_attributes(built, *attributes);
    }
    return built;
  };
  if (ledger != nullptr) {
    *ledger = build(CustomerView::ledger);
  }
  return build(view);
}

SummaryTable spend_summary(const TableArguments& input, const LogArguments& log, const std::string& unit, bool quiet) {
  if (log_options_given(log)) {
    return read_summary_input(input, log, requested_unit(unit), std::nullopt, quiet);
  }
  require_input(input.path);
  // Opened once (standard input is read once); a summary names T (the customer's age), an
  // opportunities file has periods instead.
  input::OpenedTable opened = input::open_table(table_options(input, &log));
  const bool has_age = std::find(opened.fields.begin(), opened.fields.end(), io::Field::age) != opened.fields.end();
  if ((opened.kind != input::TableKind::summary && opened.kind != input::TableKind::opportunities) || has_age) {
    input::SummaryInput read = input::read_summary_or_log(std::move(opened), table_options(input, &log),
                                                          log_reading(log), requested_unit(unit), std::nullopt);
    if (read.log && !quiet) {
      warn_about_log(*read.log, read.source);
    }
    return std::move(read.summary);
  }
  const io::OpportunityTable table = io::read_opportunities(*opened.input, csv_options(input, input.path));
  if (table.monetary_value.empty()) {
    throw data_error("missing required column (monetary_value: the mean repeat transaction, for a Gamma-Gamma fit)",
                     Location{opened.name, 1, 0, "monetary_value"});
  }
  SummaryTable summary;
  summary.customers.reserve(table.customers.size());
  for (std::size_t i = 0; i < table.customers.size(); ++i) {
    const auto& c = table.customers[i];
    CustomerSummary& customer = summary.customers.emplace_back();
    customer.id = table.ids[i];
    customer.frequency = c.frequency;
    customer.recency = c.recency;
    customer.age = c.periods;
    customer.monetary_value = table.monetary_value[i];
    customer.weight = c.weight;
  }
  summary.lines = table.lines;
  return summary;
}

bool diagnose_opportunities(const std::string& model_path, const TableArguments& input,
                                         int max_frequency,
                            const OutputOptions& output_options) {
  const io::ModelFile model = input::model_file(model_path);
  if (model.fit.kind != models::ModelKind::bg_bb) {
    return false;
  }
  require_input(input.path);
  const io::OpportunityTable table =
      io::read_opportunities_file(input.path, csv_options(input, input.path));
  if (table.holdout_frequency.empty()) {
    throw usage_error(fmt::format("{}: diagnosing a BG/BB model needs holdout columns frequency_holdout and "
                                  "periods_holdout",
                                  input.path));
  }
  const auto groups = models::bg_bb::compare_holdout(bg_bb_parameters(model), table.customers,
                                                     table.holdout_frequency, table.holdout_periods, max_frequency);
  io::Output output(output_options.path);
  const auto writer = io::make_row_writer(io::parse_output_format(output_options.format), output);
  writer->begin("groups",
                {io::Column{"frequency_cal", io::ColumnType::text}, io::Column{"customers", io::ColumnType::number, 0},
                 io::Column{"actual_holdout", io::ColumnType::number, 4},
                 io::Column{"predicted_holdout", io::ColumnType::number, 4},
                 io::Column{"difference", io::ColumnType::number, 4}},
                "Mean transactions in the holdout opportunities, by calibration transactions");
  double customers = 0.0;
  double actual = 0.0;
  double predicted = 0.0;
  for (const auto& group : groups) {
    writer->row({fmt::format("{}{}", group.frequency, group.or_more ? "+" : ""), group.customers, group.actual,
                 group.predicted, group.predicted - group.actual});
    customers += group.customers;
    actual += group.customers * group.actual;
    predicted += group.customers * group.predicted;
  }
  writer->end({
      io::SummaryItem{"customers", "Customers", customers, 0},
      io::SummaryItem{"actual_total", "Actual holdout transactions", actual, 2},
      io::SummaryItem{"predicted_total", "Predicted holdout transactions", predicted, 2},
  });
  output.commit();
  return true;
}

}  // namespace clv::cli
