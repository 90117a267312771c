#include "clv/io/summary_reader.hpp"

#include "clv/error.hpp"
#include "clv/io/header.hpp"
#include "clv/io/number.hpp"
#include "clv/io/text_width.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <functional>
#include <utility>
#include <vector>

namespace clv::io {

namespace {

// The roles a column can play, in the order of k_role_fields below.
enum Role : std::size_t {
  k_id,
  k_frequency,
  k_recency,
  k_age,
  k_monetary,
  k_weight,
  k_frequency_cal,
  k_recency_cal,
  k_age_cal,
  k_monetary_cal,
  k_frequency_holdout,
  k_monetary_holdout,
  k_duration_holdout,
  k_role_count,
};

constexpr std::array<Field, k_role_count> k_role_fields{
    Field::customer_id,      Field::frequency,         Field::recency,         Field::age,
    Field::monetary_value,   Field::weight,            Field::frequency_cal,   Field::recency_cal,
    Field::age_cal,          Field::monetary_value_cal, Field::frequency_holdout, Field::monetary_value_holdout,
    Field::duration_holdout};

constexpr std::size_t k_absent = k_no_column;

// Which field index holds each role; k_absent when the file has no such column.
struct Layout {
  std::array<std::size_t, k_role_count> index{};
  std::array<std::string, k_role_count> header{};  // the header text as written, for messages
  bool holdout = false;
  std::size_t id = 0, frequency = 0, recency = 0, age = 0;
  std::size_t monetary = k_absent, weight = k_absent;
  std::vector<std::size_t> kept;
  std::vector<std::string> kept_names;
};

Layout parse_header(const CsvRecord& header, const std::string& file, const ColumnOptions& options,
                    const CsvOptions& csv) {
  const HeaderColumns columns = resolve_header(header, k_role_fields, options, file);
  refuse_near_misses(header, columns, k_role_fields, file);
  Layout layout;
  for (std::size_t role = 0; role < k_role_count; ++role) {
    layout.index[role] = columns.at(k_role_fields[role]);
    layout.header[role] = columns.name(k_role_fields[role]);
  }
  layout.kept = columns.kept;
  layout.kept_names = columns.kept_names;
  bool looks_like_log = false;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const auto field = field_of_header(header.fields[i]);
    looks_like_log = looks_like_log || field == Field::date || field == Field::amount;
  }
  layout.holdout = layout.index[k_frequency_cal] != k_absent;
  const std::array<Role, 4> required = layout.holdout
      ? std::array<Role, 4>{k_id, k_frequency_cal, k_recency_cal, k_age_cal}
      : std::array<Role, 4>{k_id, k_frequency, k_recency, k_age};
  for (Role role : required) {
    if (layout.index[role] == k_absent) {
      std::string hint;
      if (looks_like_log) {
        hint = " (this looks like a transaction log: summarise it with `clv rfm` first)";
      } else {
        hint = fmt::format(" (columns: {}; map one with --column {}=HEADER)", list_headers(header),
                           field_name(k_role_fields[role]));
      }
      throw data_error(fmt::format("summary has no '{}' column{}{}", field_name(k_role_fields[role]), hint,
                                   delimiter_hint(header, csv)),
                       Location{file, header.line});
    }
  }
  if (layout.holdout) {
    for (Role role : {k_frequency_holdout, k_duration_holdout}) {
      if (layout.index[role] == k_absent) {
        throw data_error(fmt::format("calibration summary has no '{}' column", field_name(k_role_fields[role])),
                         Location{file, header.line});
      }
    }
    layout.frequency = layout.index[k_frequency_cal];
    layout.recency = layout.index[k_recency_cal];
    layout.age = layout.index[k_age_cal];
    layout.monetary = layout.index[k_monetary_cal];
  } else {
    layout.frequency = layout.index[k_frequency];
    layout.recency = layout.index[k_recency];
    layout.age = layout.index[k_age];
    layout.monetary = layout.index[k_monetary];
  }
  layout.id = layout.index[k_id];
  layout.weight = layout.index[k_weight];
  return layout;
}

class RowParser {
 public:
  RowParser(const std::string& file, const CsvRecord& record, const Layout& layout, DecimalMark decimal)
      : m_file(file), m_record(record), m_layout(layout), m_decimal(decimal) {}

  [[nodiscard]] Location where(std::size_t index) const {
    return Location{m_file, m_record.line, m_record.columns[index], header_of(index)};
  }

  double number(std::size_t index) const {
    const ParsedNumber parsed = parse_number(m_record.fields[index], m_decimal);
    if (parsed.problem != NumberProblem::none) {
      throw data_error(fmt::format("'{}' {}", m_record.fields[index], describe(parsed.problem)), where(index));
    }
    return parsed.value;
  }

  double non_negative(std::size_t index) const {
    const double value = number(index);
    if (value < 0.0) {
      throw data_error(fmt::format("'{}' is negative", m_record.fields[index]), where(index));
    }
    return value;
  }

  double whole(std::size_t index) const {
    const double value = non_negative(index);
    if (value != std::floor(value)) {
      throw data_error(fmt::format("'{}' is not a whole number (frequency counts repeat purchases)",
                                   m_record.fields[index]),
                       where(index));
    }
    return value;
  }

