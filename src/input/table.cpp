#include "clv/input/table.hpp"

#include "clv/error.hpp"
#include "clv/io/customer_reader.hpp"
#include "clv/io/json_errors.hpp"
#include "clv/io/summary_reader.hpp"
#include "../io/json_parse.hpp"  // the one JSON parse of every reader (refuses duplicate keys)

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <span>

namespace clv::input {

namespace {

using io::Field;

// Leading blank lines kept before the header (for line numbers); more is not a table.
constexpr std::size_t k_max_leading_blank_bytes = std::size_t{1} << 16;
// The longest header line looked at.
constexpr std::size_t k_max_header_bytes = std::size_t{1} << 20;

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Reads up to the end of the first non-blank line. Returns the bytes read (all of them, to be
// served again) and where that line starts and ends in them.
struct HeaderBytes {
  std::string bytes;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool found = false;
};

HeaderBytes read_header_bytes(io::InputSource& source) {
  HeaderBytes head;
  char chunk[4096];
  std::size_t scanned = 0;
  for (;;) {
    const std::size_t got = source.read(chunk, sizeof chunk);
    if (got == 0) {
      break;
    }
    head.bytes.append(chunk, got);
    if (!head.found) {
      std::size_t start = head.bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
      start = std::max(start, scanned);
      const std::size_t first = head.bytes.find_first_not_of(" \t\r\n", start);
      if (first == std::string::npos) {
        scanned = head.bytes.size();
        if (head.bytes.size() > k_max_leading_blank_bytes) {
          throw data_error("only blank lines at the start: expected a header line", Location{source.name()});
        }
        continue;
      }
      head.found = true;
      head.begin = head.bytes.rfind('\n', first);
      head.begin = head.begin == std::string::npos ? start : head.begin + 1;
      scanned = first;
    }
    const std::size_t newline = head.bytes.find('\n', scanned);
    if (newline != std::string::npos) {
      head.end = newline;
      return head;
    }
    scanned = head.bytes.size();
    if (head.bytes.size() > k_max_header_bytes) {
      break;
    }
  }
  head.end = head.bytes.size();
  return head;
}

// A JSON lines log starts with a whole object on one line that has a date.
bool json_line_is_log(std::string_view line) {
  try {
    const nlohmann::json object = nlohmann::json::parse(line);
    if (!object.is_object()) {
      return false;
    }
    for (const auto& item : object.items()) {
      if (io::field_of_header(item.key()) == Field::date) {
        return true;
      }
    }
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return false;
}

// The fields the header names, with the user's mappings applied.
struct HeaderFields {
  std::vector<std::optional<Field>> fields;
  std::vector<std::string> names;
};

HeaderFields header_fields(const io::CsvRecord& record, const io::ColumnOptions& options) {
  HeaderFields result;
  for (const std::string_view field : record.fields) {
    result.fields.push_back(io::field_of_header(field));
    result.names.emplace_back(field);
  }
  for (const io::ColumnMapping& mapping : options.mappings) {
    std::size_t at = io::k_no_column;
    if (mapping.position > 0) {
      at = mapping.position <= record.fields.size() ? mapping.position - 1 : io::k_no_column;
    } else {
      const std::string wanted = io::normalise_header(mapping.header);
      for (std::size_t i = 0; i < record.fields.size(); ++i) {
        if (io::normalise_header(record.fields[i]) == wanted) {
          at = i;
        }
      }
    }
    if (at != io::k_no_column) {
      result.fields[at] = mapping.field;
    }
  }
  return result;
}

TableKind classify(const HeaderFields& header, std::string& key_columns) {
  const auto has = [&](Field field) {
    return std::find(header.fields.begin(), header.fields.end(), field) != header.fields.end();
  };
  const auto keys = [&](std::initializer_list<Field> fields) {
    key_columns.clear();
    for (const Field field : fields) {
      for (std::size_t i = 0; i < header.fields.size(); ++i) {
        if (header.fields[i] == field) {
          key_columns += key_columns.empty() ? "" : ", ";
          key_columns += header.names[i];
          break;
        }
      }
    }
  };
  // The discrete-time readers' columns (periods, tenure, churned, period, alive) are not in the
  // header vocabulary: those readers match them themselves, in any case.
  const auto named = [&](std::string_view name) {
    return std::any_of(header.names.begin(), header.names.end(),
                       [&](const std::string& column) { return equal_ignoring_case(column, name); });
  };
  const auto named_keys = [&](std::initializer_list<std::string_view> names) {
    for (const std::string_view name : names) {
      for (const std::string& column : header.names) {
        if (equal_ignoring_case(column, name)) {
          key_columns += key_columns.empty() ? "" : ", ";
          key_columns += column;
          break;
        }
      }
    }
  };
  if (has(Field::frequency_cal)) {
    keys({Field::customer_id, Field::frequency_cal, Field::recency_cal, Field::age_cal});
    return TableKind::calibration_summary;
  }
  if (has(Field::frequency)) {
    keys({Field::customer_id, Field::frequency, Field::recency, Field::age});
    if (!has(Field::age) && (named("periods") || named("n"))) {
      named_keys({"periods", "n"});
      return TableKind::opportunities;
    }
    return TableKind::summary;
  }
  if (has(Field::date)) {
    keys({Field::customer_id, Field::date, Field::amount, Field::quantity, Field::price});
    return TableKind::transaction_log;
  }
  if (has(Field::year)) {
    keys({Field::customer_id, Field::year, Field::base_sales, Field::new_sales, Field::cost});
    return TableKind::ledger;
  }
  if (has(Field::transactions) || has(Field::average_purchase)) {
    keys({Field::customer_id, Field::transactions, Field::average_purchase});
    return TableKind::customers;
  }
  // sBG inputs; a customer file or summary that keeps such columns is still what it was above.
  if (named("tenure") && named("churned")) {
    keys({Field::customer_id});
    named_keys({"tenure", "churned"});
    return TableKind::contracts;
  }
  if (named("period") && named("alive")) {
    key_columns.clear();
    named_keys({"cohort", "period", "alive"});
    return TableKind::cohort_table;
  }
  if (has(Field::value)) {
    keys({Field::customer_id, Field::value});
    return TableKind::values;
  }
  if (has(Field::customer_id) && (has(Field::acquisition_cost) || has(Field::referred_by))) {
    keys({Field::customer_id, Field::acquisition_cost, Field::referred_by, Field::name});
    return TableKind::attributes;
  }
  return TableKind::unknown;
}

// The fields each kind of table maps with --column; a mapping of any other is refused.
constexpr std::array k_customer_fields{
    Field::customer_id, Field::name, Field::referred_by, Field::transactions, Field::average_purchase,
    Field::acquisition_cost, Field::service_cost, Field::referral_net_income, Field::year, Field::base_sales,
    Field::new_sales, Field::cost, Field::referral_sales};
constexpr std::array k_summary_fields{
    Field::customer_id, Field::frequency, Field::recency, Field::age, Field::monetary_value, Field::weight,
    Field::frequency_cal, Field::recency_cal, Field::age_cal, Field::monetary_value_cal, Field::frequency_holdout,
    Field::monetary_value_holdout, Field::duration_holdout};
// The columns log_options maps (id, date, amount, and an order export's quantity and price).
constexpr std::array k_log_fields{Field::customer_id, Field::date, Field::amount, Field::quantity, Field::price};
constexpr std::array k_value_fields{Field::customer_id, Field::value, Field::name, Field::acquisition_cost,
                                    Field::referral_income};

Error wrong_kind(const OpenedTable& table, const std::string& advice) {
  const std::string what = table.key_columns.empty() ? std::string(describe(table.kind))
                                                      : fmt::format("{} ({})", describe(table.kind), table.key_columns);
  return Error(ExitCode::usage, fmt::format("{} is {}: {}", table.name, what, advice), Location{});
}

// A --column mapping of a field this kind of table does not have would be silently ignored.
void refuse_foreign_mappings(const TableOptions& options, std::span<const Field> fields, TableKind kind) {
  for (const io::ColumnMapping& mapping : options.columns.mappings) {
    if (std::find(fields.begin(), fields.end(), mapping.field) == fields.end()) {
      throw usage_error(fmt::format("--column {}={}: {} has no {} field", io::field_name(mapping.field),
                                    mapping.header, describe(kind), io::field_name(mapping.field)));
    }
  }
}

}  // namespace

std::string_view describe(TableKind kind) noexcept {
  switch (kind) {
    case TableKind::customers: return "a customer file";
    case TableKind::ledger: return "a customer file with ledgers";
    case TableKind::json_customers: return "a JSON customer file";
    case TableKind::summary: return "a per-customer summary";
    case TableKind::calibration_summary: return "a calibration/holdout summary";
    case TableKind::transaction_log: return "a transaction log";
    case TableKind::values: return "a value list";
    case TableKind::attributes: return "an attributes file";
    case TableKind::opportunities: return "a BG/BB opportunities file";
    case TableKind::contracts: return "a contracts file";
    case TableKind::cohort_table: return "a cohort retention table";
    case TableKind::model_file: return "a clv model file";
    case TableKind::unknown: return "a table of unknown kind";
  }
  return "a table";
}

namespace {

OpenedTable open_source(std::unique_ptr<io::InputSource> source, const TableOptions& options);

// The time unit a JSON summary states in its "summary" (`clv rfm -f json`: "unit": "weeks"), so
// that a model fitted on it records the unit; a unit clv does not know is a data error at its line.
std::optional<TimeUnit> stated_unit(const nlohmann::ordered_json& unit, const std::string& text,
                                    const std::string& name) {
  if (unit.is_null()) {
    return std::nullopt;
  }
  if (unit.is_string()) {
    if (const auto parsed = parse_time_unit(unit.get<std::string>())) {
      return parsed;
    }
  }
  // The line of the summary's "unit" key (the last one: the summary follows the rows).
  const std::size_t at = text.rfind("\"unit\"");
  const auto before = static_cast<std::ptrdiff_t>(at == std::string::npos ? 0 : at);
  const std::size_t line =
      at == std::string::npos ? 0 : 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + before, '\n'));
  throw data_error(fmt::format("the summary's time unit must be days, weeks or months, not {}", unit.dump()),
                   Location{name, line, 0, "unit"});
}

struct JsonRows {
  std::string csv;
  nlohmann::ordered_json unit;  // the "unit" of its "summary" (null when none)
};

// A JSON table as clv writes it with -f json ({"customers": [{...}, ...], "summary": {...}}):
// its rows as CSV text, columns in the first row's key order, and the unit its summary states;
// nothing when the text is not one. A key named twice in an object is a data error here, where
// the text is parsed.
std::optional<JsonRows> json_rows_as_csv(const nlohmann::ordered_json& document) {
  if (!document.is_object() || document.empty() || !document.begin()->is_array()) {
    return std::nullopt;
  }
  const auto& rows = *document.begin();
  if (rows.empty() || !rows.front().is_object()) {
    return std::nullopt;
  }
  const auto cell = [](const nlohmann::ordered_json& value) {
    if (value.is_null()) {
      return std::string();
    }
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (text.find_first_of(",\"\r\n") != std::string::npos) {
      std::string quoted = "\"";
      for (const char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      }
      return quoted + "\"";
    }
    return text;
  };
  std::vector<std::string> keys;
  std::string csv;
  for (const auto& item : rows.front().items()) {
    keys.push_back(item.key());
    csv += (csv.empty() ? "" : ",") + cell(item.key());
  }
  csv += '\n';
  for (const auto& row : rows) {
    if (!row.is_object()) {
      return std::nullopt;
    }
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const auto found = row.find(keys[k]);
      csv += k == 0 ? "" : ",";
      csv += found == row.end() ? std::string() : cell(*found);
    }
    csv += '\n';
  }
  nlohmann::ordered_json unit;
  if (const auto summary = document.find("summary"); summary != document.end() && summary->is_object()) {
    if (const auto found = summary->find("unit"); found != summary->end()) {
      unit = *found;
    }
  }
  return JsonRows{std::move(csv), std::move(unit)};
}

// Which JSON documents json_table reads as tables: any of clv's JSON tables (summaries and value
// lists), or for customer records only those with clv's "summary" (`clv value -f json`), as a
// JSON customer file ({"customers": [...], "currency", "description"}) has none and keeps its own
// reader, which refuses unknown keys.
enum class JsonTables { any, with_summary };

// A table from clv's own JSON output read as the same table in CSV; a clv model file recognised
// as such (its "clv_model" key), whatever the command.
OpenedTable json_table(OpenedTable table, const TableOptions& options, JsonTables which = JsonTables::any) {
  if (table.kind != TableKind::json_customers) {
    return table;
  }
  std::string text = io::read_all(*table.input);
  if (which == JsonTables::with_summary && text.find("\"clv_model\"") == std::string::npos &&
      text.find("\"summary\"") == std::string::npos) {
    // A customer file, left to its reader without parsing it twice.
    return open_source(io::memory_input(std::move(text), table.name), options);
  }
  nlohmann::ordered_json document;
  bool parsed = true;
  try {
    io::parse_json_refusing_duplicates(text, document);
  } catch (const nlohmann::json::exception&) {
    parsed = false;  // the reader reports the syntax error with its line and column
  } catch (const io::JsonKeyRefused& error) {
    const io::TextPosition at = io::json_error_position(text, error.byte());
    throw data_error(error.what(), Location{table.name, at.line, at.column, error.field()});
  }
  if (parsed && document.is_object() && document.contains("clv_model")) {
    OpenedTable model = open_source(io::memory_input(std::move(text), table.name), options);
    model.kind = TableKind::model_file;
    const auto name = document.find("model");
    model.key_columns = name != document.end() && name->is_string() ? name->get<std::string>() : std::string();
    return model;
  }
  const bool table_like = parsed && (which == JsonTables::any || (document.is_object() && document.contains("summary") &&
                                                                  document["summary"].is_object()));
  auto rows = table_like ? json_rows_as_csv(document) : std::nullopt;
  if (!rows) {
    return open_source(io::memory_input(std::move(text), table.name), options);
  }
  TableOptions as_csv = options;
  as_csv.delimiter = ',';
  OpenedTable opened = open_source(io::memory_input(std::move(rows->csv), table.name), as_csv);
  if (opened.kind == TableKind::summary || opened.kind == TableKind::calibration_summary ||
      opened.kind == TableKind::opportunities) {
    opened.stated_unit = stated_unit(rows->unit, text, table.name);
  }
  return opened;
}

}  // namespace

