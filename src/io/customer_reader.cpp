#include "clv/io/customer_reader.hpp"

#include "clv/error.hpp"
#include "clv/io/header.hpp"
#include "clv/io/json_depth.hpp"
#include "clv/io/json_errors.hpp"
#include "clv/io/number.hpp"
#include "clv/io/text_width.hpp"
#include "clv/pipeline.hpp"
#include "../id_index.hpp"
#include "json_parse.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <optional>
#include <span>

namespace clv::io {

namespace {

// ---------------------------------------------------------------------------------------------
// Fields shared by both formats.

enum class Field {
  id, name, referred_by, transactions, average_purchase, acquisition_cost, service_cost,
  referral_net_income, year, base_sales, new_sales, cost, referral_sales, count_
};

constexpr std::array<const char*, static_cast<std::size_t>(Field::count_)> k_field_names{
    "id", "name", "referred_by", "transactions", "average_purchase", "acquisition_cost", "service_cost",
    "referral_net_income", "year", "base_sales", "new_sales", "cost", "referral_sales"};

const char* field_name(Field field) { return k_field_names[static_cast<std::size_t>(field)]; }

// The same fields in the shared vocabulary (clv/io/header.hpp), in the order of Field.
constexpr std::array<io::Field, static_cast<std::size_t>(Field::count_)> k_customer_fields{
    io::Field::customer_id, io::Field::name, io::Field::referred_by, io::Field::transactions,
    io::Field::average_purchase, io::Field::acquisition_cost, io::Field::service_cost,
    io::Field::referral_net_income, io::Field::year, io::Field::base_sales, io::Field::new_sales, io::Field::cost,
    io::Field::referral_sales};

std::optional<Field> find_field(std::string_view name) {
  for (std::size_t i = 0; i < k_field_names.size(); ++i) {
    if (name == k_field_names[i]) {
      return static_cast<Field>(i);
    }
  }
  return std::nullopt;
}

bool may_be_negative(Field field) { return field == Field::referral_net_income; }

bool is_year_field(Field field) {
  return field == Field::base_sales || field == Field::new_sales || field == Field::cost ||
         field == Field::referral_sales;
}

std::string known_fields(bool with_years) {
  std::string list;
  for (std::size_t i = 0; i < k_field_names.size(); ++i) {
    const auto field = static_cast<Field>(i);
    if (!with_years && (field == Field::year || is_year_field(field))) {
      continue;
    }
    list += list.empty() ? "" : ", ";
    list += k_field_names[i];
  }
  return list;
}

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Checks a number read for `field`; returns a message or nothing.
std::optional<std::string> number_problem(Field field, double value) {
  if (!std::isfinite(value)) {
    return "is not a finite number";
  }
  if (value < 0 && !may_be_negative(field)) {
    return "must not be negative";
  }
  return std::nullopt;
}

// Customer-level formula inputs as one place to set them.
void set_customer_number(Customer& customer, Field field, double value) {
  switch (field) {
    case Field::transactions: customer.transactions = value; break;
    case Field::average_purchase: customer.average_purchase = value; break;
    case Field::acquisition_cost: customer.acquisition_cost = value; break;
    case Field::service_cost: customer.service_cost = value; break;
    case Field::referral_net_income: customer.referral_net_income = value; break;
    default: break;
  }
}

std::optional<double> customer_number(const Customer& customer, Field field) {
  switch (field) {
    case Field::transactions: return customer.transactions;
    case Field::average_purchase: return customer.average_purchase;
    case Field::acquisition_cost: return customer.acquisition_cost;
    case Field::service_cost: return customer.service_cost == 0.0 ? std::nullopt : std::optional(customer.service_cost);
    case Field::referral_net_income: return customer.referral_net_income;
    default: return std::nullopt;
  }
}

void set_year_number(LedgerYear& year, Field field, double value) {
  switch (field) {
    case Field::base_sales: year.base_sales = value; break;
    case Field::new_sales: year.new_sales = value; break;
    case Field::cost: year.cost = value; break;
    case Field::referral_sales: year.referral_sales = value; break;
    default: break;
  }
}

// The kind check every customer passes once read; `where` locates the customer.
void check_customer(const Customer& customer, const Location& where, const ProblemSink* sink) {
  auto at = [&where](const char* field) {
    Location location = where;
    location.field = field;
    return location;
  };
  if (has_ledger(customer)) {
    if (has_formula_inputs(customer)) {
      report_problem(sink, data_error(fmt::format("customer '{}' has both a ledger and formula inputs; give one "
                                                  "or the other",
                                                  customer.id),
                                      at("transactions")));
    }
    return;
  }
  if (!customer.transactions) {
    report_problem(sink, data_error(fmt::format("customer '{}' needs transactions and average_purchase, or a "
                                                "ledger (years)",
                                                customer.id),
                                    at("transactions")));
  } else if (!customer.average_purchase) {
    report_problem(sink, data_error(fmt::format("customer '{}' needs average_purchase", customer.id),
                                    at("average_purchase")));
  }
}


// ---------------------------------------------------------------------------------------------
// CSV

class CsvCustomerReader {
 public:
  CsvCustomerReader(InputSource& source, const CsvOptions& options, const ColumnOptions& columns,
                    const ProblemSink* sink, std::size_t expected_records)
      : m_reader(source, options), m_sink(sink), m_columns_options(columns) {
    m_set.source = source.name();
    reserve(expected_records);
  }

