// `clv predict`: per-customer forecasts from fitted models: expected transactions over a
// horizon, probability alive and, with a spend model, expected average purchase and the
// discounted lifetime value.
#include "commands.hpp"
#include "option_range.hpp"
#include "common.hpp"
#include "model_input.hpp"

#include "clv/customer_forecast.hpp"
#include "clv/error.hpp"
#include "clv/io/table_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <numeric>

namespace clv::cli {

namespace {

struct PredictCommandOptions {
  SummaryInputOptions input;
  OutputOptions output;
  std::string model_path;
  std::string spend_model_path;
  ForecastOptions forecast;
  std::size_t top = 0;  // 0: every customer
};

// Input order, or with --top the N highest (by value, or expected transactions without a spend
// model), ties kept in input order so the output is deterministic.
std::vector<std::size_t> row_order(const ForecastTable& table, std::size_t top) {
  std::vector<std::size_t> order(table.customers.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (top == 0) {
    return order;
  }
  const auto key = [&](std::size_t i) {
    return table.has_value ? table.customers[i].lifetime_value : table.customers[i].expected_transactions;
  };
  const std::size_t keep = std::min(top, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                    [&](std::size_t left, std::size_t right) {
                      return key(left) > key(right) || (key(left) == key(right) && left < right);
                    });
  order.resize(keep);
  return order;
}

void run_predict(const PredictCommandOptions& options) {
  const auto unit = requested_unit(options.input);
  const io::ModelFile purchase = load_model(options.model_path, io::ModelRole::purchase, unit);
  std::optional<io::ModelFile> spend;
  if (!options.spend_model_path.empty()) {
    spend = load_model(options.spend_model_path, io::ModelRole::spend, std::nullopt);
  }
  const SummaryTable summary = load_summary(options.input, purchase.unit);
  const ForecastTable table =
      forecast_customers(purchase.fit, spend ? &spend->fit : nullptr, summary, options.forecast);

  io::Output output(options.output.path);
  const auto writer = io::make_row_writer(io::parse_output_format(options.output.format), output);
  std::vector<io::Column> columns{
      io::Column{"customer_id", io::ColumnType::text},
      io::Column{"expected_transactions", io::ColumnType::number, 4},
      io::Column{"probability_alive", io::ColumnType::number, 4},
  };
  if (table.has_value) {
    columns.push_back(io::Column{"expected_average_spend", io::ColumnType::number, 2});
    columns.push_back(io::Column{"clv", io::ColumnType::number, 2});
  }
  const std::string unit_name = purchase.unit ? std::string(time_unit_name(*purchase.unit)) : "summary units";
  writer->begin("customers", columns,
                fmt::format("Forecast over the next {} {}", io::format_plain(options.forecast.horizon, 4), unit_name));
  std::vector<io::Cell> cells(columns.size());
  for (const std::size_t i : row_order(table, options.top)) {
    const CustomerForecast& forecast = table.customers[i];
    cells[0] = summary.customers[i].id;
    cells[1] = forecast.expected_transactions;
    cells[2] = forecast.probability_alive;
    if (table.has_value) {
      cells[3] = forecast.expected_average_spend;
      cells[4] = forecast.lifetime_value;
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
      "      --period 4 --discount-rate 0.01 --margin 0.3 -f csv -o forecast.csv");
  add_summary_input_options(*command, options->input);
  command->add_option("-m,--model", options->model_path, "Purchase model file from `clv fit --save` (bgnbd, pnbd, mbgnbd)")
      ->required()
      ->option_text("FILE");
  command->add_option("-s,--spend-model", options->spend_model_path,
                      "Gamma-Gamma model file: adds expected_average_spend and clv")
      ->option_text("FILE");
  in_range(command->add_option("-H,--horizon", options->forecast.horizon, "Forecast horizon in the model's time units"),
           numbers(0, 1e6))
      ->required()
      ->option_text("H");
  in_range(command->add_option("--discount-rate", options->forecast.discount_rate,
                               "Discount rate per period for clv (default 0: no discounting)"),
           discount_rates())
      ->option_text("D");
  in_range(command->add_option("--period", options->forecast.period,
                               "Length of a discounting period in time units (default 1)"),
           periods())
      ->option_text("P");
  in_range(command->add_option("--margin", options->forecast.margin, "Profit margin applied to revenue for clv (default 1)"),
           margins())
      ->option_text("M");
  in_range(command->add_option("--top", options->top, "Only the N customers with the highest clv"), row_counts(1))
      ->option_text("N");
  in_range(command->add_option("-j,--threads", options->forecast.threads, "Threads (default: one per core)"),
           thread_counts());
  add_output_options(*command, options->output);
  command->callback([options] { run_predict(*options); });
}

}  // namespace clv::cli