OpenedTable open_table(const TableOptions& options) {
  return open_source(io::open_input(options.path), options);
}

OpenedTable open_table(std::unique_ptr<io::InputSource> source, const TableOptions& options) {
  return open_source(std::move(source), options);
}

namespace {

OpenedTable open_source(std::unique_ptr<io::InputSource> source, const TableOptions& options) {
  options.columns.check();
  OpenedTable table;
  table.file = std::move(source);
  table.name = table.file->name();
  HeaderBytes head = read_header_bytes(*table.file);
  if (head.bytes.compare(0, 2, "\x1f\x8b") == 0) {
    // gzip's magic number: only a name ending in .gz is decompressed (a pipe cannot be told apart
    // by its name), so say that rather than quote the compressed bytes as a header.
    throw data_error("the input is gzip-compressed data: give it a name ending in .gz, or decompress it first "
                     "(zcat FILE | clv ...)",
                     Location{table.name, 1});
  }
  std::string_view line(head.bytes.data() + head.begin, head.end - head.begin);
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  table.csv.decimal = options.decimal;
  if (options.delimiter) {
    table.csv.delimiter = *options.delimiter;
  } else if (ends_with(options.path, ".tsv") || ends_with(options.path, ".tsv.gz")) {
    table.csv.delimiter = '\t';
  } else if (const auto detected = io::detect_delimiter(line)) {
    table.csv.delimiter = *detected;
  }
  const std::size_t first = line.find_first_not_of(" \t");
  if (head.found && first != std::string_view::npos && (line[first] == '[' || line[first] == '{')) {
    table.kind = line[first] == '{' && json_line_is_log(line) ? TableKind::transaction_log : TableKind::json_customers;
    if (table.kind == TableKind::transaction_log) {
      table.key_columns = "JSON lines";
    }
  } else if (head.found) {
    io::CsvOptions csv = table.csv;
    if (!options.delimiter && !io::detect_delimiter(line)) {
      csv.separator = io::Separator::whitespace;  // one column, or a whitespace-separated log
    }
    const auto header_input = io::memory_input(std::string(line), table.name);
    io::CsvReader reader(*header_input, csv);
    io::CsvRecord record;
    try {
      if (reader.next(record)) {
        const HeaderFields fields = header_fields(record, options.columns);
        table.kind = classify(fields, table.key_columns);
        for (const auto& field : fields.fields) {
          if (field) {
            table.fields.push_back(*field);
          }
        }
      }
    } catch (const Error&) {
      table.kind = TableKind::unknown;  // the reader reports the broken header with its line
    }
  }
  table.input = io::prefixed_input(std::move(head.bytes), *table.file);
  return table;
}

}  // namespace