  CustomerSet read() {
    CsvRecord record;
    if (!m_reader.next(record)) {
      report_problem(m_sink, data_error("empty input: expected a header row naming the columns", Location{file()}));
      return std::move(m_set);
    }
    if (!read_header(record)) {
      return std::move(m_set);
    }
    if (m_ledger) {
      while (m_reader.next(record)) {
        read_ledger_row(record);
      }
    } else {
      read_formula_rows();
    }
    if (m_set.customers.empty()) {
      report_problem(m_sink, data_error("no customers: the file has a header but no rows", Location{file()}));
    }
    for (std::size_t i = 0; i < m_set.customers.size(); ++i) {
      Customer& customer = m_set.customers[i];
      std::sort(customer.years.begin(), customer.years.end(),
                [](const LedgerYear& a, const LedgerYear& b) { return a.year < b.year; });
      check_customer(customer, Location{file(), m_first_line[i], 0, ""}, m_sink);
    }
    return std::move(m_set);
  }

 private:
  // A row of a formula file (one row per customer), checked on its own: everything but whether
  // its id is new. Problems are kept, not reported, in the order a reader on one thread meets
  // them: `early` ones (the row is unusable) come before the duplicate-id check, `late` ones
  // (in the fields) after it.
  struct FormulaRow {
    Customer customer;
    std::size_t id_hash = 0;  // computed on the reading thread
    std::size_t line = 0;
    std::size_t id_column = 0;
    std::vector<Error> early;
    std::vector<Error> late;
    std::vector<std::string> kept;  // --keep columns, in their order
  };

  // Room for the customers a file of this size may hold, reserved once: growing a vector of a
  // million customers would copy them at one and a half times the memory. Reserved pages are
  // touched only as customers arrive, so a file of blank lines costs nothing; the id index, which
  // is filled at once, grows with the customers instead.
  void reserve(std::size_t file_bytes) {
    if (file_bytes == 0) {
      return;
    }
    try {
      m_set.customers.reserve(file_bytes / 16);
      m_first_line.reserve(file_bytes / 16);
    } catch (const std::bad_alloc&) {
      m_set.customers.shrink_to_fit();  // a huge file: grow as it comes
    }
  }

  // Splitting and parsing rows and indexing the customers take about the same time, so they
  // run on two threads (clv/pipeline.hpp). Problems are reported (to the sink, or thrown) only
  // on this thread, in file order.
  void read_formula_rows() {
    CsvRecord record;
    run_pipeline<FormulaRow>(
        [&](FormulaRow& row) {
          if (!m_reader.next(record)) {
            return false;
          }
          parse_formula_row(record, row);
          return true;
        },
        [&](std::span<FormulaRow> rows) {
          // The index is far bigger than the caches: load the slots of the rows ahead.
          constexpr std::size_t k_prefetch_ahead = 8;
          for (std::size_t i = 0; i < rows.size(); ++i) {
            if (i + k_prefetch_ahead < rows.size()) {
              m_index.prefetch(rows[i + k_prefetch_ahead].id_hash);
            }
            add_formula_row(rows[i]);
          }
        });
  }

