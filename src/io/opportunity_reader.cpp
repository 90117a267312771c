#include "clv/io/opportunity_reader.hpp"

#include "clv/error.hpp"
#include "header_columns.hpp"

#include <fmt/format.h>


namespace clv::io {

OpportunityTable read_opportunities(InputSource& source, const CsvOptions& options) {
  using detail::count_field;
  using detail::field_location;
  CsvReader reader(source, options);
  const std::string file = reader.source_name();
  CsvRecord header;
  if (!reader.next(header)) {
    throw data_error("empty input: expected a header row (customer_id,frequency,recency,periods)", Location{file});
  }
  const detail::HeaderColumns columns(header, file);
  const auto id_column = columns.find({"customer_id", "id"});
  const std::size_t frequency_column = columns.require({"frequency", "x"}, "frequency");
  const std::size_t recency_column = columns.require({"recency", "t_x"}, "recency");
  const std::size_t periods_column = columns.require({"periods", "n"}, "periods");
  const auto weight_column = columns.find({"count", "weight", "weights"});
  const auto holdout_frequency_column = columns.find({"frequency_holdout"});
  const auto holdout_periods_column = columns.find({"periods_holdout"});
  const auto monetary_column = columns.find({"monetary_value", "monetary", "average_spend"});
  if (holdout_frequency_column.has_value() != holdout_periods_column.has_value()) {
    throw data_error("missing required column (frequency_holdout and periods_holdout go together)",
                     Location{file, header.line, 0, holdout_frequency_column ? "periods_holdout" : "frequency_holdout"});
  }
  OpportunityTable table;
  table.has_ids = id_column.has_value();
  detail::IdColumn ids;
  CsvRecord record;
  while (reader.next(record)) {
    detail::require_fields(file, record, columns.size());
    std::string id = id_column ? std::string(record.fields[*id_column]) : fmt::format("line {}", record.line);
    if (id_column) {
      if (id.empty()) {
        throw data_error("empty customer id", field_location(file, record, *id_column, "customer_id"));
      }
    }
    models::bg_bb::OpportunityHistory row;
    row.frequency = count_field(file, record, frequency_column, "frequency");
    row.recency = count_field(file, record, recency_column, "recency");
    row.periods = count_field(file, record, periods_column, "periods");
    if (row.periods > models::bg_bb::k_max_periods) {
      throw data_error(fmt::format("periods {} is more than {} opportunities", row.periods,
                                   models::bg_bb::k_max_periods),
                       field_location(file, record, periods_column, "periods"));
    }
    if (row.frequency > row.periods) {
      throw data_error(fmt::format("frequency {} is greater than periods {} (one transaction per opportunity at most)",
                                   row.frequency, row.periods),
                       field_location(file, record, frequency_column, "frequency"));
    }
    if (row.recency > row.periods) {
      throw data_error(fmt::format("recency {} is greater than periods {}", row.recency, row.periods),
                       field_location(file, record, recency_column, "recency"));
    }
    if (row.frequency > row.recency) {
      throw data_error(fmt::format("frequency {} is greater than recency {} (the last transaction's opportunity)",
                                   row.frequency, row.recency),
                       field_location(file, record, frequency_column, "frequency"));
    }
    if (row.frequency == 0.0 && row.recency > 0.0) {
      throw data_error(fmt::format("recency {} is positive but frequency is 0", row.recency),
                       field_location(file, record, recency_column, "recency"));
    }
    if (weight_column) {
      row.weight = detail::positive_field(file, record, *weight_column, columns.name(*weight_column));
    }
    if (holdout_frequency_column) {
      const double frequency = count_field(file, record, *holdout_frequency_column, "frequency_holdout");
      const double periods = count_field(file, record, *holdout_periods_column, "periods_holdout");
      if (frequency > periods) {
        throw data_error(fmt::format("frequency_holdout {} is greater than periods_holdout {}", frequency, periods),
                         field_location(file, record, *holdout_frequency_column, "frequency_holdout"));
      }
      table.holdout_frequency.push_back(frequency);
      table.holdout_periods.push_back(periods);
    }
    if (monetary_column) {
      const ParsedNumber parsed = parse_number(record.fields[*monetary_column]);
      if (parsed.problem != NumberProblem::none || parsed.value < 0.0) {
        throw data_error(fmt::format("'{}' {}", record.fields[*monetary_column],
                                     parsed.problem != NumberProblem::none ? describe(parsed.problem)
                                                                           : "must not be negative"),
                         field_location(file, record, *monetary_column, "monetary_value"));
      }
      table.monetary_value.push_back(parsed.value);
    }
    ids.add(std::move(id), record.line, record.columns[id_column.value_or(0)]);
    table.lines.push_back(record.line);
    table.customers.push_back(row);
  }
  if (id_column) {
    ids.check_duplicates(file, "customer_id");
  }
  table.ids = ids.release();
  if (table.customers.empty()) {
    throw data_error("no customers: the file has a header but no row", Location{file});
  }
  return table;
}

OpportunityTable read_opportunities_file(const std::string& path, const CsvOptions& options) {
  const auto source = open_input(path);
  return read_opportunities(*source, options);
}

}  // namespace clv::io
