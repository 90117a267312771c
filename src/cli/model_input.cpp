#include "model_input.hpp"

#include "clv/error.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/input.hpp"
#include "clv/io/summary_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace clv::cli {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Looks at the first line of a named file: a log has a date column and no frequency column.
// Standard input cannot be looked at without consuming it: there --log (or a log option) says so.
bool looks_like_log(const std::string& path, const DelimiterOptions& delimiter) {
  if (path.empty() || path == "-") {
    return false;
  }
  const auto source = io::open_input(path);
  char first = 0;
  {
    // JSON lines are logs; summaries are always delimited text.
    const auto peek = io::open_input(path);
    while (peek->read(&first, 1) == 1 && std::isspace(static_cast<unsigned char>(first)) != 0) {
    }
  }
  if (first == '{') {
    return true;
  }
  io::CsvReader reader(*source, csv_options(delimiter, path));
  io::CsvRecord record;
  if (!reader.next(record)) {
    return false;  // the summary reader reports the empty file
  }
  bool date = false;
  for (const std::string_view field : record.fields) {
    if (equals_ignoring_case(field, "frequency") || equals_ignoring_case(field, "frequency_cal") ||
        equals_ignoring_case(field, "x")) {
      return false;
    }
    date = date || equals_ignoring_case(field, "date");
  }
  return date;
}

}  // namespace

void add_summary_input_options(CLI::App& command, SummaryInputOptions& options, InputPositional positional) {
  options.command = &command;
  if (positional == InputPositional::add) {
    command.add_option("SUMMARY", options.path,
                       "Per-customer summary (CSV/TSV: customer_id, frequency, recency, T [, monetary_value, count]) "
                       "or a transaction log (see --log); '-' or none for standard input")
        ->option_text("FILE");
    add_delimiter_options(command, options.delimiter);
  }
  command.add_option("-u,--unit", options.unit,
                     "Time unit of the summary's recency and T, or the unit to summarise a log in (default: the "
                     "model's, else days): days, weeks or months; years for BG/BB opportunities")
      ->check(CLI::IsMember({"days", "weeks", "months", "day", "week", "month", "years", "year"}));
  add_log_options(command, options.log, LogFlag::present);
}

std::optional<TimeUnit> requested_unit(const SummaryInputOptions& options) {
  if (options.unit.empty()) {
    return std::nullopt;
  }
  const auto unit = parse_time_unit(options.unit);
  if (!unit) {
    throw usage_error(fmt::format("--unit {} is only for cutting a log into BG/BB opportunities (--model bgbb)",
                                  options.unit));
  }
  return unit;
}

bool input_is_log(const SummaryInputOptions& options) {
  if (options.log.is_log || (options.command != nullptr && log_options_given(*options.command))) {
    return true;
  }
  return looks_like_log(options.path, options.delimiter);
}

SummaryTable load_summary(const SummaryInputOptions& options, std::optional<TimeUnit> log_unit) {
  require_input(options.path);
  if (input_is_log(options)) {
    const TimeUnit unit = requested_unit(options).value_or(log_unit.value_or(TimeUnit::days));
    return summarise_log_input(options.path, rfm_options(options.log, options.delimiter, options.path, unit),
                               options.quiet)
        .summary;
  }
  SummaryTable table = io::read_summary_file(options.path, csv_options(options.delimiter, options.path));
  if (const auto unit = requested_unit(options)) {
    table.unit = unit;
  }
  return table;
}

io::ModelFile load_model(const std::string& path, io::ModelRole role, std::optional<TimeUnit> unit) {
  io::ModelFile model = io::read_model_file(path);
  io::require_role(model, role, path);
  io::require_unit(model, unit, path);
  return model;
}

}  // namespace clv::cli
