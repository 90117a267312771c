#pragma once
// Input plumbing shared by `clv fit`, `clv predict` and `clv diagnose`: the summary file, its
// time unit, and the fitted-model files.

#include "common.hpp"
#include "log_input.hpp"

#include "clv/io/model_file.hpp"
#include "clv/summary.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace clv::cli {

struct SummaryInputOptions {
  std::string path = "-";
  DelimiterOptions delimiter;
  std::string unit;  // empty: not stated
  LogOptions log;
  bool quiet = false;                 // no log warnings on stderr
  const CLI::App* command = nullptr;  // to see which log options were given
};

// Whether to add the SUMMARY positional and --delimiter/--tabs, or not (value and project have
// their own FILE positional and delimiter options, and copy them in before load_summary).
enum class InputPositional { add, omit };

// Adds the SUMMARY positional, --delimiter/--tabs, --unit and the log options (log_input.hpp).
void add_summary_input_options(CLI::App& command, SummaryInputOptions& options,
                               InputPositional positional = InputPositional::add);

// Whether the input is a transaction log rather than a summary: --log, any log-only option
// (--id, --date, --amount, --no-header, --date-format, --collapse, --observation-end,
// --calibration-end, --input-format, --skip-bad-rows), or, for a named file, a first line that
// is JSON or has a 'date' column and no 'frequency'/'frequency_cal'/'x' column.
[[nodiscard]] bool input_is_log(const SummaryInputOptions& options);

// The --unit given, if any.
[[nodiscard]] std::optional<TimeUnit> requested_unit(const SummaryInputOptions& options);

// Reads the per-customer summary, or summarises a transaction log in memory (input_is_log) in
// the --unit given, else `log_unit` (the model's unit, for predict and diagnose), else days.
[[nodiscard]] SummaryTable load_summary(const SummaryInputOptions& options,
                                        std::optional<TimeUnit> log_unit = std::nullopt);

// Reads a model file and checks it can play `role` and matches --unit.
[[nodiscard]] io::ModelFile load_model(const std::string& path, io::ModelRole role,
                                       std::optional<TimeUnit> unit);

}  // namespace clv::cli
