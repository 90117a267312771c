#include "clv/io/attributes_reader.hpp"

#include "clv/error.hpp"
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

constexpr std::size_t k_absent = static_cast<std::size_t>(-1);

enum Role : std::size_t { k_id, k_acquisition_cost, k_referred_by, k_name, k_role_count };

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::size_t role_of(std::string_view header) {
  if (equals_ignoring_case(header, "customer_id") || equals_ignoring_case(header, "id")) {
    return k_id;
  }
  if (equals_ignoring_case(header, "acquisition_cost")) {
    return k_acquisition_cost;
  }
  if (equals_ignoring_case(header, "referred_by")) {
    return k_referred_by;
  }
  if (equals_ignoring_case(header, "name")) {
    return k_name;
  }
  return k_absent;
}

}  // namespace

AttributeTable read_attributes(InputSource& source, const CsvOptions& options) {
  const std::string& file = source.name();
  CsvReader reader(source, options);
  CsvRecord record;
  if (!reader.next(record)) {
    throw data_error("attributes file is empty: expected a header line (customer_id, acquisition_cost, "
                     "referred_by, name) and one row per customer",
                     Location{file});
  }
  std::array<std::size_t, k_role_count> index{};
  index.fill(k_absent);
  std::array<std::string, k_role_count> header{};
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const std::size_t role = role_of(record.fields[i]);
    if (role == k_absent) {
      continue;
    }
    if (index[role] != k_absent) {
      throw data_error(fmt::format("column '{}' repeats column '{}' (column {})", record.fields[i], header[role],
                                   index[role] + 1),
                       Location{file, record.line, record.columns[i], std::string(record.fields[i])});
    }
    index[role] = i;
    header[role] = record.fields[i];
  }
  if (index[k_id] == k_absent) {
    throw data_error("attributes have no 'customer_id' (or 'id') column", Location{file, record.line});
  }
  std::size_t needed = 0;
  for (const std::size_t i : index) {
    if (i != k_absent) {
      needed = std::max(needed, i + 1);
    }
  }

  AttributeTable table;
  table.source = file;
  table.id_header = header[k_id];
  std::unordered_map<std::string, std::size_t> first_line;
  while (reader.next(record)) {
    if (record.fields.size() < needed) {
      throw data_error(fmt::format("row has {} fields, the header needs at least {}", record.fields.size(), needed),
                       Location{file, record.line});
    }
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

AttributeTable read_attributes_file(const std::string& path, const CsvOptions& options) {
  const auto source = open_input(path);
  return read_attributes(*source, options);
}

}  // namespace clv::io