  // The reading thread's part: reads only the record and the header's columns.
  void parse_formula_row(const CsvRecord& record, FormulaRow& row) const {
    row.line = record.line;
    row.early.clear();
    row.late.clear();
    const auto early = [&](std::size_t column, std::string_view field, const std::string& message) {
      row.early.push_back(data_error(message, Location{file(), record.line, column, std::string(field)}));
    };
    const auto id = row_id(record, early);
    if (!id) {
      return;
    }
    row.id_column = id->column;
    row.id_hash = detail::IdIndex::hash(id->text);
    row.customer = Customer{};
    row.customer.id = std::string(id->text);
    const auto late = [&](std::size_t column, std::string_view field, const std::string& message) {
      row.late.push_back(data_error(message, Location{file(), record.line, column, std::string(field)}));
    };
    read_fields(record, row.customer, nullptr, CustomerOrigin::this_row, 0, late);
    row.kept.clear();
    for (const std::size_t c : m_kept) {
      row.kept.emplace_back(record.fields[c]);
    }
  }

  // The calling thread's part: reports the row's problems in order and keeps a new customer.
  void add_formula_row(FormulaRow& row) {
    for (const Error& error : row.early) {
      report_problem(m_sink, error);
    }
    if (!row.early.empty()) {
      return;
    }
    const auto id_of = [this](std::uint32_t position) -> std::string_view { return m_set.customers[position].id; };
    const std::uint32_t first = m_index.find(row.customer.id, row.id_hash, id_of);
    if (first != detail::IdIndex::k_missing) {
      problem(row.line, row.id_column, "id",
              fmt::format("duplicate id (first on line {}) '{}'", m_first_line[first], row.customer.id));
    }
    for (const Error& error : row.late) {
      report_problem(m_sink, error);
    }
    if (first != detail::IdIndex::k_missing) {
      return;
    }
    const auto position = static_cast<std::uint32_t>(m_set.customers.size());
    m_set.customers.push_back(std::move(row.customer));
    for (std::string& value : row.kept) {
      m_set.kept.values.push_back(std::move(value));
    }
    (void)m_index.insert(m_set.customers.back().id, row.id_hash, position, id_of);
    m_first_line.push_back(row.line);
  }

  const std::string& file() const { return m_set.source; }

  void problem(std::size_t line, std::size_t column, std::string_view field, const std::string& message) {
    report_problem(m_sink, data_error(message, Location{file(), line, column, std::string(field)}));
  }

  // Reports to the reader's sink (throws without one).
  auto reporter(std::size_t line) {
    return [this, line](std::size_t column, std::string_view field, const std::string& message) {
      problem(line, column, field, message);
    };
  }

  bool read_header(const CsvRecord& record) {
    // Customer fields by the usual spellings or --column; other columns are carried (--keep)
    // or ignored, except near misses of a field, which are typos.
    const io::HeaderColumns resolved = resolve_header(record, k_customer_fields, m_columns_options, file());
    refuse_near_misses(record, resolved, k_customer_fields, file());
    bool usable = true;
    m_columns.assign(record.fields.size(), std::nullopt);
    for (std::size_t i = 0; i < k_field_names.size(); ++i) {
      const io::Field field = k_customer_fields[i];
      if (resolved.has(field)) {
        m_columns[resolved.at(field)] = static_cast<Field>(i);
      }
    }
    m_kept = resolved.kept;
    m_set.kept.names = resolved.kept_names;
    auto has = [this](Field field) { return std::find(m_columns.begin(), m_columns.end(), field) != m_columns.end(); };
    m_ledger = has(Field::year);
    std::vector<Field> required{Field::id};
    if (!m_ledger) {
      required.push_back(Field::transactions);
      required.push_back(Field::average_purchase);
    }
    for (const Field field : required) {
      if (!has(field)) {
        const std::string canonical(io::field_name(k_customer_fields[static_cast<std::size_t>(field)]));
        problem(record.line, 0, field_name(field),
                fmt::format("missing required column{} (columns: {}; map one with --column {}=HEADER)",
                            m_ledger || field == Field::id ? "" : " (or give a `year` column for ledgers)",
                            list_headers(record), canonical) +
                    delimiter_hint(record, m_reader.options()));
        usable = false;
      }
    }
    if (!m_ledger) {
      for (std::size_t c = 0; c < m_columns.size(); ++c) {
        if (m_columns[c] && is_year_field(*m_columns[c])) {
          problem(record.line, record.columns[c], field_name(*m_columns[c]),
                  "ledger column without a `year` column");
        }
      }
    }
    return usable;
  }

