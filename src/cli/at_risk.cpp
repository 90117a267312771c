// `clv at-risk`: valuable customers a purchase model thinks have probably stopped buying, sorted
// by the value at stake. The numbers come from clv/at_risk_inputs.hpp and clv/at_risk_selection.hpp.
#include "option_range.hpp"
#include "commands.hpp"
#include "options.hpp"

#include "clv/at_risk_intervals.hpp"
#include "clv/at_risk_selection.hpp"
#include "clv/io/table_writer.hpp"

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace clv::cli {

namespace {

struct AtRiskCommandOptions {
  TableArguments table;
  LogArguments log;
  std::string unit;
  ModelArguments models;
  input::AtRiskChoice choice;
  OutputOptions output;
  bool quiet = false;
  IntervalArguments interval;  // --interval: bounds of P(alive) and the value at stake
};

io::Cell optional_cell(const std::optional<double>& value) {
  return value ? io::Cell{*value} : io::Cell{};
}

void run_at_risk(const AtRiskCommandOptions& options) {
  const io::OutputFormat format = io::parse_output_format(options.output.format);
  check_interval_options(options.interval, true);
  const auto unit = requested_unit(options.unit);
  const io::ModelFile purchase = input::read_model(options.models.options.model_path, io::ModelRole::purchase, unit);
  std::optional<io::ModelFile> spend;
  if (!options.models.options.spend_model_path.empty()) {
    spend = input::read_model(options.models.options.spend_model_path, io::ModelRole::spend, std::nullopt);
  }
  // A log is summarised in the model's unit (unless --unit says otherwise, which must then match).
  const SummaryTable summary = read_summary_input(
      options.table, options.log, unit, input::ModelUnit{purchase.unit, options.models.options.model_path}, options.quiet);
  input::AtRiskChoice choice = options.choice;
  choice.forecast.margin = options.models.options.margin;
  choice.top = 0;  // every customer at risk is selected: the summary counts them all, --top cuts the list
  const AtRiskList list =
      list_at_risk(input::at_risk_customers(summary, purchase, spend ? &*spend : nullptr, choice, unit, nullptr),
                   options.choice.top == 0 ? std::nullopt : std::optional<std::size_t>(options.choice.top));
  const std::vector<AtRiskCustomer>& customers = list.listed;
  std::unordered_map<std::string_view, std::size_t> kept_row;
  std::optional<AtRiskIntervals> intervals;
  if (options.interval.level) {
    std::unordered_map<std::string_view, std::size_t> row_of;
    for (std::size_t i = 0; i < summary.customers.size(); ++i) {
      row_of.emplace(summary.customers[i].id, i);
    }
    std::vector<std::size_t> rows;
    for (const AtRiskCustomer& customer : customers) {
      rows.push_back(row_of.at(customer.id));
    }
    AtRiskForecastOptions forecast = choice.forecast;
    const ParameterDraws draws =
        interval_draws(options.interval, purchase, spend ? &*spend : nullptr, summary, forecast.threads,
                       options.models.options);
    intervals = at_risk_intervals(summary, rows, purchase.fit, spend ? &spend->fit : nullptr, forecast, draws,
                                  *options.interval.level);
  }
  if (!summary.kept.empty()) {
    for (std::size_t i = 0; i < summary.customers.size(); ++i) {
      kept_row.emplace(summary.customers[i].id, i);
    }
  }
  std::vector<io::Column> columns{{"customer_id", io::ColumnType::text, 0}};
  add_kept_columns(columns, summary.kept);
  for (io::Column column : std::initializer_list<io::Column>{{"probability_alive", io::ColumnType::number, 4},
                                                             {"value_if_alive", io::ColumnType::number, 2},
                                                             {"value_at_stake", io::ColumnType::number, 2},
                                                             {"days_since_last_purchase", io::ColumnType::number, 1},
                                                             {"usual_gap_days", io::ColumnType::number, 1},
                                                             {"gaps_overdue", io::ColumnType::number, 1}}) {
    const bool bounded = intervals && (column.name == "probability_alive" || column.name == "value_at_stake");
    const io::Column bound{column.name, column.type, column.decimals};
    columns.push_back(std::move(column));
    if (bounded) {
      columns.push_back({bound.name + "_lower", bound.type, bound.decimals});
      columns.push_back({bound.name + "_upper", bound.type, bound.decimals});
    }
  }
  io::Output output(options.output.path);
  const auto writer = io::make_row_writer(format, output);
  writer->begin("at_risk", columns,
                fmt::format("Customers at risk: P(alive) < {}, sorted by value at stake",
                            io::format_plain(options.choice.selection.alive_threshold, 4)));
  double listed_at_stake = 0.0;
  std::vector<io::Cell> cells;
  for (std::size_t k = 0; k < customers.size(); ++k) {
    const AtRiskCustomer& customer = customers[k];
    cells = {customer.id};
    if (!summary.kept.empty()) {
      add_kept_cells(cells, summary.kept, kept_row.at(customer.id));
    }
    cells.emplace_back(customer.probability_alive);
    if (intervals) {
      cells.emplace_back(intervals->probability_alive[k].lower);
      cells.emplace_back(intervals->probability_alive[k].upper);
    }
    cells.emplace_back(customer.value_if_alive);
    cells.emplace_back(customer.value_at_stake);
    if (intervals) {
      cells.emplace_back(intervals->value_at_stake[k].lower);
      cells.emplace_back(intervals->value_at_stake[k].upper);
    }
    for (io::Cell cell : {optional_cell(customer.days_since_last_purchase), optional_cell(customer.usual_gap_days),
                          optional_cell(customer.gaps_overdue)}) {
      cells.push_back(std::move(cell));
    }
    writer->row(cells);
    listed_at_stake += customer.value_at_stake;
  }
  // Totals over every customer at risk; when --top cuts the list, the listed ones' as well. The
  // interval is the listed customers' (the list is the point estimates').
  std::vector<io::SummaryItem> items{
      {"customers", "customers at risk", static_cast<double>(list.customers_at_risk), 0},
      {"value_at_stake", "their value at stake", list.value_at_stake, 2}};
  const bool cut = customers.size() < list.customers_at_risk;
  if (cut) {
    items.push_back({"listed", "customers listed", static_cast<double>(customers.size()), 0});
    items.push_back({"listed_value_at_stake", "value at stake of those listed", listed_at_stake, 2});
  }
  if (intervals) {
    insert_interval_bounds(items, cut ? "listed_value_at_stake" : "value_at_stake", intervals->total_value_at_stake,
                           *options.interval.level);
  }
  writer->end(items);
  output.commit();
}

}  // namespace

void add_at_risk_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<AtRiskCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->footer(
      "value if alive = E[transactions over the horizon | alive] x expected average purchase\n"
      "(Gamma-Gamma, or monetary_value without --spend-model) x margin; value at stake =\n"
      "(1 - P(alive)) x value if alive. Days come from the summary's unit (--unit overrides).\n"
      "Example:\n"
      "  clv at-risk examples/summary.csv --model examples/bgnbd.json --spend-model examples/gg.json \\\n"
      "      --horizon 52 --margin 0.3 --top 10");
  add_summary_file_options(*command, options->table, options->log, options->unit, KeepOption::add);
  add_model_options(*command, options->models, ModelRequired::yes, ForecastInputs::omit);
  add_at_risk_options(*command, options->choice);
  add_top_option(*command, options->choice.top, "Only the N customers with the most value at stake");
  add_threads_option(*command, options->choice.forecast.threads);
  add_quiet_option(*command, options->quiet);
  add_interval_options(*command, options->interval);
  add_output_options(*command, options->output);
  command->callback([options] { naming_input(options->table.path, [&] { run_at_risk(*options); }); });
}

}  // namespace clv::cli
