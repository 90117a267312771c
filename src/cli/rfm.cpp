// `clv rfm`: a transaction log to the per-customer summary (frequency, recency, T, monetary value).
#include "commands.hpp"
#include "option_range.hpp"
#include "options.hpp"
#include "progress.hpp"

#include "clv/error.hpp"
#include "clv/rfm.hpp"

#include <fmt/format.h>
#include <cstdio>
#include <memory>
#include <string>

namespace clv::cli {

namespace {

struct RfmCommandOptions {
  TableArguments table;
  LogArguments log;
  std::string unit = "days";
  unsigned threads = 0;
  bool extra = false;
  std::string holdout_monetary_value = "per-period";
  bool quiet = false;
  OutputOptions output;
};


void write_summary(const RfmCommandOptions& command, const RfmResult& result) {
  const io::OutputFormat format = io::parse_output_format(command.output.format);
  // csv, tsv and json print every digit (6 decimals is only the writer's hint for the common case);
  // tables round to 2, for reading.
  const bool machine = format == io::OutputFormat::csv || format == io::OutputFormat::tsv ||
                       format == io::OutputFormat::json;
  const int decimals = machine ? 6 : 2;
  const SummaryTable& summary = result.summary;
  const bool amounts = summary.has_amounts;
  const bool calibration = !summary.holdout.empty() || !command.log.calibration_end.empty();
  using io::Cell;
  using io::Column;
  using io::ColumnType;
  std::vector<Column> columns{{"customer_id", ColumnType::text, 0}};
  const std::string suffix = calibration ? "_cal" : "";
  columns.push_back({"frequency" + suffix, ColumnType::number, 0});
  columns.push_back({"recency" + suffix, ColumnType::number, decimals});
  columns.push_back({"T" + suffix, ColumnType::number, decimals});
  if (amounts) {
    columns.push_back({"monetary_value" + suffix, ColumnType::number, decimals});
  }
  if (calibration) {
    columns.push_back({"frequency_holdout", ColumnType::number, 0});
    if (amounts) {
      columns.push_back({"monetary_value_holdout", ColumnType::number, decimals});
    }
    columns.push_back({"duration_holdout", ColumnType::number, decimals});
  } else if (command.extra) {
    if (amounts) {
      columns.push_back({"first_purchase_value", ColumnType::number, decimals});
      columns.push_back({"total_spend", ColumnType::number, decimals});
    }
    columns.push_back({"transactions", ColumnType::number, 0});
  }

  io::Output output(command.output.path);
  const auto writer = io::make_row_writer(format, output);
  writer->begin("customers", columns,
                fmt::format("Customer summary ({}, observation end {})", time_unit_name(*summary.unit),
                            summary.observation_end.value_or("?")));
  std::vector<Cell> cells;
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& customer = summary.customers[i];
    cells.clear();
    cells.emplace_back(customer.id);
    cells.emplace_back(customer.frequency);
    cells.emplace_back(customer.recency);
    cells.emplace_back(customer.age);
    if (amounts) {
      cells.emplace_back(customer.monetary_value);
    }
    if (calibration) {
      const HoldoutSummary& holdout = summary.holdout[i];
      cells.emplace_back(holdout.frequency);
      if (amounts) {
        cells.emplace_back(holdout.monetary_value);
      }
      cells.emplace_back(holdout.duration);
    } else if (command.extra) {
      if (amounts) {
        cells.emplace_back(customer.first_purchase_value.value_or(0.0));
        cells.emplace_back(customer.total_spend.value_or(0.0));
      }
      cells.emplace_back(static_cast<double>(customer.transactions.value_or(0)));
    }
    writer->row(cells);
  }
  writer->end({
      {"customers", "Customers", static_cast<double>(summary.customers.size()), 0},
      {"rows", "Purchases read", static_cast<double>(result.report.rows_read), 0},
      {"unit", "Time unit", std::string(time_unit_name(*summary.unit)), 0},
      {calibration ? "calibration_end" : "observation_end", calibration ? "Calibration end" : "Observation end",
       summary.observation_end.value_or(""), 0},
  });
  output.commit();
}

}  // namespace

void add_rfm_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<RfmCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->footer(
      "Summarise a transaction log (one row per purchase: customer id, date, optional amount) into one "
      "row per customer: frequency (repeat purchase periods), recency (first to last purchase), T (first "
      "purchase to the observation end) and monetary_value (mean amount of the repeat purchases). "
      "Purchases on the same day count once, their amounts added. See docs/rfm.md.");
  command->add_option("FILE", options->table.path, "Transaction log: CSV, TSV, whitespace text or JSON lines; "
                                              "'-' or none for standard input; .gz is decompressed");
  add_table_options(*command, options->table, KeepOption::omit);
  add_log_options(*command, options->log, LogFlag::absent);
  add_unit_option(*command, options->unit,
                  "Time unit of recency and T: days (default), weeks (days/7) or months (days/30.4375)");
  command->add_flag("--extra", options->extra, "Add first_purchase_value, total_spend and transactions");
  command->add_option("--holdout-monetary-value", options->holdout_monetary_value,
                      "With --calibration-end: monetary_value_holdout is the holdout spend per purchase period "
                      "(per-period, the default, as monetary_value_cal) or per transaction row (per-transaction, "
                      "as lifetimes' calibration_and_holdout_data)")
      ->check(CLI::IsMember({"per-period", "per-transaction"}))
      ->option_text("AVERAGE");
  add_threads_option(*command, options->threads);
  add_quiet_option(*command, options->quiet);
  add_output_options(*command, options->output);
  command->callback([options, command] {
    require_input(options->table.path);
    input::LogReading log = log_reading(options->log);
    log.rfm.threads = options->threads;
    if (command->count("--holdout-monetary-value") > 0 && options->log.calibration_end.empty()) {
      throw usage_error("--holdout-monetary-value is for a calibration/holdout summary: give --calibration-end too");
    }
    log.rfm.holdout_average = options->holdout_monetary_value == "per-transaction" ? HoldoutAverage::per_transaction
                                                                                    : HoldoutAverage::per_period;
    log.rfm.progress = options->quiet ? nullptr : terminal_progress();
    const TimeUnit unit = options->unit.empty() ? TimeUnit::days : *parse_time_unit(options->unit);
    const RfmResult result = input::summarise_log_table(table_options(options->table, &options->log), log, unit);
    if (!options->quiet) {
      warn_about_log(result.report, options->table.path);
    }
    write_summary(*options, result);
  });
}

}  // namespace clv::cli
