#include "clv/io/contract_reader.hpp"

#include "clv/error.hpp"
#include "header_columns.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

namespace clv::io {
namespace {

using detail::count_field;
using detail::field_location;
using detail::HeaderColumns;

struct CohortRow {
  double period;
  double alive;
  std::size_t line;
  std::size_t alive_column;
};

// The counts of one cohort, checked: periods 0, 1, 2 ... without gaps, counts never rising.
std::vector<double> cohort_counts(const std::vector<CohortRow>& rows, const std::string& file) {
  std::vector<double> alive;
  for (const CohortRow& row : rows) {
    const double expected = static_cast<double>(alive.size());
    const Location where{file, row.line, 0, "period"};
    if (row.period != expected) {
      throw data_error(alive.empty()
                           ? fmt::format("the cohort table starts at period {}, not 0 (row 0 is the cohort's size)",
                                         row.period)
                           : fmt::format("period {} follows period {} (periods go 0, 1, 2, ... without gaps)",
                                         row.period, expected - 1.0),
                       where);
    }
    if (!alive.empty() && row.alive > alive.back()) {
      throw data_error(fmt::format("{} customers active, more than the {} of period {} (survivor counts cannot "
                                   "increase)",
                                   row.alive, alive.back(), expected - 1.0),
                       Location{file, row.line, row.alive_column, "alive"});
    }
    if (alive.empty() && !(row.alive > 0.0)) {
      throw data_error("the cohort has no customers at period 0", Location{file, row.line, row.alive_column, "alive"});
    }
    alive.push_back(row.alive);
  }
  return alive;
}

ContractTable read_cohort_table(CsvReader& reader, const HeaderColumns& columns, const std::string& file,
                                const std::optional<std::string>& wanted, CohortChoice choice) {
  const std::size_t period_column = columns.require({"period"}, "period");
  const std::size_t alive_column = columns.require({"alive"}, "alive");
  const auto cohort_column = columns.find({"cohort"});
  if (wanted && !cohort_column) {
    throw usage_error(fmt::format("{}: --cohort {} given, but the file has no cohort column", file, *wanted));
  }
  // Rows by cohort, in file order; names in order of first appearance.
  std::vector<std::string> names;
  std::map<std::string, std::vector<CohortRow>> rows;
  CsvRecord record;
  while (reader.next(record)) {
    detail::require_fields(file, record, columns.size());
    std::string name = cohort_column ? std::string(record.fields[*cohort_column]) : std::string();
    if (!rows.contains(name)) {
      names.push_back(name);
    }
    rows[name].push_back(CohortRow{count_field(file, record, period_column, "period"),
                                   count_field(file, record, alive_column, "alive"), record.line,
                                   record.columns[alive_column]});
  }
  if (names.empty()) {
    throw data_error("no rows: the file has a header but no period", Location{file});
  }
  std::string chosen;
  if (wanted) {
    if (!rows.contains(*wanted)) {
      throw usage_error(fmt::format("{}: no cohort '{}' (the file has: {})", file, *wanted, fmt::join(names, ", ")));
    }
    chosen = *wanted;
  } else if (names.size() > 1 && choice == CohortChoice::every) {
    ContractTable table;
    table.form = ContractForm::cohort_table;
    for (const std::string& name : names) {
      table.cohorts.push_back({name, cohort_counts(rows[name], file)});
    }
    table.cohort = names.front();
    table.alive = table.cohorts.front().alive;
    return table;
  } else if (names.size() > 1) {
    throw usage_error(
        fmt::format("{}: the file holds {} cohorts ({}): pick one with --cohort", file, names.size(), fmt::join(names, ", ")));
  } else {
    chosen = names.front();
  }
  ContractTable table;
  table.form = ContractForm::cohort_table;
  table.cohort = chosen;
  table.alive = cohort_counts(rows[chosen], file);
  return table;
}

ContractTable read_customer_contracts(CsvReader& reader, const HeaderColumns& columns, const std::string& file) {
  const std::size_t id_column = columns.require({"customer_id", "id"}, "customer_id");
  const std::size_t tenure_column = columns.require({"tenure"}, "tenure");
  const std::size_t churned_column = columns.require({"churned"}, "churned");
  const auto weight_column = columns.find({"count", "weight", "weights"});
  ContractTable table;
  table.form = ContractForm::customers;
  detail::IdColumn ids;
  CsvRecord record;
  while (reader.next(record)) {
    detail::require_fields(file, record, columns.size());
    std::string id(record.fields[id_column]);
    if (id.empty()) {
      throw data_error("empty customer id", field_location(file, record, id_column, "customer_id"));
    }
    models::sbg::Contract contract;
    contract.tenure = count_field(file, record, tenure_column, "tenure");
    if (contract.tenure > models::sbg::k_max_tenure) {
      throw data_error(fmt::format("tenure {} is more than {} periods", contract.tenure, models::sbg::k_max_tenure),
                       field_location(file, record, tenure_column, "tenure"));
    }
    const double churned = count_field(file, record, churned_column, "churned");
    if (churned > 1.0) {
      throw data_error(fmt::format("'{}' is not 0 or 1", record.fields[churned_column]),
                       field_location(file, record, churned_column, "churned"));
    }
    contract.status = churned == 1.0 ? models::sbg::ContractStatus::churned : models::sbg::ContractStatus::active;
    if (contract.status == models::sbg::ContractStatus::churned && contract.tenure < 1.0) {
      throw data_error("a customer who churned has completed at least one period (tenure >= 1)",
                       field_location(file, record, tenure_column, "tenure"));
    }
    if (weight_column) {
      contract.weight = detail::positive_field(file, record, *weight_column, columns.name(*weight_column));
    }
    ids.add(std::move(id), record.line, record.columns[id_column]);
    table.lines.push_back(record.line);
    table.contracts.push_back(contract);
  }
  ids.check_duplicates(file, "customer_id");
  table.ids = ids.release();
  if (table.contracts.empty()) {
    throw data_error("no customers: the file has a header but no row", Location{file});
  }
  return table;
}

}  // namespace

ContractTable read_contracts(InputSource& source, const CsvOptions& options, const std::optional<std::string>& cohort,
                             CohortChoice choice) {
  CsvReader reader(source, options);
  const std::string file = reader.source_name();
  CsvRecord header;
  if (!reader.next(header)) {
    throw data_error("empty input: expected a header row (period,alive or customer_id,tenure,churned)",
                     Location{file});
  }
  const detail::HeaderColumns columns(header, file);
  if (columns.find({"alive"})) {
    return read_cohort_table(reader, columns, file, cohort, choice);
  }
  if (cohort) {
    throw usage_error(fmt::format("{}: --cohort is for a cohort table (period,alive,cohort)", file));
  }
  if (!columns.find({"tenure"})) {
    throw data_error("missing required columns: period,alive (a cohort table) or customer_id,tenure,churned",
                     Location{file, header.line});
  }
  return read_customer_contracts(reader, columns, file);
}

ContractTable read_contracts_file(const std::string& path, const CsvOptions& options,
                                  const std::optional<std::string>& cohort, CohortChoice choice) {
  const auto source = open_input(path);
  return read_contracts(*source, options, cohort, choice);
}

}  // namespace clv::io