void require_kind(const OpenedTable& table, Use use, ModelOption model) {
  const TableKind kind = table.kind;
  const auto has = [&](Field field) { return std::find(table.fields.begin(), table.fields.end(), field) != table.fields.end(); };
  // A table may be of several kinds at once (`clv value -f csv` writes the formula's inputs and
  // the value): what the command needs decides.
  if (use == Use::values && has(Field::value)) {
    return;
  }
  if (kind == TableKind::attributes) {
    throw wrong_kind(table, "give it with --attributes, beside a summary or log and --model");
  }
  if (kind == TableKind::model_file) {
    throw wrong_kind(table, table.key_columns == "gg"
                                ? "give it with --spend-model (beside --model), and the customers' data as FILE"
                                : "give it with --model, and the customers' data as FILE");
  }
  const bool customers =
      kind == TableKind::customers || kind == TableKind::ledger || kind == TableKind::json_customers;
  // BG/BB opportunities are read where a summary is (its readers tell them apart by the columns).
  const bool summary =
      kind == TableKind::summary || kind == TableKind::calibration_summary || kind == TableKind::opportunities;
  // sBG inputs where a purchase model's summary or log is read.
  if ((use == Use::summary_or_log || use == Use::log) && kind == TableKind::contracts) {
    throw wrong_kind(table, "fit it with clv fit --model sbg, or forecast it with --model SBG.json (from clv fit "
                            "--model sbg)");
  }
  if ((use == Use::summary_or_log || use == Use::log) && kind == TableKind::cohort_table) {
    throw wrong_kind(table, "fit it with clv fit --model sbg, or check an sBG model against one cohort with clv "
                            "diagnose --model SBG.json --cohort NAME");
  }
  switch (use) {
    case Use::customers:
      if (kind == TableKind::opportunities && model != ModelOption::given) {
        throw wrong_kind(table, model == ModelOption::absent
                                    ? "add --model with a BG/BB model (from clv fit FILE --model bgbb)"
                                    : "fit it with clv fit --model bgbb, or value it with clv value --model BGBB.json "
                                      "(predict, rank, project, segment, report and diagnose take it too)");
      }
      if (kind == TableKind::contracts) {
        throw wrong_kind(table, model == ModelOption::absent
                                    ? "add --model with an sBG model (from clv fit FILE --model sbg)"
                                    : "fit it with clv fit --model sbg, or value it with clv value --model SBG.json "
                                      "(predict, rank, project, segment, report and diagnose take it too)");
      }
      if (kind == TableKind::cohort_table) {
        throw wrong_kind(table, "fit it with clv fit --model sbg, or check an sBG model against one cohort with clv "
                                "diagnose --model SBG.json --cohort NAME; to value customers, give one row per "
                                "customer (customer_id, tenure, churned)");
      }
      if (kind == TableKind::transaction_log) {
        throw wrong_kind(table, model == ModelOption::absent  ? "add --model, or summarise it with clv rfm"
                                : model == ModelOption::given ? "give it as FILE with --model (it is forecast), not here"
                                                              : "summarise it with clv rfm, or value it with clv value "
                                                                "--model");
      }
      if (summary) {
        throw wrong_kind(table, model == ModelOption::absent
                                    ? "add --model MODEL.json (from clv fit) to forecast its customers"
                                : model == ModelOption::given
                                    ? "give it as FILE with --model (it is forecast), not here"
                                    : "fit a model to it with clv fit, or value it with clv value --model");
      }
      if (kind == TableKind::values) {
        throw wrong_kind(table, "rank it with clv rank --values");
      }
      return;
    case Use::summary_or_log:
      if (customers) {
        throw wrong_kind(table, "clv value, project, rank and report read it as it is, without --model");
      }
      if (kind == TableKind::values) {
        throw wrong_kind(table, "rank it with clv rank --values");
      }
      return;
    case Use::log:
      if (summary) {
        throw wrong_kind(table, "it is summarised already; give it to clv fit, predict or at-risk");
      }
      if (customers) {
        throw wrong_kind(table, "clv rfm summarises transaction logs; value it with clv value");
      }
      if (kind == TableKind::values) {
        throw wrong_kind(table, "rank it with clv rank --values");
      }
      return;
    case Use::values:
      if (customers) {
        throw wrong_kind(table, "rank it without --values (clv rank FILE)");
      }
      if (summary || kind == TableKind::transaction_log) {
        throw wrong_kind(table, "rank it with clv rank FILE --model MODEL.json, or forecast values with clv "
                                "predict and rank those");
      }
      return;
  }
}

