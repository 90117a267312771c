// `clv predict`: per-customer forecasts from fitted models: expected transactions over a
// horizon, probability alive and, with a spend model, expected average purchase and the
// discounted lifetime value.
#include "commands.hpp"
#include "discrete_models.hpp"
#include "option_range.hpp"
#include "options.hpp"

#include "clv/forecast_table.hpp"
#include "clv/error.hpp"
#include "clv/io/plural.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/forecast_interval.hpp"
#include "clv/purchase_distributions.hpp"
#include "clv/top_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <optional>

namespace clv::cli {

namespace {

struct PredictCommandOptions {
  TableArguments table;
  LogArguments log;
  std::string unit;
  bool quiet = false;
  OutputOptions output;
  ModelArguments models;
  ForecastOptions forecast;
  std::size_t top = 0;  // 0: every customer
  std::optional<double> horizon;
  std::optional<int> periods;  // sBG: the cohort's projection
  // --distribution K and --new-customer (purchase_distributions.hpp)
  std::optional<int> distribution;
  bool new_customer = false;
  IntervalArguments interval;  // --interval, --draws, --bootstrap, --seed (forecast_interval.hpp)
};

// --- purchase distributions and the new customer -------------------------------------------
// Columns p0 ... pK and p_more.
void add_distribution_columns(std::vector<io::Column>& columns, int max_count) {
  for (int k = 0; k <= max_count; ++k) {
    columns.push_back(io::Column{fmt::format("p{}", k), io::ColumnType::number, 4});
  }
  columns.push_back(io::Column{"p_more", io::ColumnType::number, 4});
}

void fill_distribution_cells(std::vector<io::Cell>& cells, std::size_t first, const models::PurchaseDistribution& d) {
  for (std::size_t k = 0; k < d.probabilities.size(); ++k) {
    cells[first + k] = d.probabilities[k];
  }
  cells[first + d.probabilities.size()] = d.more;
}

// `clv predict --model M --new-customer`: one row for a customer acquired at time 0.
void run_new_customer(const PredictCommandOptions& options) {
  if (options.interval.level || options.interval.bootstrap) {
    throw usage_error("--interval and --bootstrap forecast customers with a history: not with --new-customer");
  }
  if (!options.table.path.empty() && options.table.path != "-") {
    throw usage_error(fmt::format("--new-customer forecasts a customer with no history: drop the SUMMARY '{}'",
                                  options.table.path));
  }
  // BG/BB counts opportunities; the other purchase models time.
  const bool opportunities = input::model_file(options.models.options.model_path).fit.kind == models::ModelKind::bg_bb;
  const io::ModelFile purchase =
      input::read_model(options.models.options.model_path,
                        opportunities ? io::ModelRole::discrete_purchase : io::ModelRole::purchase,
                        requested_unit(options.unit));
  std::optional<io::ModelFile> spend;
  if (!options.models.options.spend_model_path.empty()) {
    spend = input::read_model(options.models.options.spend_model_path, io::ModelRole::spend, std::nullopt);
  }
  const NewCustomerForecast forecast =
      forecast_new_customer(purchase.fit, spend ? &spend->fit : nullptr, options.forecast, options.distribution,
                            options.models.options.average_purchase);
  const bool has_value = forecast.lifetime_value.has_value();
  std::vector<io::Column> columns{io::Column{"expected_transactions", io::ColumnType::number, 4}};
  if (options.distribution) {
    add_distribution_columns(columns, *options.distribution);
  }
  if (has_value) {
    columns.push_back(io::Column{"expected_average_spend", io::ColumnType::number, 2});
    columns.push_back(io::Column{"clv", io::ColumnType::number, 2});
  }
  const std::string unit_name = opportunities ? "opportunities"
                                : purchase.unit ? std::string(time_unit_name(*purchase.unit))
                                                : "summary units";
  io::Output output(options.output.path);
  const auto writer = io::make_row_writer(io::parse_output_format(options.output.format), output);
  writer->begin("new_customer", columns,
                fmt::format("A new customer over the first {} after the first purchase",
                            io::counted(options.forecast.horizon, io::format_plain(options.forecast.horizon, 4),
                                        opportunities ? "opportunity" : io::singular_unit(unit_name), unit_name)));
  std::vector<io::Cell> cells(columns.size());
  cells[0] = forecast.expected_transactions;
  if (options.distribution) {
    fill_distribution_cells(cells, 1, forecast.distribution);
  }
  if (has_value) {
    cells[columns.size() - 2] = *forecast.expected_average_spend;
    cells[columns.size() - 1] = *forecast.lifetime_value;
  }
  writer->row(cells);
  writer->end({io::SummaryItem{"horizon", "Horizon", options.forecast.horizon, 4},
               io::SummaryItem{"time_unit", "Time unit", unit_name}});
  output.commit();
}
// --- end of purchase distributions and the new customer ------------------------------------

// Input order, or with --top the N highest (by value, or expected transactions without a spend
// model), ties kept in input order so the output is deterministic.
std::vector<std::size_t> row_order(const ForecastTable& table, std::size_t top) {
  std::vector<double> keys(table.customers.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    keys[i] = table.has_value ? table.customers[i].lifetime_value : table.customers[i].expected_transactions;
  }
  return top_rows(keys, top);
}

// Refuses the first option given on `command` that is not in `used` (long names, "SUMMARY" for
// FILE): an option the forecast does not use is a usage error, never silently dropped. `what`
// says which forecast, e.g. "predict with a BG/BB model M".
void refuse_unused_options(const CLI::App& command, const std::vector<std::string>& used, const std::string& what) {
  for (const CLI::Option* option : command.get_options()) {
    if (option->count() == 0) {
      continue;
    }
    const std::vector<std::string>& names = option->get_lnames();
    const std::string name = names.empty() ? option->get_name() : names.front();
    if (name == "help" || std::find(used.begin(), used.end(), name) != used.end()) {
      continue;
    }
    const std::string hint = name == "keep" || name == "column" || name == "id"
                                 ? "; its file is read by its own column names"
                             : name == "SUMMARY" ? ": drop the file" : "";
    throw usage_error(fmt::format("{}{}: not used by {}{}", names.empty() ? "" : "--", name, what, hint));
  }
}

// --margin, --discount-rate and --period shape the clv column, which a forecast without a value
// of its transactions (`valued` false) does not have.
void refuse_value_options_without_value(const CLI::App& command, bool valued, const char* needs) {
  if (valued) {
    return;
  }
  for (const char* option : {"--margin", "--discount-rate", "--period"}) {
    if (command.count(option) > 0) {
      throw usage_error(fmt::format("{}: shapes the clv column, which needs {}", option, needs));
    }
  }
}

// The options an sBG or BG/BB forecast uses (the discrete-time models read their own files: no
// log, no --column, no --keep). Options with a message of their own (--horizon for sBG,
// --periods, --distribution, --interval) pass here and are refused further on.
void refuse_unused_discrete_options(const CLI::App& command, models::ModelKind kind, const std::string& model_path,
                                    bool has_file) {
  const bool sbg = kind == models::ModelKind::sbg;
  std::vector<std::string> used{"SUMMARY", "model",         "horizon", "periods", "distribution", "interval",
                                "draws",   "seed",          "bootstrap", "delimiter", "tabs", "decimal-comma",
                                "threads", "quiet",         "format",  "output"};
  if (has_file) {
    used.emplace_back("top");  // the sBG cohort projection has one row per period
  }
  if (sbg) {
    used.emplace_back("discount-rate");
  } else {
    used.emplace_back("spend-model");
    used.emplace_back("margin");
  }
  if (!sbg && command.count("--discount-rate") > 0) {
    throw usage_error(fmt::format("--discount-rate: not used by predict with a BG/BB model {}; its clv is "
                                  "undiscounted, as clv value gives it",
                                  model_path));
  }
  if (sbg && (command.count("--spend-model") > 0 || command.count("--margin") > 0)) {
    throw usage_error(fmt::format("{}: not used by predict with an sBG model {}; a contract's value is clv value "
                                  "--revenue R",
                                  command.count("--spend-model") > 0 ? "--spend-model" : "--margin", model_path));
  }
  refuse_unused_options(command, used,
                        fmt::format("predict with {} model {}{}", sbg ? "an sBG" : "a BG/BB", model_path,
                                    sbg && !has_file ? " and no FILE (the cohort's projection)" : ""));
}

void run_predict(const PredictCommandOptions& given) {
  if (given.models.options.average_purchase && !given.new_customer) {
    throw usage_error("--average-purchase values a new customer here: give it with --new-customer");
  }
  if (given.new_customer) {
    if (given.models.command != nullptr) {
      refuse_unused_options(*given.models.command,
                            {"model", "horizon", "distribution", "new-customer", "spend-model", "average-purchase",
                             "margin", "discount-rate", "period", "unit", "interval", "bootstrap", "SUMMARY",
                             "draws", "seed", "threads", "quiet", "format", "output"},
                            "predict --new-customer (one customer with no history)");
      refuse_value_options_without_value(*given.models.command,
                                         !given.models.options.spend_model_path.empty() ||
                                             given.models.options.average_purchase.has_value(),
                                         "--spend-model or --average-purchase");
    }
    check_interval_options(given.interval, true);
    if (!given.horizon) {
      throw usage_error("--horizon is required");
    }
    PredictCommandOptions options = given;
    options.forecast.horizon = *given.horizon;
    options.forecast.margin = given.models.options.margin;
    run_new_customer(options);
    return;
  }
  // sBG and BG/BB: their own inputs and outputs (discrete_models.cpp).
  if (const io::ModelFile model = input::model_file(given.models.options.model_path); is_discrete(model.fit.kind)) {
    if (given.interval.level || given.interval.bootstrap) {
      throw usage_error(fmt::format("--interval is for the bgnbd, pnbd and mbgnbd models, not {}",
                                    models::model_display_name(model.fit.kind)));
    }
    const bool has_file = given.models.command != nullptr && given.models.command->count("SUMMARY") > 0;
    if (given.models.command != nullptr) {
      refuse_unused_discrete_options(*given.models.command, model.fit.kind, given.models.options.model_path,
                                     has_file);
      if (model.fit.kind == models::ModelKind::bg_bb) {
        refuse_value_options_without_value(*given.models.command, !given.models.options.spend_model_path.empty(),
                                           "--spend-model");
      }
    }
    if (!given.models.options.spend_model_path.empty()) {
      // Before FILE is read, as for the other models.
      (void)input::read_model(given.models.options.spend_model_path, io::ModelRole::spend, std::nullopt);
    }
    check_interval_options(given.interval, true);
    predict_discrete(model, given.models.options.model_path,
                     DiscretePredictOptions{has_file ? std::optional(given.table.path) : std::nullopt,
                                            given.table, given.periods, given.horizon,
                                            given.forecast.discount_rate, given.output, given.distribution,
                                            given.top, given.models.options.spend_model_path,
                                            given.models.options.margin});
    return;
  }
  if (given.periods) {
    throw usage_error("--periods is for sBG models; purchase models forecast over --horizon");
  }
  if (given.models.command != nullptr) {
    refuse_value_options_without_value(*given.models.command, !given.models.options.spend_model_path.empty(),
                                       "--spend-model");
  }
  if (!given.horizon) {
    throw usage_error("--horizon is required");
  }
  PredictCommandOptions options = given;
  options.forecast.horizon = *given.horizon;
  options.forecast.margin = given.models.options.margin;
  const auto unit = requested_unit(options.unit);
  const io::ModelFile purchase = input::read_model(options.models.options.model_path, io::ModelRole::purchase, unit);
  std::optional<io::ModelFile> spend;
  if (!options.models.options.spend_model_path.empty()) {
    spend = input::read_model(options.models.options.spend_model_path, io::ModelRole::spend, std::nullopt);
  }
  check_interval_options(options.interval, true);
  const SummaryTable summary = read_summary_input(
      options.table, options.log, unit, input::ModelUnit{purchase.unit, options.models.options.model_path}, options.quiet);
  const ForecastTable table =
      forecast_customers(purchase.fit, spend ? &spend->fit : nullptr, summary, options.forecast);

  io::Output output(options.output.path);
  const auto writer = io::make_row_writer(io::parse_output_format(options.output.format), output);
  std::vector<io::Column> columns{io::Column{"customer_id", io::ColumnType::text}};
  add_kept_columns(columns, summary.kept);
  const std::size_t first = columns.size();  // the forecast's columns
  for (io::Column column : std::initializer_list<io::Column>{
      io::Column{"expected_transactions", io::ColumnType::number, 4},
      io::Column{"probability_alive", io::ColumnType::number, 4}}) {
    columns.push_back(std::move(column));
  }
  if (table.has_value) {
    columns.push_back(io::Column{"expected_average_spend", io::ColumnType::number, 2});
    columns.push_back(io::Column{"clv", io::ColumnType::number, 2});
  }
  // --- intervals: <name>_lower, <name>_upper for each forecast column ---
  std::optional<ForecastIntervals> intervals;
  const std::size_t first_bound = columns.size();
  if (options.interval.level) {
    const ParameterDraws draws = interval_draws(options.interval, purchase, spend ? &*spend : nullptr, summary,
                                                options.forecast.threads,
                                                options.models.options);
    intervals = forecast_intervals(purchase.fit, spend ? &spend->fit : nullptr, summary, options.forecast, draws,
                                   *options.interval.level);
    const std::size_t named = columns.size();
    for (std::size_t c = first; c < named; ++c) {
      columns.push_back(io::Column{columns[c].name + "_lower", io::ColumnType::number, columns[c].decimals});
      columns.push_back(io::Column{columns[c].name + "_upper", io::ColumnType::number, columns[c].decimals});
    }
  }
  // --- end of intervals ---
  const std::size_t first_probability = columns.size();
  std::vector<models::PurchaseDistribution> distributions;
  if (options.distribution) {
    distributions = purchase_distributions(purchase.fit, summary, options.forecast.horizon, *options.distribution);
    add_distribution_columns(columns, *options.distribution);
  }
  // --unit (a log summarised in it, or the summary's unit) when given, else the model's.
  const std::optional<TimeUnit> shown_unit = summary.unit ? summary.unit : purchase.unit;
  const std::string unit_name = shown_unit ? std::string(time_unit_name(*shown_unit)) : "summary units";
  writer->begin("customers", columns,
                fmt::format("Forecast over the next {}",
                            io::counted(options.forecast.horizon, io::format_plain(options.forecast.horizon, 4),
                                        io::singular_unit(unit_name), unit_name)));
  std::vector<io::Cell> cells(columns.size());
  for (const std::size_t i : row_order(table, options.top)) {
    const CustomerForecast& forecast = table.customers[i];
    cells[0] = summary.customers[i].id;
    for (std::size_t k = 0; k < summary.kept.names.size(); ++k) {
      cells[1 + k] = summary.kept.value(i, k);
    }
    cells[first] = forecast.expected_transactions;
    cells[first + 1] = forecast.probability_alive;
    if (table.has_value) {
      cells[first + 2] = forecast.expected_average_spend;
      cells[first + 3] = forecast.lifetime_value;
    }
    if (intervals) {
      const CustomerIntervals& c = intervals->customers[i];
      const Bounds* ordered[4] = {&c.expected_transactions, &c.probability_alive, &c.expected_average_spend,
                                  &c.lifetime_value};
      for (std::size_t q = 0; first_bound + 2 * q < first_probability; ++q) {
        cells[first_bound + 2 * q] = ordered[q]->lower;
        cells[first_bound + 2 * q + 1] = ordered[q]->upper;
      }
    }
    if (options.distribution) {
      fill_distribution_cells(cells, first_probability, distributions[i]);
    }
    writer->row(cells);
  }
  // Totals count every customer (each row times its weight), whatever --top shows.
  double customers = 0.0;
  double transactions = 0.0;
  double alive = 0.0;
  double value = 0.0;
  for (std::size_t i = 0; i < table.customers.size(); ++i) {
    const double weight = summary.customers[i].weight;
    customers += weight;
    transactions += weight * table.customers[i].expected_transactions;
    alive += weight * table.customers[i].probability_alive;
    value += weight * table.customers[i].lifetime_value;
  }
  std::vector<io::SummaryItem> totals{
      io::SummaryItem{"customers", "Customers", customers, 0},
      io::SummaryItem{"horizon", "Horizon", options.forecast.horizon, 4},
      io::SummaryItem{"time_unit", "Time unit", unit_name},
      io::SummaryItem{"expected_transactions", "Expected transactions", transactions, 2},
      io::SummaryItem{"expected_alive", "Customers expected to be alive now", alive, 2},
  };
  if (table.has_value) {
    totals.push_back(io::SummaryItem{"clv", "Total CLV", value, 2});
  }
  if (intervals) {
    const std::string level = io::format_plain(100.0 * *options.interval.level, 2);
    auto add_bounds = [&](const std::string& key, const std::string& label, const Bounds& bounds) {
      totals.push_back(io::SummaryItem{key + "_lower", label + " (" + level + " % interval, lower)", bounds.lower, 2});
      totals.push_back(io::SummaryItem{key + "_upper", label + " (" + level + " % interval, upper)", bounds.upper, 2});
    };
    add_bounds("expected_transactions", "Expected transactions", intervals->total_transactions);
    add_bounds("expected_alive", "Customers expected to be alive now", intervals->total_alive);
    if (table.has_value) {
      add_bounds("clv", "Total CLV", intervals->total_value);
    }
  }
  writer->end(totals);
  output.commit();
}

}  // namespace

void add_predict_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<PredictCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->footer(
      "One row per customer in input order (--top N: the N highest by clv, or by expected\n"
      "transactions without --spend-model). clv = margin x expected_average_spend x the expected\n"
      "transactions of each --period, discounted by (1 + discount-rate)^k at the end of period k.\n"
      "Example:\n"
      "  clv predict customers.csv --model bgnbd.json --spend-model gg.json --horizon 52 \\\n"
      "      --period 4 --discount-rate 0.01 --margin 0.3 -f csv -o forecast.csv\n"
      "sBG: the cohort's projection, or each customer's renewal probability and discounted expected\n"
      "residual lifetime (--top N: the N highest); BG/BB: expected transactions and P(alive) per row,\n"
      "with --spend-model (a monetary_value column) the undiscounted clv. Options the model does not\n"
      "use (--keep, the log options; BG/BB: --discount-rate) are usage errors:\n"
      "  clv predict --model sbg.json --periods 12 --discount-rate 0.1\n"
      "  clv predict contracts.csv --model sbg.json --discount-rate 0.1 --top 10\n"
      "  clv predict donations.csv --model bgbb.json --horizon 5 --spend-model gg.json --top 10");
  add_summary_file_options(*command, options->table, options->log, options->unit, KeepOption::add);
  add_model_options(*command, options->models, ModelRequired::yes, ForecastInputs::omit);
  in_range(command->add_option("-H,--horizon", options->horizon,
                               "Forecast horizon in the model's time units (bgbb: opportunities; required but for sbg)"),
           numbers(0, 1e6))
      ->option_text("H");
  in_range(command->add_option("--periods", options->periods,
                               "sbg, without a FILE: the cohort's survival and retention for periods 0..N"),
           whole_numbers(1, 100000))
      ->option_text("N");
  add_discount_rate_option(*command, options->forecast.discount_rate,
                           "Discount rate per period for clv (default 0: no discounting)");
  in_range(command->add_option("--period", options->forecast.period,
                               "Length of a discounting period in time units (default 1)"),
           periods())
      ->option_text("P");
  add_top_option(*command, options->top,
                 "Only the N customers with the highest clv (expected transactions without --spend-model; sbg: "
                 "discounted expected residual lifetime)");
  add_threads_option(*command, options->forecast.threads);
  add_quiet_option(*command, options->quiet);
  // --- purchase distributions and the new customer ---
  command->add_option("--distribution", options->distribution,
                      "Add columns p0 ... pK, the probability of exactly k repeat purchases in the horizon, and "
                      "p_more = P(more than K)")
      ->check(CLI::Range(0, models::k_max_distribution_count))
      ->option_text("K");
  command->add_flag("--new-customer", options->new_customer,
                    "One row for a customer acquired at time 0 with nothing observed yet (no SUMMARY; bgbb: the "
                    "next --horizon opportunities): expected transactions, --distribution, and with --spend-model "
                    "or --average-purchase the expected average spend and clv");
  in_range(command->add_option("--average-purchase", options->models.options.average_purchase,
                                "With --new-customer: the value of every transaction instead of --spend-model"),
           amounts())
      ->option_text("A");
  add_interval_options(*command, options->interval);
  // --- end ---
  add_output_options(*command, options->output);
  command->callback([options] { naming_input(options->table.path, [&] { run_predict(*options); }); });
}

}  // namespace clv::cli