  struct RowId {
    std::string_view text;
    std::size_t column = 0;
  };

  // The row's id, after checking the field count and the id; nothing (and a report) if the row
  // cannot be used.
  template <class Report>
  std::optional<RowId> row_id(const CsvRecord& record, const Report& report) const {
    if (const auto error = row_width_error(record, m_columns.size(), file())) {
      report(0, "", error->message());
      return std::nullopt;
    }
    const std::size_t id_column = column_index(Field::id);
    const std::string_view id = record.fields[id_column];
    if (id.empty()) {
      report(record.columns[id_column], "id", "is empty ''");
      return std::nullopt;
    }
    if (!is_valid_utf8(id)) {
      report(record.columns[id_column], "id", "is not valid UTF-8");
      return std::nullopt;
    }
    return RowId{id, record.columns[id_column]};
  }

  // A row of a ledger file (one row per customer-year; rows of a customer merge).
  void read_ledger_row(const CsvRecord& record) {
    const auto report = reporter(record.line);
    std::optional<int> year;
    bool year_ok = true;
    if (record.fields.size() == m_columns.size()) {
      const std::size_t c = column_index(Field::year);
      if (!record.fields[c].empty()) {
        const ParsedCount parsed = parse_count(record.fields[c], m_reader.decimal_mark());
        if (parsed.problem != NumberProblem::none || parsed.value < 1 || parsed.value > 1000000) {
          const std::string reason =
              parsed.problem != NumberProblem::none ? describe(parsed.problem) : std::string("must be 1 or later");
          report(record.columns[c], "year", fmt::format("{} '{}'", reason, record.fields[c]));
          year_ok = false;
        } else {
          year = static_cast<int>(parsed.value);
        }
      }
    }
    const auto id = row_id(record, report);
    if (!id) {
      return;
    }
    const auto id_of = [this](std::uint32_t position) -> std::string_view { return m_set.customers[position].id; };
    std::uint32_t index = m_index.find(id->text, id_of);
    CustomerOrigin origin = CustomerOrigin::earlier_row;
    if (index == detail::IdIndex::k_missing) {
      index = static_cast<std::uint32_t>(m_set.customers.size());
      m_set.customers.emplace_back().id = std::string(id->text);
      for (const std::size_t c : m_kept) {
        m_set.kept.values.emplace_back(record.fields[c]);
      }
      (void)m_index.insert(m_set.customers.back().id, index, id_of);
      m_first_line.push_back(record.line);
      origin = CustomerOrigin::this_row;
    } else {
      // A ledger repeats the customer on every row: a kept column (a segment) holds one value
      // per customer, so a row may leave it empty but not give another.
      for (std::size_t k = 0; k < m_kept.size(); ++k) {
        const std::size_t c = m_kept[k];
        std::string& kept = m_set.kept.values[static_cast<std::size_t>(index) * m_kept.size() + k];
        if (c >= record.fields.size() || record.fields[c].empty() || record.fields[c] == kept) {
          continue;
        }
        if (kept.empty()) {
          kept = std::string(record.fields[c]);
          continue;
        }
        report(record.columns[c], m_set.kept.names[k],
               fmt::format("customer '{}' is in '{}' here but in '{}' on an earlier row (line {}); a kept or segment "
                           "column holds one value per customer",
                           id->text, record.fields[c], kept, m_first_line[index]));
        return;
      }
    }
    Customer& customer = m_set.customers[index];
    LedgerYear* ledger_year = nullptr;
    if (year && year_ok) {
      for (const LedgerYear& existing : customer.years) {
        if (existing.year == *year) {
          report(record.columns[column_index(Field::year)], "year",
                 fmt::format("year appears twice for customer '{}' '{}'", id->text, *year));
          return;
        }
      }
      ledger_year = &customer.years.emplace_back();
      ledger_year->year = *year;
    }
    read_fields(record, customer, year_ok ? ledger_year : nullptr, origin, m_first_line[index], report,
                year_ok ? YearStatus::valid : YearStatus::invalid);
  }

