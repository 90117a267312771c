#include "clv/io/rank_reader.hpp"

#include "clv/error.hpp"
#include "clv/io/header.hpp"
#include "clv/io/number.hpp"
#include "clv/io/text_width.hpp"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <algorithm>
#include <array>
#include <bit>
#include <functional>
#include <vector>

namespace clv::io {

namespace {

constexpr std::size_t k_absent = static_cast<std::size_t>(-1);

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

}  // namespace

RankInputs read_rank_inputs(InputSource& source, CsvOptions options, const ColumnOptions& column_options) {
  CsvReader reader(source, options);
  const std::string& file = source.name();
  CsvRecord record;
  RankInputs inputs;
  if (!reader.next(record)) {
    throw data_error("the input is empty: expected a header row with columns id and value", Location{file});
  }
  constexpr std::array k_fields{Field::customer_id, Field::value, Field::name, Field::acquisition_cost,
                                Field::referral_income};
  const HeaderColumns columns = resolve_header(record, k_fields, column_options, file);
  refuse_near_misses(record, columns, k_fields, file);
  const std::size_t id_column = columns.at(Field::customer_id);
  const std::size_t value_column = columns.at(Field::value);
  const std::size_t name_column = columns.at(Field::name);
  const std::size_t acquisition_column = columns.at(Field::acquisition_cost);
  const std::size_t referral_column = columns.at(Field::referral_income);
  for (const auto& [column, name] :
       {std::pair{id_column, "customer_id"}, std::pair{value_column, "value"}}) {
    if (column == k_absent) {
      throw data_error(fmt::format("the header has no '{}' column (columns needed: customer_id or id, value or clv; "
                                   "optional: name, acquisition_cost, referral_income; columns: {}; map one with "
                                   "--column {}=HEADER){}",
                                   name, list_headers(record), name, delimiter_hint(record, options)),
                       Location{file, record.line});
    }
  }
  const std::vector<std::size_t> kept = columns.kept;
  const std::size_t header_fields = record.fields.size();
  inputs.kept.names = columns.kept_names;

  inputs.has_name = name_column != k_absent;
  inputs.has_acquisition_cost = acquisition_column != k_absent;
  inputs.has_referral_income = referral_column != k_absent;
  std::vector<std::size_t> lines;  // of each customer, for the duplicate message
  const auto number = [&](std::size_t column, const char* field, bool required) -> std::optional<double> {
    const std::string_view text = record.fields[column];
    if (text.empty() && !required) {
      return std::nullopt;
    }
    const ParsedNumber parsed = parse_number(text, options.decimal);
    if (parsed.problem != NumberProblem::none) {
      throw data_error(fmt::format("'{}' {}", text, describe(parsed.problem)),
                       Location{file, record.line, record.columns[column], field});
    }
    return parsed.value;
  };
  while (reader.next(record)) {
    require_row_width(record, header_fields, file);
    RankInput customer;
    customer.id = trimmed(record.fields[id_column]);
    if (customer.id.empty()) {
      throw data_error("the customer id is empty", Location{file, record.line, record.columns[id_column], "customer_id"});
    }
    if (!is_valid_utf8(customer.id)) {
      throw data_error("is not valid UTF-8", Location{file, record.line, record.columns[id_column], "customer_id"});
    }
    customer.value = *number(value_column, "value", true);
    if (name_column != k_absent && !record.fields[name_column].empty()) {
      if (!is_valid_utf8(record.fields[name_column])) {
        throw data_error("is not valid UTF-8", Location{file, record.line, record.columns[name_column], "name"});
      }
      customer.name = std::string(record.fields[name_column]);
    }
    if (acquisition_column != k_absent) {
      customer.acquisition_cost = number(acquisition_column, "acquisition_cost", false);
    }
    if (referral_column != k_absent) {
      customer.referral_income = number(referral_column, "referral_income", false);
    }
    for (const std::size_t c : kept) {
      inputs.kept.values.emplace_back(record.fields[c]);
    }
    inputs.customers.push_back(std::move(customer));
    lines.push_back(record.line);
  }
  if (inputs.customers.empty()) {
    // As every other table clv reads: a header alone is an export that went wrong, not a portfolio.
    throw data_error("no customers: the file has a header but no row", Location{file});
  }
  // Duplicate ids, once all are read. An open-addressing table of indices: no allocation per
  // customer, which for a million customers is a tenth of the reading time saved.
  const std::size_t count = inputs.customers.size();
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, count * 2));
  std::vector<std::size_t> slots(capacity, k_absent);
  const std::hash<std::string_view> hash;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view id = inputs.customers[i].id;
    std::size_t slot = hash(id) & (capacity - 1);
    while (slots[slot] != k_absent) {
      if (inputs.customers[slots[slot]].id == id) {
        throw data_error(fmt::format("customer '{}' appears again (first on line {})", id, lines[slots[slot]]),
                         Location{file, lines[i], 0, "customer_id"});
      }
      slot = (slot + 1) & (capacity - 1);
    }
    slots[slot] = i;
  }
  return inputs;
}

}  // namespace clv::io