 private:
  [[nodiscard]] std::string header_of(std::size_t index) const {
    for (std::size_t role = 0; role < k_role_count; ++role) {
      if (m_layout.index[role] == index) {
        return m_layout.header[role];
      }
    }
    return {};
  }

  const std::string& m_file;
  const CsvRecord& m_record;
  const Layout& m_layout;
  DecimalMark m_decimal;
};

struct RowPlace {
  std::size_t line;
  std::size_t column;
};

// Open addressing over row indices: a node-based map costs more than the whole parse at a
// million rows. A slot holds (hash high bits << 32 | row + 1); 0 is empty.
void check_duplicates(const SummaryTable& table, const std::vector<RowPlace>& places, const std::string& file,
                      const std::string& id_header) {
  const std::size_t rows = table.customers.size();
  if (rows >= 0xFFFFFFFFU) {
    throw data_error("more than 4 billion customers in one summary", Location{file});
  }
  std::size_t capacity = 16;
  while (capacity < rows * 2) {
    capacity *= 2;
  }
  std::vector<std::uint64_t> slots(capacity, 0);
  const std::hash<std::string_view> hasher;
  for (std::size_t i = 0; i < rows; ++i) {
    const std::string& id = table.customers[i].id;
    const std::uint64_t hash = hasher(id);
    const std::uint64_t tag = hash >> 32;
    std::size_t slot = hash & (capacity - 1);
    for (;;) {
      const std::uint64_t entry = slots[slot];
      if (entry == 0) {
        slots[slot] = (tag << 32) | static_cast<std::uint64_t>(i + 1);
        break;
      }
      const std::size_t other = static_cast<std::size_t>(entry & 0xFFFFFFFFU) - 1;
      if ((entry >> 32) == tag && table.customers[other].id == id) {
        throw data_error(fmt::format("duplicate customer id '{}' (first on line {})", id, places[other].line),
                         Location{file, places[i].line, places[i].column, id_header});
      }
      slot = (slot + 1) & (capacity - 1);
    }
  }
}

}  // namespace

SummaryTable read_summary(InputSource& source, const CsvOptions& options, const ColumnOptions& columns) {
  const std::string& file = source.name();
  CsvReader reader(source, options);
  CsvRecord record;
  if (!reader.next(record)) {
    throw data_error("summary is empty: expected a header line and one row per customer", Location{file});
  }
  const Layout layout = parse_header(record, file, columns, options);
  const std::size_t width = record.fields.size();

  SummaryTable table;
  table.kept.names = layout.kept_names;
  std::vector<RowPlace> places;
  while (reader.next(record)) {
    require_row_width(record, width, file);
    const RowParser row(file, record, layout, options.decimal);
    CustomerSummary customer;
    const std::string_view id = record.fields[layout.id];
    if (id.empty()) {
      throw data_error("customer id is empty", row.where(layout.id));
    }
    if (!is_valid_utf8(id)) {
      throw data_error("is not valid UTF-8", row.where(layout.id));
    }
    customer.id.assign(id);
    customer.frequency = row.whole(layout.frequency);
    customer.recency = row.non_negative(layout.recency);
    customer.age = row.non_negative(layout.age);
    if (customer.recency > customer.age) {
      throw data_error(fmt::format("recency {} is greater than T {} (the last purchase cannot come after the "
                                   "end of observation)",
                                   record.fields[layout.recency], record.fields[layout.age]),
                       row.where(layout.recency));
    }
    if (customer.frequency == 0.0 && customer.recency > 0.0) {
      throw data_error(fmt::format("recency {} with frequency 0 (recency must be 0 without repeat purchases)",
                                   record.fields[layout.recency]),
                       row.where(layout.recency));
    }
    if (layout.monetary != k_absent) {
      customer.monetary_value = row.non_negative(layout.monetary);
    }
    if (layout.weight != k_absent) {
      customer.weight = row.number(layout.weight);
      if (!(customer.weight > 0.0)) {
        throw data_error(fmt::format("'{}' is not a positive count of customers", record.fields[layout.weight]),
                         row.where(layout.weight));
      }
    }
    if (layout.holdout) {
      HoldoutSummary holdout;
      holdout.frequency = row.whole(layout.index[k_frequency_holdout]);
      holdout.duration = row.non_negative(layout.index[k_duration_holdout]);
      if (layout.index[k_monetary_holdout] != k_absent) {
        holdout.monetary_value = row.non_negative(layout.index[k_monetary_holdout]);
      }
      table.holdout.push_back(holdout);
    }
    for (const std::size_t index : layout.kept) {
      table.kept.values.emplace_back(record.fields[index]);
    }
    places.push_back(RowPlace{record.line, record.columns[layout.id]});
    table.lines.push_back(record.line);
    table.customers.push_back(std::move(customer));
  }
  if (table.customers.empty()) {
    throw data_error("summary has a header but no customers", Location{file});
  }
  check_duplicates(table, places, file, layout.header[k_id]);
  return table;
}

SummaryTable read_summary_file(const std::string& path, const CsvOptions& options, const ColumnOptions& columns) {
  const auto source = open_input(path);
  return read_summary(*source, options, columns);
}

}  // namespace clv::io