  enum class CustomerOrigin { this_row, earlier_row };  // earlier: fields must agree with it
  enum class YearStatus { valid, invalid };             // invalid: already reported

  // Reads the row's fields other than id and year into `customer` (and `ledger_year`, the
  // row's year, if any). `first_line` is where an earlier row of the customer is.
  template <class Report>
  void read_fields(const CsvRecord& record, Customer& customer, LedgerYear* ledger_year, CustomerOrigin origin,
                   std::size_t first_line, const Report& report, YearStatus year_status = YearStatus::valid) const {
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
      if (!m_columns[c] || *m_columns[c] == Field::id || *m_columns[c] == Field::year) {
        continue;
      }
      const Field field = *m_columns[c];
      const std::string_view text = record.fields[c];
      if (text.empty()) {
        continue;  // absent
      }
      if (field == Field::name || field == Field::referred_by) {
        auto& slot = field == Field::name ? customer.name : customer.referred_by;
        if (!is_valid_utf8(text)) {
          report(record.columns[c], field_name(field), "is not valid UTF-8");
        } else if (slot && *slot != text) {
          report(record.columns[c], field_name(field),
                 fmt::format("differs from line {} for customer '{}' '{}'", first_line, customer.id, text));
        } else {
          slot = std::string(text);
        }
        continue;
      }
      const ParsedNumber parsed = parse_number(text, m_reader.decimal_mark());
      if (parsed.problem != NumberProblem::none) {
        report(record.columns[c], field_name(field), fmt::format("{} '{}'", describe(parsed.problem), text));
        continue;
      }
      if (const auto reason = number_problem(field, parsed.value)) {
        report(record.columns[c], field_name(field), fmt::format("{} '{}'", *reason, text));
        continue;
      }
      if (is_year_field(field)) {
        if (ledger_year == nullptr) {
          if (year_status == YearStatus::valid) {
            report(record.columns[c], field_name(field), fmt::format("a ledger value needs a year on its row '{}'", text));
          }
          continue;
        }
        set_year_number(*ledger_year, field, parsed.value);
        continue;
      }
      const auto existing = customer_number(customer, field);
      if (origin == CustomerOrigin::earlier_row && existing && *existing != parsed.value) {
        report(record.columns[c], field_name(field),
               fmt::format("differs from line {} for customer '{}' '{}'", first_line, customer.id, text));
        continue;
      }
      set_customer_number(customer, field, parsed.value);
    }
  }

  // The index of `field`'s column; the header check makes sure id (and year in ledgers) exist.
  std::size_t column_index(Field field) const {
    return static_cast<std::size_t>(std::find(m_columns.begin(), m_columns.end(), field) - m_columns.begin());
  }

  CsvReader m_reader;
  const ProblemSink* m_sink;
  CustomerSet m_set;
  ColumnOptions m_columns_options;
  std::vector<std::optional<Field>> m_columns;
  std::vector<std::size_t> m_kept;  // columns carried through (--keep)
  bool m_ledger = false;
  detail::IdIndex m_index;
  std::vector<std::size_t> m_first_line;  // of each customer
};

// ---------------------------------------------------------------------------------------------
// JSON

using Json = nlohmann::json;

class JsonCustomerReader {
 public:
  JsonCustomerReader(std::string file, const ProblemSink* sink) : m_sink(sink) { m_set.source = std::move(file); }