CustomerSet read_customer_records(const TableOptions& options, const ProblemSink* sink, ModelOption model) {
  OpenedTable opened = open_table(options);
  const bool json = opened.kind == TableKind::json_customers;
  OpenedTable table = json_table(std::move(opened), options, JsonTables::with_summary);
  require_kind(table, Use::customers, model);
  refuse_foreign_mappings(options, k_customer_fields, TableKind::customers);
  io::ReadOptions read;
  read.csv = table.csv;
  read.columns = options.columns;
  read.expected_bytes = table.file->size_hint();
  // clv's JSON table (`clv value -f json`) is read as the CSV it was turned into, whatever its name.
  read.format = table.kind == TableKind::json_customers ? io::InputFormat::json
                : json                                  ? io::InputFormat::csv
                                                        : io::InputFormat::automatic;
  return io::read_customers(*table.input, read, sink);
}

std::vector<Field> mappable_fields(Use use) {
  std::array<bool, io::k_field_count> mappable{};
  const auto add = [&](std::span<const Field> kind) {
    for (const Field field : kind) {
      mappable[static_cast<std::size_t>(field)] = true;
    }
  };
  switch (use) {
    case Use::customers: add(k_customer_fields); break;
    case Use::summary_or_log:
      add(k_summary_fields);
      add(k_log_fields);
      break;
    case Use::log: add(k_log_fields); break;
    case Use::values: add(k_value_fields); break;
  }
  std::vector<Field> fields;
  for (std::size_t i = 0; i < io::k_field_count; ++i) {
    if (mappable[i]) {
      fields.push_back(static_cast<Field>(i));
    }
  }
  return fields;
}

