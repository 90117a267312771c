#include "segment_input.hpp"

#include "clv/at_risk_inputs.hpp"
#include "clv/error.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/customer_reader.hpp"
#include "clv/io/input.hpp"
#include "clv/io/model_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace clv::cli {

namespace {

constexpr const char* k_no_segment = "(none)";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

std::size_t find_column(const io::CsvRecord& header, const std::string& column, const std::string& source) {
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    if (lower(header.fields[i]) == lower(column)) {
      return i;
    }
  }
  std::string names;
  for (const std::string_view field : header.fields) {
    names += names.empty() ? "" : ", ";
    names += field;
  }
  throw data_error(fmt::format("no column '{}' to group by{}; the columns are: {}", column,
                               column == "acquired" ? " (customer records give their cohort by an 'acquired' date)" : "",
                               names),
                   Location{source, header.line, 1, "--by"});
}

// Per customer id, the values of the kept columns and where they were first seen.
struct KeptRow {
  std::vector<std::string> values;
  std::size_t line = 0;
};

void fill_kept(CustomerSet& set, const std::vector<std::string>& columns,
               const std::unordered_map<std::string, KeptRow>& rows) {
  set.kept.names = columns;
  set.kept.values.reserve(set.customers.size() * columns.size());
  for (const Customer& customer : set.customers) {
    const auto found = rows.find(customer.id);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      set.kept.values.push_back(found == rows.end() ? std::string() : found->second.values[c]);
    }
  }
}

// The --by columns of the attributes file, by customer id.
void keep_attribute_columns(CustomerSet& set, const std::string& path, const std::vector<std::string>& columns) {
  if (path.empty()) {
    throw usage_error(fmt::format("with --model, --by {} is read from --attributes FILE, which was not given",
                                  columns.front()));
  }
  const auto source = input::open_attributes(path);
  io::CsvReader reader(*source, csv_options(TableArguments{}, path));
  io::CsvRecord record;
  if (!reader.next(record)) {
    throw data_error("empty input: no header row", Location{source->name(), 1});
  }
  std::vector<std::size_t> by;
  for (const std::string& column : columns) {
    by.push_back(find_column(record, column, source->name()));
  }
  std::optional<std::size_t> id_column;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const std::string header = lower(record.fields[i]);
    if (header == "customer_id" || header == "id") {
      id_column = i;
    }
  }
  std::unordered_map<std::string, KeptRow> rows;
  while (id_column && reader.next(record)) {
    if (*id_column >= record.fields.size()) {
      continue;  // the attributes reader has refused such rows already
    }
    KeptRow& kept = rows[std::string(record.fields[*id_column])];
    kept.line = record.line;
    for (const std::size_t column : by) {
      kept.values.emplace_back(column < record.fields.size() ? record.fields[column] : std::string_view());
    }
  }
  fill_kept(set, columns, rows);
}

// sBG contracts or BG/BB opportunities: the ledgers in `set`, and with as_value_command the
// formula customers of `clv value` in `valued` (FILE read once).
void load_discrete_customers(SegmentedCustomers& result, const TableArguments& table, const ModelArguments& models,
                             int years, const DiscreteTerms& terms) {
  TableArguments file = table;
  file.path = table.path.empty() ? "-" : table.path;  // no FILE: standard input, not sBG's typical customer
  const input::ModelOptions& options = models.options;
  const bool both = terms.values == DiscreteValues::as_value_command;
  CustomerSet ledger;
  std::optional<CustomerSet> built;
  if (*result.discrete == "sBG") {
    built = contract_customers(options.model_path, file, contract_options(terms.contract, models),
                               both ? CustomerView::formula : CustomerView::ledger, years, both ? &ledger : nullptr);
  } else {
    (void)contract_options(terms.contract, models);  // refuses the sBG options
    built = opportunity_customers(file.path, file,
                                  OpportunityValueOptions{options.model_path, options.spend_model_path,
                                                          options.average_purchase, options.margin,
                                                          options.service_cost, options.year_length,
                                                          options.attributes_path},
                                  years, both ? CustomerView::formula : CustomerView::ledger,
                                  both ? &ledger : nullptr);
  }
  if (both) {
    result.valued = std::move(*built);
    result.set = std::move(ledger);
  } else {
    result.set = std::move(*built);
  }
}

}  // namespace

std::optional<std::string> discrete_model_name(const ModelArguments& models) {
  if (!has_model(models)) {
    return std::nullopt;
  }
  switch (input::model_file(models.options.model_path).fit.kind) {
    case models::ModelKind::sbg: return "sBG";
    case models::ModelKind::bg_bb: return "BG/BB";
    default: return std::nullopt;
  }
}

SegmentBy parse_segment_by(const std::string& text) {
  SegmentBy by;
  by.text = text;
  if (text.rfind("cohort:", 0) == 0) {
    by.cohort = parse_cohort_period(std::string_view(text).substr(7));
    return by;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    const std::string column = text.substr(start, end - start);
    if (column.empty()) {
      throw usage_error(fmt::format("--by takes COLUMN[,COLUMN] or cohort:month|quarter|year, not '{}'", text));
    }
    by.columns.push_back(column);
    start = end + 1;
  }
  return by;
}