  CustomerSet read(const std::string& text) {
    if (const auto deep = find_excess_nesting(text)) {
      report_problem(m_sink, data_error(fmt::format("nested more than {} levels deep", k_max_json_depth),
                                        Location{file(), deep->line, deep->column, "json"}));
      return std::move(m_set);
    }
    std::optional<ParsedJson<Json>> parsed;  // out of memory: bad_alloc, never terminate
    try {
      parsed.emplace(text);
    } catch (const Json::parse_error& error) {
      syntax_problem(text, error);
      return std::move(m_set);
    } catch (const Json::out_of_range& error) {
      // A number beyond double's range (1e400): nlohmann reports it without a position.
      range_problem(text, error);
      return std::move(m_set);
    } catch (const JsonKeyRefused& error) {
      // A top-level array of customers is named as {"customers": [...]} is.
      const std::string field =
          error.field().starts_with('[') ? fmt::format("customers{}", error.field()) : error.field();
      const TextPosition at = json_error_position(text, error.byte());
      report_problem(m_sink, data_error(error.what(), Location{file(), at.line, at.column, field}));
      return std::move(m_set);
    }
    Json& document = parsed->document();
    const Json* customers = &document;
    if (document.is_object()) {
      customers = nullptr;
      for (const auto& [key, value] : document.items()) {
        if (key == "customers") {
          customers = &value;
        } else if (key == "currency") {
          if (value.is_string()) {
            m_set.currency = value.get<std::string>();
          } else if (!value.is_null()) {
            problem("currency", fmt::format("must be a string '{}'", value.dump()));
          }
        } else if (key == "description") {
          if (!value.is_string()) {
            problem("description", fmt::format("must be a string '{}'", shorten(value.dump())));
          }
        } else {
          problem(key, fmt::format("unknown key (known: customers, currency, description) '{}'", key));
        }
      }
      if (customers == nullptr) {
        problem("customers", "missing: expected {\"customers\": [...]} or a top-level array");
        return std::move(m_set);
      }
    }
    if (!customers->is_array()) {
      problem("customers", fmt::format("must be an array of customer objects '{}'", shorten(customers->dump())));
      return std::move(m_set);
    }
    if (customers->empty()) {
      problem("customers", "no customers '[]'");
    }
    m_set.customers.reserve(customers->size());
    for (std::size_t i = 0; i < customers->size(); ++i) {
      read_customer((*customers)[i], i);
    }
    for (std::size_t i = 0; i < m_set.customers.size(); ++i) {
      Customer& customer = m_set.customers[i];
      std::sort(customer.years.begin(), customer.years.end(),
                [](const LedgerYear& a, const LedgerYear& b) { return a.year < b.year; });
      check_customer(customer, Location{file(), 0, 0, ""}, nullptr_sink_adapter(m_positions[i]));
    }
    return std::move(m_set);
  }

 private:
  const std::string& file() const { return m_set.source; }

  // check_customer names the field only; prefix the path of the customer for JSON.
  const ProblemSink* nullptr_sink_adapter(std::size_t position) {
    m_adapter = [this, position](const Error& error) {
      problem(fmt::format("customers[{}].{}", position, error.where().field), error.message());
    };
    return &m_adapter;
  }

  static std::string shorten(std::string text) {
    if (text.size() > 40) {
      text.resize(37);
      text += "...";
    }
    return text;
  }

  void problem(const std::string& field, const std::string& message) {
    report_problem(m_sink, data_error(message, Location{file(), 0, 0, field}));
  }

