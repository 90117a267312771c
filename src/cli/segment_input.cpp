#include "segment_input.hpp"

#include "clv/at_risk_forecast.hpp"
#include "clv/error.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/customer_reader.hpp"
#include "clv/io/input.hpp"

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

// The columns the customer reader knows; a --by column among them stays in what it reads.
bool customer_column(const std::string& header) {
  static const char* const known[] = {"id",          "name",     "referred_by",          "transactions",
                                      "average_purchase", "acquisition_cost", "service_cost",
                                      "referral_net_income", "year", "base_sales", "new_sales", "cost",
                                      "referral_sales"};
  return std::any_of(std::begin(known), std::end(known), [&](const char* name) { return lower(header) == name; });
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

// One CSV field, quoted when it must be.
void append_field(std::string& out, std::string_view field, char delimiter) {
  if (field.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (const char c : field) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
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

// Customer records (CSV) with the --by columns taken out before the customer reader sees them,
// and kept. Line numbers in the reader's messages stay those of the file.
CustomerSet load_customers_keeping(const std::string& path, const DelimiterOptions& delimiter,
                                   const std::vector<std::string>& columns) {
  require_input(path);
  const auto source = io::open_input(path);
  const std::string name = source->name();
  const std::string text = io::read_all(*source);
  const std::size_t start = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start != std::string::npos && (text[start] == '{' || text[start] == '[')) {
    throw data_error("--by reads its columns from CSV customer records, or with --model from --attributes; this is "
                     "a JSON file",
                     Location{name, 1, 1, "--by"});
  }
  const io::CsvOptions csv = csv_options(delimiter, path);
  auto memory = io::memory_input(text, name);
  io::CsvReader reader(*memory, csv);
  io::CsvRecord record;
  if (!reader.next(record)) {
    throw data_error("empty input: no header row", Location{name, 1});
  }
  std::vector<std::size_t> by;
  std::vector<std::size_t> strip;  // the --by columns the customer reader does not know
  for (const std::string& column : columns) {
    by.push_back(find_column(record, column, name));
    if (!customer_column(column)) {
      strip.push_back(by.back());
    }
  }
  std::optional<std::size_t> id_column;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    if (lower(record.fields[i]) == "id") {
      id_column = i;
    }
  }
  std::string rest;
  std::size_t line = 1;
  std::unordered_map<std::string, KeptRow> rows;
  const auto emit = [&](const io::CsvRecord& row) {
    while (line < row.line) {  // blank lines, so that the reader's line numbers stay the file's
      rest += '\n';
      ++line;
    }
    bool first = true;
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
      if (std::find(strip.begin(), strip.end(), i) != strip.end()) {
        continue;
      }
      if (!first) {
        rest += csv.delimiter;
      }
      first = false;
      append_field(rest, row.fields[i], csv.delimiter);
      line += static_cast<std::size_t>(std::count(row.fields[i].begin(), row.fields[i].end(), '\n'));
    }
    rest += '\n';
    ++line;
  };
  emit(record);
  while (reader.next(record)) {
    emit(record);
    if (!id_column || *id_column >= record.fields.size()) {
      continue;  // the customer reader names the problem
    }
    auto [at, added] = rows.try_emplace(std::string(record.fields[*id_column]));
    KeptRow& kept = at->second;
    if (added) {
      kept.values.resize(columns.size());
      kept.line = record.line;
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (by[c] >= record.fields.size() || record.fields[by[c]].empty()) {
        continue;  // a ledger row that does not repeat the customer's fields
      }
      const std::string_view value = record.fields[by[c]];
      if (kept.values[c].empty()) {
        kept.values[c] = value;
      } else if (kept.values[c] != value) {
        throw data_error(fmt::format("customer '{}' is in '{}' here but in '{}' on an earlier row (line {}); a "
                                     "customer belongs to one segment",
                                     at->first, value, kept.values[c], kept.line),
                         Location{name, record.line, record.columns[by[c]], columns[c]});
      }
    }
  }
  auto stripped = io::memory_input(std::move(rest), name);
  io::ReadOptions options;
  options.csv = csv;
  CustomerSet set = io::read_customers(*stripped, options);
  fill_kept(set, columns, rows);
  return set;
}

// The --by columns of the attributes file, by customer id.
void keep_attribute_columns(CustomerSet& set, const std::string& path, const std::vector<std::string>& columns) {
  if (path.empty()) {
    throw usage_error(fmt::format("with --model, --by {} is read from --attributes FILE, which was not given",
                                  columns.front()));
  }
  const auto source = io::open_input(path);
  io::CsvReader reader(*source, csv_options({}, path));
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

}  // namespace

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

SegmentedCustomers load_segmented_customers(const std::string& path, const DelimiterOptions& delimiter,
                                            const CustomerSourceOptions& options, int years, CustomerView view,
                                            const SegmentBy& by) {
  SegmentedCustomers result;
  const std::vector<std::string> columns = by.cohort ? std::vector<std::string>{"acquired"} : by.columns;
  if (!has_model(options)) {
    refuse_model_options_without_model(options);
    result.set = load_customers_keeping(path, delimiter, columns);
  } else {
    result.sources = load_forecast_sources(path, delimiter, options);
    result.set = forecast_source_customers(*result.sources, options, years, view);
    if (!by.cohort) {
      keep_attribute_columns(result.set, options.attributes_path, columns);
    }
  }
  const CustomerSet& set = result.set;
  result.keys.reserve(set.customers.size());
  if (by.cohort && result.sources) {
    // The first purchase: the end of observation minus the customer's age.
    const SummaryTable& summary = result.sources->summary;
    const std::optional<std::string>& end =
        summary.observation_end ? summary.observation_end : result.sources->purchase.observation_end;
    if (!end) {
      throw data_error("a cohort needs the dates of first purchases: give the transaction log, not a summary "
                       "without an observation end",
                       Location{result.sources->source, 0, 0, "--by"});
    }
    for (const CustomerSummary& customer : summary.customers) {
      const auto date = first_purchase_date(*end, customer.age, summary.unit.value_or(TimeUnit::days));
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

std::vector<SegmentRiskInput> segment_risk_inputs(const ForecastSources& sources, const AtRiskSources& at_risk,
                                                  const CustomerSourceOptions& options) {
  AtRiskForecastOptions forecast = at_risk.forecast;
  forecast.margin = options.margin;
  forecast.average_purchase = options.average_purchase;
  forecast.unit = sources.summary.unit ? sources.summary.unit : sources.purchase.unit;
  const std::vector<AtRiskInput> inputs =
      at_risk_inputs(sources.summary, sources.purchase.fit, sources.spend ? &sources.spend->fit : nullptr, forecast);
  std::vector<SegmentRiskInput> risk;
  risk.reserve(inputs.size());
  for (const AtRiskInput& input : inputs) {
    risk.push_back({input.probability_alive, input.value_if_alive});
  }
  return risk;
}

}  // namespace clv::cli
