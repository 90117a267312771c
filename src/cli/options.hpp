#pragma once
// The option groups that several subcommands share, each declared once here and added by every
// command that needs it, so that an option has one name, one meaning and one help text
// everywhere. A group's values go to the input layer (clv/input/) as its option structs.

#include "clv/forecast_interval.hpp"
#include "clv/input/forecast_sources.hpp"
#include "clv/input/table.hpp"
#include "clv/io/output_file.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/rank.hpp"
#include "clv/value_intervals.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clv::cli {

// -f/--format and -o/--output.
struct OutputOptions {
  std::string format = "table";
  std::string path = "-";
};
void add_output_options(CLI::App& command, OutputOptions& options);

// How FILE is read: -d/-t, --decimal-comma, --column FIELD=HEADER (repeatable), --id (shorthand for --column
// customer_id=...), and --keep where the command's rows can carry extra columns.
struct TableArguments {
  std::string path;
  std::string delimiter;
  bool tabs = false;
  std::vector<std::string> columns;
  std::string id_column;
  std::vector<std::string> keep;
  bool decimal_comma = false;  // "85,50" and "1.200,00"
};
enum class KeepOption { add, omit };
void add_table_options(CLI::App& command, TableArguments& table, KeepOption keep);

// The transaction-log options: --log (where FILE may also be a summary), --date, --amount,
// --no-header, --input-format, --date-format, --collapse, --observation-end, --calibration-end,
// --skip-bad-rows, --quantity, --price, --returns.
struct LogArguments {
  std::string date_column;
  std::string amount_column;
  std::string input_format = "auto";
  std::string date_format;
  std::string collapse = "day";
  std::string observation_end;
  std::string calibration_end;
  // Order exports: the amount as quantity x unit price, and what refunds do.
  std::string quantity_column;
  std::string price_column;
  std::string returns = "net";
  bool no_header = false;
  bool skip_bad_rows = false;
  bool is_log = false;
  const CLI::App* command = nullptr;  // to see which options were given
};
enum class LogFlag { absent, present };
void add_log_options(CLI::App& command, LogArguments& log, LogFlag flag);
[[nodiscard]] bool log_options_given(const LogArguments& log);

// The SUMMARY positional with the table options, -u/--unit and the log options: for commands
// whose input is a per-customer summary or a transaction log (fit, predict, diagnose, at-risk).
// -u/--unit accepts days, weeks and months (and day, week, month); with UnitChoice::opportunities
// also years, the length of a BG/BB opportunity cut from a log (`clv fit --model bgbb`). Any other
// value is a usage error listing these, and completion offers the same.
enum class UnitChoice { time, opportunities };
void add_summary_file_options(CLI::App& command, TableArguments& table, LogArguments& log, std::string& unit,
                              KeepOption keep, UnitChoice units = UnitChoice::time);

// -u/--unit.
void add_unit_option(CLI::App& command, std::string& unit, const char* description,
                     UnitChoice units = UnitChoice::time);
[[nodiscard]] std::optional<TimeUnit> requested_unit(const std::string& unit);

// The input layer's options from the command line (usage errors for a bad delimiter or
// --column).
[[nodiscard]] input::TableOptions table_options(const TableArguments& table, const LogArguments* log = nullptr);
[[nodiscard]] input::LogReading log_reading(const LogArguments& log);

// -m/--model, -s/--spend-model and --margin; with ForecastInputs::add also --attributes,
// --year-length and (with FormulaOptions::add) --service-cost and --average-purchase.
struct ModelArguments {
  input::ModelOptions options;
  bool quiet = false;  // -q: no warnings about the log
  const CLI::App* command = nullptr;
};
enum class ModelRequired { yes, no };
enum class ForecastInputs { add, omit };
enum class FormulaOptions { add, omit };
void add_model_options(CLI::App& command, ModelArguments& models, ModelRequired required, ForecastInputs forecast,
                       FormulaOptions formula = FormulaOptions::add);
[[nodiscard]] bool has_model(const ModelArguments& models) noexcept;
// Throws a usage error when an option that only means something with --model was given without.
void refuse_model_options_without_model(const ModelArguments& models, const LogArguments& log,
                                        const std::string& unit);

// Throws "--unit, the log options, EXTRA...: WHY" (usage) when any of them was given: for a
// command whose FILE counts its own periods (sBG and BG/BB files). `extra`: other such options
// the caller found given.
void refuse_unit_and_log_options(const std::string& unit, const LogArguments& log, std::vector<std::string> extra,
                                 std::string_view why);

// Throws a usage error when an option the --model's kind does not use was given: with sBG (FILE:
// contracts) or BG/BB (FILE: opportunities) --unit and the log options, with sBG also
// --spend-model, --average-purchase and --year-length (its revenue is --revenue per period).
void refuse_options_the_model_ignores(const ModelArguments& models, const LogArguments& log, const std::string& unit);

// Throws a usage error for --ascii or --width (0: not given) without --chart: they shape the chart.
void refuse_chart_options_without_chart(bool chart, bool ascii, std::size_t width);