  // The message names the number ("number overflow parsing '1e400'"); its first occurrence in
  // the text gives the line and column.
  void range_problem(const std::string& text, const Json::out_of_range& error) {
    const std::string message = error.what();
    const std::size_t open = message.find('\'');
    const std::size_t close = message.rfind('\'');
    std::string token;
    if (open != std::string::npos && close > open) {
      token = message.substr(open + 1, close - open - 1);
    }
    std::size_t offset = token.empty() ? std::string::npos : text.find(token);
    std::size_t line = 0;
    std::size_t column = 0;
    if (offset != std::string::npos) {
      line = 1;
      column = 1;
      for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
          ++line;
          column = 1;
        } else {
          ++column;
        }
      }
    }
    report_problem(m_sink, data_error(fmt::format("number is out of range '{}'", token),
                                      Location{file(), line, column, "json"}));
  }

  void syntax_problem(const std::string& text, const Json::parse_error& error) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      report_problem(m_sink, data_error("empty input: expected a JSON array of customers", Location{file(), 0, 0, "json"}));
      return;
    }
    const TextPosition at = json_error_position(text, error.byte);
    report_problem(m_sink, data_error(json_error_message(error.what()), Location{file(), at.line, at.column, "json"}));
  }

  std::optional<double> number(const Json& value, const std::string& path, Field field, std::string_view id) {
    if (value.is_null()) {
      return std::nullopt;
    }
    if (!value.is_number()) {
      problem(path, fmt::format("customer '{}': must be a number '{}'", id, shorten(value.dump())));
      return std::nullopt;
    }
    const double number = value.get<double>();
    if (const auto reason = number_problem(field, number)) {
      problem(path, fmt::format("customer '{}': {} '{}'", id, *reason, value.dump()));
      return std::nullopt;
    }
    return number == 0.0 ? 0.0 : number;
  }

  std::optional<std::string> text(const Json& value, const std::string& path, std::string_view id) {
    if (value.is_null()) {
      return std::nullopt;
    }
    if (value.is_string()) {
      return value.get<std::string>();
    }
    if (value.is_number_integer()) {
      return value.dump();  // ids written as numbers
    }
    problem(path, fmt::format("customer '{}': must be a string '{}'", id, shorten(value.dump())));
    return std::nullopt;
  }

  void read_customer(const Json& object, std::size_t position) {
    const std::string prefix = fmt::format("customers[{}]", position);
    if (!object.is_object()) {
      problem(prefix, fmt::format("must be an object '{}'", shorten(object.dump())));
      return;
    }
    Customer customer;
    const auto id_it = object.find("id");
    if (id_it == object.end() || id_it->is_null()) {
      problem(prefix + ".id", "missing ''");
      return;
    }
    if (auto id = text(*id_it, prefix + ".id", "?")) {
      customer.id = std::move(*id);
    } else {
      return;
    }
    if (customer.id.empty()) {
      problem(prefix + ".id", "is empty ''");
      return;
    }
    for (const auto& [key, value] : object.items()) {
      const std::string path = prefix + "." + key;
      if (key == "years") {
        read_years(value, path, customer);
        continue;
      }
      const auto field = find_field(key);
      if (!field || *field == Field::year || is_year_field(*field)) {
        problem(path, fmt::format("customer '{}': unknown key (known: {}, years) '{}'", customer.id,
                                  known_fields(false), key));
        continue;
      }
      if (*field == Field::id) {
        continue;
      }
      if (*field == Field::name) {
        customer.name = text(value, path, customer.id);
      } else if (*field == Field::referred_by) {
        customer.referred_by = text(value, path, customer.id);
      } else if (const auto amount = number(value, path, *field, customer.id)) {
        set_customer_number(customer, *field, *amount);
      }
    }
    const auto id_of = [this](std::uint32_t at) -> std::string_view { return m_set.customers[at].id; };
    if (const std::uint32_t first = m_index.find(customer.id, id_of); first != detail::IdIndex::k_missing) {
      problem(prefix + ".id", fmt::format("duplicate id (also customers[{}]) '{}'", m_positions[first], customer.id));
      return;
    }
    const auto at = static_cast<std::uint32_t>(m_set.customers.size());
    m_set.customers.push_back(std::move(customer));
    (void)m_index.insert(m_set.customers.back().id, at, id_of);
    m_positions.push_back(position);
  }

  void read_years(const Json& years, const std::string& path, Customer& customer) {
    if (!years.is_array()) {
      problem(path, fmt::format("customer '{}': must be an array of years '{}'", customer.id, shorten(years.dump())));
      return;
    }
    for (std::size_t k = 0; k < years.size(); ++k) {
      const Json& entry = years[k];
      const std::string entry_path = fmt::format("{}[{}]", path, k);
      if (!entry.is_object()) {
        problem(entry_path, fmt::format("customer '{}': must be an object '{}'", customer.id, shorten(entry.dump())));
        continue;
      }
      LedgerYear year;
      bool ok = true;
      const auto year_it = entry.find("year");
      if (year_it == entry.end() || !year_it->is_number() || year_it->get<double>() != std::floor(year_it->get<double>()) ||
          year_it->get<double>() < 1 || year_it->get<double>() > 1000000) {
        problem(entry_path + ".year", fmt::format("customer '{}': must be a whole number, 1 or later '{}'", customer.id,
                                                  year_it == entry.end() ? std::string() : year_it->dump()));
        ok = false;
      } else {
        year.year = static_cast<int>(year_it->get<double>());
        for (const LedgerYear& existing : customer.years) {
          if (existing.year == year.year) {
            problem(entry_path + ".year",
                    fmt::format("customer '{}': year appears twice '{}'", customer.id, year.year));
            ok = false;
          }
        }
      }
      for (const auto& [key, value] : entry.items()) {
        if (key == "year") {
          continue;
        }
        const auto field = find_field(key);
        if (!field || !is_year_field(*field)) {
          problem(entry_path + "." + key,
                  fmt::format("customer '{}': unknown key (known: year, base_sales, new_sales, cost, "
                              "referral_sales) '{}'",
                              customer.id, key));
          continue;
        }
        if (const auto amount = number(value, entry_path + "." + key, *field, customer.id)) {
          set_year_number(year, *field, *amount);
        }
      }
      if (ok) {
        customer.years.push_back(year);
      }
    }
  }

  const ProblemSink* m_sink;
  CustomerSet m_set;
  detail::IdIndex m_index;
  std::vector<std::size_t> m_positions;  // index in the JSON array of each customer read
  ProblemSink m_adapter;
};

}  // namespace

