#include "clv/io/attributes_reader.hpp"

#include "clv/error.hpp"
#include "clv/io/header.hpp"
#include "clv/io/number.hpp"
#include "clv/io/text_width.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <unordered_map>

namespace clv::io {

namespace {

constexpr std::size_t k_absent = k_no_column;

enum Role : std::size_t { k_id, k_acquisition_cost, k_referred_by, k_name, k_role_count };

}  // namespace

AttributeTable read_attributes(InputSource& source, const CsvOptions& options, const ColumnOptions& column_options) {
  const std::string& file = source.name();
  CsvReader reader(source, options);
  CsvRecord record;
  if (!reader.next(record)) {
    throw data_error("attributes file is empty: expected a header line (customer_id, acquisition_cost, "
                     "referred_by, name) and one row per customer",
                     Location{file});
  }
  constexpr std::array<Field, k_role_count> k_fields{Field::customer_id, Field::acquisition_cost, Field::referred_by,
                                                     Field::name};
  const HeaderColumns columns = resolve_header(record, k_fields, column_options, file);
  // A typo here would otherwise count as an acquisition cost of 0.
  refuse_near_misses(record, columns, k_fields, file);
  std::array<std::size_t, k_role_count> index{};
  std::array<std::string, k_role_count> header{};
  for (std::size_t role = 0; role < k_role_count; ++role) {
    index[role] = columns.at(k_fields[role]);
    header[role] = columns.name(k_fields[role]);
  }
  if (index[k_id] == k_absent) {
    throw data_error(fmt::format("attributes have no 'customer_id' (or 'id') column (columns: {})", list_headers(record)),
                     Location{file, record.line});
  }
  const std::size_t width = record.fields.size();

  AttributeTable table;
  table.source = file;
  table.id_header = header[k_id];
  std::unordered_map<std::string, std::size_t> first_line;
  while (reader.next(record)) {
    require_row_width(record, width, file);
    const auto where = [&](Role role) {
      return Location{file, record.line, record.columns[index[role]], header[role]};
    };
    CustomerAttributes row;
    const std::string_view id = record.fields[index[k_id]];
    if (id.empty()) {
      throw data_error("customer id is empty", where(k_id));
    }
    if (!is_valid_utf8(id)) {
      throw data_error("is not valid UTF-8", where(k_id));
    }
    row.id.assign(id);
    row.line = record.line;
    row.column = record.columns[index[k_id]];
    const auto [place, inserted] = first_line.emplace(row.id, record.line);
    if (!inserted) {
      throw data_error(fmt::format("duplicate customer id (first on line {}) '{}'", place->second, id), where(k_id));
    }
    if (index[k_acquisition_cost] != k_absent && !record.fields[index[k_acquisition_cost]].empty()) {
      const std::string_view text = record.fields[index[k_acquisition_cost]];
      const ParsedNumber parsed = parse_number(text, options.decimal);
      if (parsed.problem != NumberProblem::none) {
        throw data_error(fmt::format("{} '{}'", describe(parsed.problem), text), where(k_acquisition_cost));
      }
      if (parsed.value < 0.0) {
        throw data_error(fmt::format("must not be negative '{}'", text), where(k_acquisition_cost));
      }
      row.acquisition_cost = parsed.value;
    }
    // Names and referrers reach tables and JSON output as they are.
    for (const Role role : {k_referred_by, k_name}) {
      if (index[role] == k_absent || record.fields[index[role]].empty()) {
        continue;
      }
      const std::string_view text = record.fields[index[role]];
      if (!is_valid_utf8(text)) {
        throw data_error("is not valid UTF-8", where(role));
      }
      (role == k_name ? row.name : row.referred_by).emplace(text);
    }
    table.customers.push_back(std::move(row));
  }
  return table;
}

AttributeTable read_attributes_file(const std::string& path, const CsvOptions& options,
                                    const ColumnOptions& column_options) {
  const auto source = open_input(path);
  return read_attributes(*source, options, column_options);
}

}  // namespace clv::io