bool is_log_table(const OpenedTable& table, const LogReading& log) noexcept {
  return log.is_log || table.kind == TableKind::transaction_log;
}

RfmOptions log_options(const TableOptions& options, const LogReading& log, TimeUnit unit) {
  RfmOptions rfm = log.rfm;
  rfm.unit = unit;
  rfm.log.decimal = options.decimal;
  for (const io::ColumnMapping& mapping : options.columns.mappings) {
    io::ColumnChoice choice;
    choice.name = mapping.header;
    choice.position = mapping.position;
    switch (mapping.field) {
      case Field::customer_id: rfm.log.id_column = choice; break;
      case Field::date: rfm.log.date_column = choice; break;
      case Field::amount: rfm.log.amount_column = choice; break;
      case Field::quantity: rfm.log.quantity_column = choice; break;
      case Field::price: rfm.log.price_column = choice; break;
      default:
        throw usage_error(fmt::format("--column {}: a transaction log has no {} (its fields: customer_id, date, "
                                      "amount)",
                                      io::field_name(mapping.field), io::field_name(mapping.field)));
    }
  }
  if (!options.columns.keep.empty()) {
    throw usage_error("--keep copies columns of customer files, summaries and value lists; a transaction log has "
                      "one row per purchase, not per customer");
  }
  if (options.delimiter) {
    rfm.log.format = io::LogFormat::delimited;
    rfm.log.delimiter = *options.delimiter;
  } else if (rfm.log.format == io::LogFormat::automatic &&
             (ends_with(options.path, ".tsv") || ends_with(options.path, ".tsv.gz"))) {
    rfm.log.format = io::LogFormat::delimited;
    rfm.log.delimiter = '\t';
  }
  return rfm;
}