CustomerSet read_customers(InputSource& source, const ReadOptions& options, const ProblemSink* sink) {
  InputFormat format = options.format;
  const std::string& name = source.name();
  if (format == InputFormat::automatic) {
    if (ends_with(name, ".json") || ends_with(name, ".json.gz")) {
      format = InputFormat::json;
    } else if (ends_with(name, ".csv") || ends_with(name, ".tsv") || ends_with(name, ".csv.gz") ||
               ends_with(name, ".tsv.gz") || ends_with(name, ".txt")) {
      format = InputFormat::csv;
    }
  }
  if (format == InputFormat::json && !options.columns.keep.empty()) {
    if (options.columns.keep_purpose == KeepPurpose::group_by) {
      throw usage_error(fmt::format("--by: a JSON customer file has no column '{}' to group by; give the customers "
                                    "as CSV with that column",
                                    options.columns.keep.front()));
    }
    throw usage_error("--keep copies columns of a CSV table; a JSON customer file has no extra columns");
  }
  if (format == InputFormat::json) {
    std::string text = read_all(source);
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      text.erase(0, 3);
    }
    return JsonCustomerReader(name, sink).read(text);
  }
  if (format == InputFormat::csv) {
    return CsvCustomerReader(source, options.csv, options.columns, sink, options.expected_bytes).read();
  }
  // Sniff: JSON starts with '[' or '{' after blanks (and a BOM).
  std::string prefix;
  char chunk[4096];
  std::size_t got = 0;
  std::size_t first = std::string::npos;
  while ((got = source.read(chunk, sizeof chunk)) > 0) {
    prefix.append(chunk, got);
    std::size_t start = prefix.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    first = prefix.find_first_not_of(" \t\r\n", start);
    if (first != std::string::npos) {
      break;
    }
    // Only blanks so far: keep their line ends (for line numbers), not the blanks themselves
    // past what a line count needs, so memory does not grow with a file of blank lines.
    if (prefix.size() > (std::size_t{1} << 16)) {
      const auto lines = static_cast<std::size_t>(std::count(prefix.begin(), prefix.end(), '\n'));
      prefix.assign(lines, '\n');
      if (prefix.size() > (std::size_t{1} << 24)) {
        throw data_error("no data in the first 16 million lines", Location{name});
      }
    }
  }
  if (first != std::string::npos && (prefix[first] == '[' || prefix[first] == '{')) {
    const auto rest = prefixed_input(std::move(prefix), source);
    std::string text = read_all(*rest);
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      text.erase(0, 3);
    }
    return JsonCustomerReader(name, sink).read(text);
  }
  const auto rest = prefixed_input(std::move(prefix), source);
  return CsvCustomerReader(*rest, options.csv, options.columns, sink, options.expected_bytes).read();
}

}  // namespace clv::io
