#pragma once
// The transaction-log options of `clv rfm`, shared by every command that reads a log: `clv rfm`
// itself, and `clv fit`, `clv predict`, `clv diagnose`, `clv project` and `clv value`, which
// summarise a log in memory. Declared once here so that they are spelled the same everywhere.

#include "common.hpp"

#include "clv/rfm.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace clv::cli {

struct LogOptions {
  std::string id_column = "customer_id";
  std::string date_column = "date";
  std::string amount_column;
  std::string input_format = "auto";
  std::string date_format;
  std::string collapse = "day";
  std::string observation_end;
  std::string calibration_end;
  // Order exports (see add_order_options).
  std::string quantity_column;
  std::string price_column;
  std::string returns = "net";
  bool no_header = false;
  bool skip_bad_rows = false;
  bool is_log = false;        // --log (not added for `clv rfm`, whose input is always a log)
  bool log_option_given = false;  // set by log_options_given()
};

enum class LogFlag { absent, present };

// Adds --id, --date, --amount, --no-header, --input-format, --date-format, --collapse,
// --observation-end, --calibration-end, --skip-bad-rows, and --log with LogFlag::present.
// --unit and --delimiter/--tabs are the command's own (their meaning differs slightly).
void add_log_options(CLI::App& command, LogOptions& options, LogFlag flag);

// Whether any option that only makes sense for a log was given on the command line.
[[nodiscard]] bool log_options_given(const CLI::App& command);

// The library's options for summarising `path`.
[[nodiscard]] RfmOptions rfm_options(const LogOptions& log, const DelimiterOptions& delimiter, const std::string& path,
                                     TimeUnit unit);

// Summarises the log at `path`, printing --skip-bad-rows and observation-end warnings on stderr
// unless `quiet`.
[[nodiscard]] RfmResult summarise_log_input(const std::string& path, const RfmOptions& options, bool quiet);

// The warnings of a summary on stderr.
void warn_about_log(const RfmReport& report, const std::string& path);

}  // namespace clv::cli