RfmResult summarise_log_table(const TableOptions& options, const LogReading& log, TimeUnit unit) {
  const RfmOptions rfm = log_options(options, log, unit);
  if (log.is_log) {
    const auto source = io::open_input(options.path);
    return summarise_with_report(*source, rfm);
  }
  OpenedTable table = json_table(open_table(options), options);
  require_kind(table, Use::log);
  return summarise_with_report(*table.input, rfm);
}

TimeUnit log_unit(std::optional<TimeUnit> requested_unit, const std::optional<ModelUnit>& model) {
  if (requested_unit) {
    return *requested_unit;
  }
  if (!model) {
    return TimeUnit::days;
  }
  if (!model->unit) {
    throw usage_error(fmt::format("{}: the model's time unit is unknown (it was fitted on a summary that did not say): "
                                  "give --unit, the unit it was fitted in, to summarise the log",
                                  model->model_name));
  }
  return *model->unit;
}

SummaryInput read_summary_or_log(const TableOptions& options, const LogReading& log,
                                 std::optional<TimeUnit> requested_unit, const std::optional<ModelUnit>& model) {
  SummaryInput result;
  if (log.is_log) {
    RfmResult summarised = summarise_log_table(options, log, log_unit(requested_unit, model));
    result.summary = std::move(summarised.summary);
    result.log = std::move(summarised.report);
    result.source = options.path.empty() || options.path == "-" ? io::k_stdin_name : options.path;
    return result;
  }
  return read_summary_or_log(open_table(options), options, log, requested_unit, model);
}

