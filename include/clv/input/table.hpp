#pragma once
// The input layer: a FILE named on the command line and the options that say how to read it,
// to the records a command computes on. Every command reads its tables through here.
//
// A table's kind (customer records, summary, BG/BB opportunities, transaction log, value list,
// attributes, sBG contracts or cohort table) is recognised from its header line, read once: the
// header is kept and served again to the reader, so pipes, /dev/stdin, process substitution and
// FIFOs work, and nothing is read ahead.
// A command given a kind it cannot use gets a one-line usage error (exit 64) saying what the
// file is and what to do with it.

#include "clv/customer.hpp"
#include "clv/io/header.hpp"
#include "clv/io/input.hpp"
#include "clv/io/rank_reader.hpp"
#include "clv/problem_sink.hpp"
#include "clv/rfm.hpp"
#include "clv/summary.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clv::input {

enum class TableKind {
  customers,            // formula customer records (transactions, average_purchase)
  ledger,               // customer records with yearly ledgers (year, base_sales, ...)
  json_customers,       // a JSON customer file
  summary,              // per-customer summary (frequency, recency, T)
  calibration_summary,  // the same with frequency_cal ... and holdout columns
  opportunities,        // BG/BB: frequency, recency and periods (a summary without T)
  transaction_log,      // one row per purchase (customer_id, date, amount)
  values,               // customer_id, value (or clv)
  attributes,           // customer_id with acquisition_cost, referred_by, name only
  contracts,            // sBG: one row per customer (customer_id, tenure, churned)
  cohort_table,         // sBG: customers still active per period (cohort, period, alive)
  model_file,           // a fitted model (`clv fit --save`): given with --model, never as FILE
  unknown,
};

// "a customer file", "a per-customer summary", "a transaction log" ...
[[nodiscard]] std::string_view describe(TableKind kind) noexcept;

// How to read a table: where, with which delimiter, and how its columns map to fields.
struct TableOptions {
  std::string path = "-";          // "-" or "": standard input; ".gz" is decompressed
  std::optional<char> delimiter;   // -d/-t; nullopt: a .tsv name means tab, else from the header
  io::ColumnOptions columns;       // --column, --keep (and the --id/--date/--amount shorthands)
  io::DecimalMark decimal = io::DecimalMark::point;  // --decimal-comma: "85,50" and "1.200,00"
};

// A table opened and its header looked at (nothing else read yet).
struct OpenedTable {
  std::unique_ptr<io::InputSource> file;
  std::unique_ptr<io::InputSource> input;  // the header again, then the rest of `file`
  std::string name;                        // for messages
  io::CsvOptions csv;                      // the delimiter given or detected
  TableKind kind = TableKind::unknown;
  std::string key_columns;                 // the header names that tell the kind, for messages
  std::vector<io::Field> fields;           // the fields the header has (after --column)
  std::optional<TimeUnit> stated_unit;     // clv's JSON output: the "unit" its "summary" states
};

// Opens and classifies. Throws clv::Error: no input (66); usage (64) for a --column naming a
// field twice.
[[nodiscard]] OpenedTable open_table(const TableOptions& options);
// The same for a source already opened (`options.path` is then only used for its name's suffix).
[[nodiscard]] OpenedTable open_table(std::unique_ptr<io::InputSource> source, const TableOptions& options);

// What a command does with FILE, for the message when FILE is of another kind.
enum class Use { customers, summary_or_log, log, values };

// Whether the command forecasts with --model, for the advice given with a summary or log.
enum class ModelOption {
  absent,       // the command has --model, not given: FILE is customer records
  given,        // --model given, FILE is customer records all the same (`clv report --summary`)
  not_offered,  // the command has no --model (`clv validate`)
};

// The fields a --column mapping may name when FILE is read for `use`: those of every kind of
// table `use` reads (the lists the readers refuse other mappings by), in the vocabulary's order.
[[nodiscard]] std::vector<io::Field> mappable_fields(Use use);

// Throws the one-line usage error (64) when `table` is a kind `use` cannot read, naming what the
// file is and what to do with it. Unknown kinds pass: the reader then names the missing column.
void require_kind(const OpenedTable& table, Use use, ModelOption model = ModelOption::absent);

// Customer records (CSV or JSON) from FILE; kept columns into CustomerSet::kept. Without a
// sink the first problem is thrown; with one every problem is reported (`clv validate`).
// `model` only shapes the message for a summary or log.
[[nodiscard]] CustomerSet read_customer_records(const TableOptions& options, const ProblemSink* sink = nullptr,
                                                ModelOption model = ModelOption::absent);

// A transaction log's reading: given as such (--log, a log option) or recognised from the
// header; its format, columns and dates in `rfm.log`, its summary's unit and periods in `rfm`.
struct LogReading {
  bool is_log = false;  // FILE is a log whatever its header says (--log, --no-header ...)
  RfmOptions rfm;
};

struct SummaryInput {
  SummaryTable summary;
  std::optional<RfmReport> log;  // when summarised from a log: its warnings
  std::string source;            // FILE's name in messages
};

// The fitted model a command forecasts FILE with, as far as FILE's time unit goes.
struct ModelUnit {
  std::optional<TimeUnit> unit;  // none: the model file does not say (fitted on a summary of unknown unit)
  std::string model_name;        // the model file, for messages
};

// The unit a transaction log is summarised in: `requested_unit` (--unit), else the model's, else
// (no model) days. Throws a usage error (64) naming the model file when the model's unit is
// unknown and no unit is requested: its rates could be per day, week or month, and a log
// summarised in the wrong one gives forecasts wrong by that factor.
[[nodiscard]] TimeUnit log_unit(std::optional<TimeUnit> requested_unit, const std::optional<ModelUnit>& model);

// A per-customer summary from FILE, or the log in FILE summarised in memory in log_unit()'s unit
// (`model`: the model FILE is forecast with; none for a command without one). A summary read
// from a file takes `requested_unit` as its unit.
[[nodiscard]] SummaryInput read_summary_or_log(const TableOptions& options, const LogReading& log,
                                               std::optional<TimeUnit> requested_unit,
                                               const std::optional<ModelUnit>& model);

// The same from a table already opened (its header looked at), for a caller that chose between
// kinds itself; `log.is_log` is not looked at (open_table was not needed with it).
[[nodiscard]] SummaryInput read_summary_or_log(OpenedTable table, const TableOptions& options, const LogReading& log,
                                               std::optional<TimeUnit> requested_unit,
                                               const std::optional<ModelUnit>& model);

// Whether FILE (with `log`) would be read as a transaction log. Opens FILE only when --log was
// not given; the caller then reads it through read_summary_or_log or summarise_log_table.
[[nodiscard]] bool is_log_table(const OpenedTable& table, const LogReading& log) noexcept;

// The log's reading options with the --column mappings of the id, date and amount applied.
[[nodiscard]] RfmOptions log_options(const TableOptions& options, const LogReading& log, TimeUnit unit);

// A transaction log summarised (`clv rfm`).
[[nodiscard]] RfmResult summarise_log_table(const TableOptions& options, const LogReading& log, TimeUnit unit);

// The precomputed values of `clv rank --values`.
[[nodiscard]] io::RankInputs read_value_list(const TableOptions& options);

}  // namespace clv::input
