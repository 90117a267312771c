#include "log_input.hpp"
#include "progress.hpp"

#include "clv/error.hpp"
#include "clv/io/table_writer.hpp"

#include <cstdio>

namespace clv::cli {

namespace {

constexpr const char* k_log_only_options[] = {"--id", "--date", "--amount", "--no-header", "--input-format",
                                              "--date-format", "--collapse", "--observation-end",
                                              "--calibration-end", "--skip-bad-rows", "--quantity", "--price",
                                              "--returns"};

// Order exports: amounts from quantity x unit price, and what refunds do.
void add_order_options(CLI::App& command, LogOptions& options, const std::string& lower) {
  command.add_option("--quantity", options.quantity_column,
                     lower + "Quantity column of an order export: the amount is quantity x --price (name or position)")
      ->option_text("COLUMN");
  command.add_option("--price", options.price_column, lower + "Unit price column, with --quantity")
      ->option_text("COLUMN");
  command.add_option("--returns", options.returns,
                     lower + "Negative amounts (refunds, cancellations): net (default; summed with the customer's "
                     "other amounts of the same period, and a period whose net is 0 or less is no purchase) or "
                     "error (a bad row)")
      ->default_val("net")
      ->check(CLI::IsMember({"net", "error"}));
}

}  // namespace

void add_log_options(CLI::App& command, LogOptions& options, LogFlag flag) {
  // In a command whose input may be a summary, say which options are for logs only.
  const std::string lower = flag == LogFlag::present ? "Log: " : "";
  if (flag == LogFlag::present) {
    command.add_flag("--log", options.is_log,
                     "The input is a transaction log (one row per purchase), summarised in memory as `clv rfm` "
                     "does; implied by any log option below or by a 'date' column without a 'frequency' one");
  }
  command.add_option("--id", options.id_column, lower + "Customer id column: name (case-insensitive) or 1-based position")
      ->default_val("customer_id")
      ->option_text("COLUMN");
  command.add_option("--date", options.date_column, lower + "Purchase date column: name or position")
      ->default_val("date")
      ->option_text("COLUMN");
  command.add_option("--amount", options.amount_column,
                     lower + "Amount column: name or position (default: 'amount' if present, else no amounts)")
      ->option_text("COLUMN");
  command.add_flag("--no-header", options.no_header, lower + "The log has no header line (choose columns by position)");
  command.add_option("--input-format", options.input_format, lower + "auto (from the first line), csv, tsv, whitespace or jsonl")
      ->default_val("auto")
      ->check(CLI::IsMember({"auto", "csv", "tsv", "whitespace", "jsonl"}));
  command.add_option("--date-format", options.date_format,
                     lower + "Date layout, e.g. '%d/%m/%Y' (%Y %m %d %H %M %S %%); default: ISO 8601 or YYYYMMDD")
      ->option_text("FORMAT");
  command.add_option("--collapse", options.collapse,
                     lower + "Purchases that count once: same day (default), or same calendar unit period "
                     "(times then in whole periods)")
      ->default_val("day")
      ->check(CLI::IsMember({"day", "unit"}));
  command.add_option("--observation-end", options.observation_end,
                     lower + "End of observation (YYYY-MM-DD); later purchases are left out with a warning. "
                     "Default: the last date in the log")
      ->option_text("DATE");
  command.add_option("--calibration-end", options.calibration_end,
                     lower + "Split at DATE: calibration summary (*_cal) for customers who bought by then, and "
                     "holdout figures after it")
      ->option_text("DATE");
  command.add_flag("--skip-bad-rows", options.skip_bad_rows,
                   lower + "Leave out rows with a bad date, amount or missing field, or without a customer id "
                   "(counted on stderr) instead of stopping");
  add_order_options(command, options, lower);
}

bool log_options_given(const CLI::App& command) {
  for (const char* name : k_log_only_options) {
    if (command.count(name) > 0) {
      return true;
    }
  }
  return false;
}

RfmOptions rfm_options(const LogOptions& command, const DelimiterOptions& delimiter, const std::string& path,
                       TimeUnit unit) {
  RfmOptions options;
  options.progress = terminal_progress();
  io::TransactionLogOptions& log = options.log;
  log.id_column = io::ColumnChoice::parse(command.id_column);
  log.date_column = io::ColumnChoice::parse(command.date_column);
  if (!command.amount_column.empty()) {
    log.amount_column = io::ColumnChoice::parse(command.amount_column);
  }
  if (!command.quantity_column.empty()) {
    log.quantity_column = io::ColumnChoice::parse(command.quantity_column);
  }
  if (!command.price_column.empty()) {
    log.price_column = io::ColumnChoice::parse(command.price_column);
  }
  log.returns = command.returns == "error" ? io::Returns::error : io::Returns::net;
  log.decimal = csv_options(delimiter, path).decimal;
  log.header = command.no_header ? io::HeaderMode::absent : io::HeaderMode::present;
  log.date_format = command.date_format;
  log.bad_rows = command.skip_bad_rows ? io::BadRows::skip : io::BadRows::fail;
  const bool delimiter_given = !delimiter.delimiter.empty() || delimiter.tabs;
  if (command.input_format == "csv" || command.input_format == "tsv" || delimiter_given) {
    log.format = io::LogFormat::delimited;
    log.delimiter = command.input_format == "tsv" ? '\t' : csv_options(delimiter, path).delimiter;
    if (command.input_format == "tsv" && delimiter_given) {
      log.delimiter = csv_options(delimiter, path).delimiter;
    }
  } else if (command.input_format == "whitespace") {
    log.format = io::LogFormat::whitespace;
  } else if (command.input_format == "jsonl") {
    log.format = io::LogFormat::json_lines;
  }
  options.unit = unit;
  options.collapse = command.collapse == "unit" ? Collapse::unit : Collapse::day;
  if (!command.observation_end.empty()) {
    options.observation_end = io::parse_day_option(command.observation_end, "--observation-end");
  }
  if (!command.calibration_end.empty()) {
    options.calibration_end = io::parse_day_option(command.calibration_end, "--calibration-end");
  }
  return options;
}

void warn_about_log(const RfmReport& report, const std::string& input) {
  const std::string name = input.empty() || input == "-" ? io::k_stdin_name : input;
  if (report.rows_skipped > 0) {
    std::fprintf(stderr, "clv: warning: %s: left out %s bad row%s (--skip-bad-rows), e.g.:\n", name.c_str(),
                 io::format_grouped(static_cast<double>(report.rows_skipped), 0).c_str(),
                 report.rows_skipped == 1 ? "" : "s");
    for (const Error& example : report.skipped_examples) {
      std::fprintf(stderr, "clv: warning:   %s\n", example.describe().c_str());
    }
  }
  if (report.customers_without_purchase > 0) {
    std::fprintf(stderr, "clv: warning: %s: left out %s customer%s whose purchases were all refunded (net 0 or less)\n",
                 name.c_str(), io::format_grouped(static_cast<double>(report.customers_without_purchase), 0).c_str(),
                 report.customers_without_purchase == 1 ? "" : "s");
  }
  if (report.rows_after_observation_end > 0) {
    std::fprintf(stderr, "clv: warning: %s: left out %s purchase%s after the observation end\n", name.c_str(),
                 io::format_grouped(static_cast<double>(report.rows_after_observation_end), 0).c_str(),
                 report.rows_after_observation_end == 1 ? "" : "s");
  }
}

RfmResult summarise_log_input(const std::string& path, const RfmOptions& options, bool quiet) {
  RfmResult result = summarise_log_with_report(path, options);
  if (!quiet) {
    warn_about_log(result.report, path);
  }
  return result;
}

}  // namespace clv::cli