SummaryInput read_summary_or_log(OpenedTable opened, const TableOptions& options, const LogReading& log,
                                 std::optional<TimeUnit> requested_unit, const std::optional<ModelUnit>& model) {
  SummaryInput result;
  OpenedTable table = json_table(std::move(opened), options);
  result.source = table.name;
  require_kind(table, Use::summary_or_log);
  if (is_log_table(table, log)) {
    RfmResult summarised =
        summarise_with_report(*table.input, log_options(options, log, log_unit(requested_unit, model)));
    result.summary = std::move(summarised.summary);
    result.log = std::move(summarised.report);
    return result;
  }
  refuse_foreign_mappings(options, k_summary_fields, TableKind::summary);
  if (requested_unit && table.stated_unit && requested_unit != table.stated_unit) {
    throw usage_error(fmt::format("{} is in {} (its summary says so), not in {} (--unit)", table.name,
                                  time_unit_name(*table.stated_unit), time_unit_name(*requested_unit)));
  }
  if (model && model->unit && table.stated_unit && model->unit != table.stated_unit) {
    throw usage_error(fmt::format("{} is in {} (its summary says so), the model {} in {}", table.name,
                                  time_unit_name(*table.stated_unit), model->model_name,
                                  time_unit_name(*model->unit)));
  }
  result.summary = io::read_summary(*table.input, table.csv, options.columns);
  result.summary.unit = requested_unit ? requested_unit : table.stated_unit;
  return result;
}

io::RankInputs read_value_list(const TableOptions& options) {
  OpenedTable table = json_table(open_table(options), options);
  require_kind(table, Use::values);
  refuse_foreign_mappings(options, k_value_fields, TableKind::values);
  return io::read_rank_inputs(*table.input, table.csv, options.columns);
}

}  // namespace clv::input
