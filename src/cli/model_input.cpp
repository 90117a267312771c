#include "model_input.hpp"

#include "clv/error.hpp"
#include "clv/io/summary_reader.hpp"

#include <fmt/format.h>

namespace clv::cli {

void add_summary_input_options(CLI::App& command, SummaryInputOptions& options) {
  command.add_option("SUMMARY", options.path,
                     "Per-customer summary (CSV/TSV: customer_id, frequency, recency, T [, monetary_value, count]); "
                     "'-' or none for standard input")
      ->option_text("FILE");
  add_delimiter_options(command, options.delimiter);
  command.add_option("-u,--unit", options.unit, "Time unit of the summary's recency and T: days, weeks or months")
      ->check(CLI::IsMember({"days", "weeks", "months", "day", "week", "month"}));
}

std::optional<TimeUnit> requested_unit(const SummaryInputOptions& options) {
  if (options.unit.empty()) {
    return std::nullopt;
  }
  return parse_time_unit(options.unit);
}

SummaryTable load_summary(const SummaryInputOptions& options) {
  require_input(options.path);
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