SegmentedCustomers load_segmented_customers(const TableArguments& table, const LogArguments& log,
                                            const ModelArguments& models, const std::string& unit, int years,
                                            CustomerView view, const SegmentBy& by, const DiscreteTerms& discrete) {
  SegmentedCustomers result;
  const std::vector<std::string> columns = by.cohort ? std::vector<std::string>{"acquired"} : by.columns;
  require_input(table.path);
  result.discrete = discrete_model_name(models);
  if (result.discrete) {
    if (by.cohort) {
      throw usage_error(fmt::format("--by {}: a cohort is the period of the first purchase, and {} has no purchase "
                                    "dates; group by a column of --attributes instead",
                                    by.text,
                                    *result.discrete == "sBG" ? "a contracts file (customer_id,tenure,churned)"
                                                              : "an opportunities file (customer_id,frequency,recency,"
                                                                "periods)"));
    }
    if (models.options.attributes_path.empty()) {
      throw usage_error(fmt::format("with {} model, --by {} is read from --attributes FILE, which was not given",
                                    *result.discrete == "sBG" ? "an sBG" : "a BG/BB", columns.front()));
    }
    load_discrete_customers(result, table, models, years, discrete);
    keep_attribute_columns(result.set, models.options.attributes_path, columns);
  } else if (!has_model(models)) {
    refuse_model_options_without_model(models, log, unit);
    input::TableOptions keeping = table_options(table, &log);
    keeping.columns.keep = columns;
    keeping.columns.keep_purpose = io::KeepPurpose::group_by;
    result.set = input::read_customer_records(keeping);
  } else {
    input::ModelOptions options = models.options;
    options.unit = requested_unit(unit);
    result.sources = input::read_forecast_sources(table_options(table, &log), log_reading(log), options);
    if (result.sources->input.log && !models.quiet) {
      warn_about_log(*result.sources->input.log, result.sources->input.source);
    }
    result.set = input::forecast_source_customers(*result.sources, options, years, view);
    if (!by.cohort) {
      keep_attribute_columns(result.set, options.attributes_path, columns);
    }
  }
  const CustomerSet& set = result.set;
  result.keys.reserve(set.customers.size());
  if (by.cohort && result.sources) {
    // The first purchase: the end of observation minus the customer's age.
    const SummaryTable& summary = result.sources->input.summary;
    const std::optional<std::string>& end =
        summary.observation_end ? summary.observation_end : result.sources->purchase.observation_end;
    if (!end) {
      throw data_error("a cohort needs the dates of first purchases: give the transaction log, not a summary "
                       "without an observation end",
                       Location{result.sources->input.source, 0, 0, "--by"});
    }
    if (!summary.unit) {
      throw usage_error(fmt::format("{}: the time unit is unknown, so the ages cannot be turned into dates of first "
                                    "purchases: give --unit",
                                    result.sources->input.source));
    }
    for (const CustomerSummary& customer : summary.customers) {
      const auto date = first_purchase_date(*end, customer.age, *summary.unit);
      result.keys.push_back(date ? *cohort_of(*date, *by.cohort) : std::string(k_no_segment));
    }
    return result;
  }
  for (std::size_t i = 0; i < set.customers.size(); ++i) {
    std::string key;
    for (std::size_t c = 0; c < set.kept.names.size(); ++c) {
      const std::string& value = set.kept.value(i, c);
      if (by.cohort) {
        const auto cohort = cohort_of(value, *by.cohort);
        if (!cohort) {
          throw data_error(fmt::format("customer '{}': '{}' is not a YYYY-MM-DD date", set.customers[i].id, value),
                           Location{set.source, 0, 0, "acquired"});
        }
        key = *cohort;
        continue;
      }
      key += c == 0 ? "" : " / ";
      key += value.empty() ? std::string(k_no_segment) : value;
    }
    result.keys.push_back(std::move(key));
  }
  return result;
}

std::vector<SegmentRiskInput> segment_risk_inputs(const input::ForecastSources& sources,
                                                  const input::AtRiskChoice& at_risk,
                                                  const input::ModelOptions& options) {
  AtRiskForecastOptions forecast = at_risk.forecast;
  forecast.margin = options.margin;
  forecast.average_purchase = options.average_purchase;
  forecast.unit = sources.input.summary.unit ? sources.input.summary.unit : sources.purchase.unit;
  const std::vector<AtRiskInput> inputs =
      at_risk_inputs(sources.input.summary, sources.purchase.fit, sources.spend ? &sources.spend->fit : nullptr, forecast);
  std::vector<SegmentRiskInput> risk;
  risk.reserve(inputs.size());
  for (const AtRiskInput& input : inputs) {
    risk.push_back({input.probability_alive, input.value_if_alive});
  }
  return risk;
}

}  // namespace clv::cli