// -H/--horizon, --threshold, --min-value (--top is each command's).
void add_at_risk_options(CLI::App& command, input::AtRiskChoice& choice);

// --interval LEVEL, --draws N, --bootstrap N, --seed S: bounds over the fitted parameters'
// uncertainty (forecast_interval.hpp), for the commands that forecast with --model.
struct IntervalArguments {
  std::optional<double> level;      // --interval; none: no bounds
  int draws = 1000;                 // --draws
  std::optional<int> bootstrap;     // --bootstrap N: refits instead of normal draws
  std::uint64_t seed = 1;           // --seed
  const CLI::App* command = nullptr;
};
void add_interval_options(CLI::App& command, IntervalArguments& interval);
// Usage errors: --draws, --bootstrap or --seed without --interval; --interval without a model
// (`has_model` false).
void check_interval_options(const IntervalArguments& interval, bool has_model);
// The draws of --interval: normal draws, or with --bootstrap refits with the model file's
// penalizer. Throws what forecast_interval.hpp throws; a model without a usable covariance is
// its model file's problem, and the message names that file (`paths`: --model, --spend-model).
[[nodiscard]] ParameterDraws interval_draws(const IntervalArguments& interval, const io::ModelFile& purchase,
                                            const io::ModelFile* spend, const SummaryTable& summary,
                                            unsigned threads, const input::ModelOptions& paths);

// Puts `key`_lower and `key`_upper after the summary item `key` (nothing if it is absent).
void insert_interval_bounds(std::vector<io::SummaryItem>& items, const std::string& key, const Bounds& bounds,
                            double level);

// --top N, the same rule for every command: a whole number of 1 or more (0 would show nothing;
// leaving --top out shows every row). `top` stays 0 / empty when --top is not given.
void add_top_option(CLI::App& command, std::size_t& top, const char* description);
void add_top_option(CLI::App& command, std::optional<std::size_t>& top, const char* description);

// --discount-rate D, the same rule for every command (clv/discount_rate.hpp): 0 to 100 per period;
// the help text gets the range.
void add_discount_rate_option(CLI::App& command, double& rate, const std::string& description);
void add_discount_rate_option(CLI::App& command, std::optional<double>& rate, const std::string& description);

// -j/--threads and -q/--quiet.
void add_threads_option(CLI::App& command, unsigned& threads);
void add_quiet_option(CLI::App& command, bool& quiet);

// --tiers "20,30" or --thresholds "1000,100" (not both) and --step; checked (usage errors).
[[nodiscard]] RankOptions make_rank_options(const std::string& tiers, const std::string& thresholds, double step);

// The CSV options of a file read by its own reader (sBG and BG/BB inputs): the delimiter given,
// else tab for a .tsv name, else ','; the decimal mark of --decimal-comma.
[[nodiscard]] io::CsvOptions csv_options(const TableArguments& table, const std::string& path);

// Whether FILE is read as a transaction log: a log option given, or a log header.
[[nodiscard]] bool input_is_log(const TableArguments& table, const LogArguments& log);

// The command line as typed (the program shown as "clv", arguments quoted for a shell where they
// need it), for outputs that record how they were made. Set once by run().
void remember_command_line(int argc, char** argv);
[[nodiscard]] const std::string& command_line();

// Refuses to wait on a terminal: with no FILE and stdin a terminal, a usage error.
void require_input(const std::string& path);

// Runs a command; a data error it throws that names no file (a fit, forecast or ranking of FILE's
// records failed) names FILE (`path`; '-' or empty: standard input).
void naming_input(const std::string& path, const std::function<void()>& run);

// The warnings of a summarised log on stderr (skipped rows, purchases after the end).
void warn_about_log(const RfmReport& report, const std::string& source);

// Reads the summary or log of FILE, printing the log's warnings unless `quiet`.
// `model`: the model FILE is forecast with (input::log_unit), none for a command without one.
[[nodiscard]] SummaryTable read_summary_input(const TableArguments& table, const LogArguments& log,
                                              std::optional<TimeUnit> unit,
                                              const std::optional<input::ModelUnit>& model, bool quiet);

// The customers of FILE: customer records, or with --model the summary or log in FILE forecast
// for `years` years as ledgers (project, report) or formula customers (value, rank).
// With `interval` (--interval given) and a purchase model, also the bounds of every customer's
// value (formula view) into `intervals`, or of its yearly profits (ledger view) into
// `projection_bounds` (value_intervals.hpp).
[[nodiscard]] CustomerSet read_customers_input(const TableArguments& table, const LogArguments& log,
                                               const ModelArguments& models, const std::string& unit, int years,
                                               CustomerView view, const IntervalArguments* interval = nullptr,
                                               ReferralDepth depth = ReferralDepth::all,
                                               std::optional<ValueIntervals>* intervals = nullptr,
                                               std::optional<ProjectionIntervals>* projection_bounds = nullptr);

// FILE's kept columns (--keep) as output columns after `after`, and one customer's cells.
void add_kept_columns(std::vector<io::Column>& columns, const KeptColumns& kept);
void add_kept_cells(std::vector<io::Cell>& cells, const KeptColumns& kept, std::size_t customer);

}  // namespace clv::cli
