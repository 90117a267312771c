#include "clv/io/header.hpp"

#include "clv/error.hpp"
#include "clv/io/plural.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace clv::io {

namespace {

struct Spelling {
  std::string_view text;  // as documented; matched normalised
  Field field;
};

// The usual spellings, canonical first for each field. docs/formats.md shows this list.
constexpr std::array k_spellings{
    Spelling{"customer_id", Field::customer_id}, Spelling{"id", Field::customer_id},
    Spelling{"cust_id", Field::customer_id}, Spelling{"customer", Field::customer_id},
    Spelling{"customer_no", Field::customer_id}, Spelling{"customer_number", Field::customer_id},
    Spelling{"customer_code", Field::customer_id}, Spelling{"client", Field::customer_id},
    Spelling{"client_id", Field::customer_id}, Spelling{"user_id", Field::customer_id},
    Spelling{"member_id", Field::customer_id}, Spelling{"account_id", Field::customer_id},
    Spelling{"buyer_id", Field::customer_id},
    Spelling{"name", Field::name}, Spelling{"customer_name", Field::name}, Spelling{"client_name", Field::name},
    Spelling{"full_name", Field::name},
    Spelling{"referred_by", Field::referred_by}, Spelling{"referrer", Field::referred_by},
    Spelling{"referrer_id", Field::referred_by},
    Spelling{"transactions", Field::transactions},
    Spelling{"average_purchase", Field::average_purchase}, Spelling{"avg_purchase", Field::average_purchase},
    Spelling{"average_order_value", Field::average_purchase}, Spelling{"aov", Field::average_purchase},
    Spelling{"acquisition_cost", Field::acquisition_cost}, Spelling{"cac", Field::acquisition_cost},
    Spelling{"service_cost", Field::service_cost},
    Spelling{"referral_net_income", Field::referral_net_income},
    Spelling{"year", Field::year},
    Spelling{"base_sales", Field::base_sales},
    Spelling{"new_sales", Field::new_sales},
    Spelling{"cost", Field::cost},
    Spelling{"referral_sales", Field::referral_sales},
    Spelling{"frequency", Field::frequency}, Spelling{"x", Field::frequency},
    Spelling{"recency", Field::recency}, Spelling{"t_x", Field::recency},
    Spelling{"T", Field::age}, Spelling{"age", Field::age},
    Spelling{"monetary_value", Field::monetary_value}, Spelling{"zbar", Field::monetary_value},
    Spelling{"count", Field::weight}, Spelling{"weight", Field::weight},
    Spelling{"frequency_cal", Field::frequency_cal},
    Spelling{"recency_cal", Field::recency_cal},
    Spelling{"T_cal", Field::age_cal},
    Spelling{"monetary_value_cal", Field::monetary_value_cal},
    Spelling{"frequency_holdout", Field::frequency_holdout},
    Spelling{"monetary_value_holdout", Field::monetary_value_holdout},
    Spelling{"duration_holdout", Field::duration_holdout},
    Spelling{"date", Field::date}, Spelling{"order_date", Field::date}, Spelling{"invoice_date", Field::date},
    Spelling{"purchase_date", Field::date}, Spelling{"transaction_date", Field::date},
    Spelling{"timestamp", Field::date}, Spelling{"datetime", Field::date}, Spelling{"created_at", Field::date},
    Spelling{"amount", Field::amount}, Spelling{"revenue", Field::amount}, Spelling{"sales", Field::amount},
    Spelling{"total", Field::amount}, Spelling{"order_total", Field::amount}, Spelling{"order_value", Field::amount},
    Spelling{"spend", Field::amount},
    Spelling{"quantity", Field::quantity}, Spelling{"qty", Field::quantity},
    Spelling{"price", Field::price}, Spelling{"unit_price", Field::price},
    Spelling{"value", Field::value}, Spelling{"clv", Field::value}, Spelling{"customer_value", Field::value},
    Spelling{"lifetime_value", Field::value},
    Spelling{"referral_income", Field::referral_income},
    // What `clv value` writes: a value list's referral income under a customer record's name.
    Spelling{"referral_net_income", Field::referral_income},
};

constexpr std::array<std::string_view, k_field_count> k_names{
    "customer_id", "name", "referred_by", "transactions", "average_purchase", "acquisition_cost", "service_cost",
    "referral_net_income", "year", "base_sales", "new_sales", "cost", "referral_sales", "frequency", "recency",
    "T", "monetary_value", "count", "frequency_cal", "recency_cal", "T_cal", "monetary_value_cal",
    "frequency_holdout", "monetary_value_holdout", "duration_holdout", "date", "amount", "quantity", "price",
    "value", "referral_income"};

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

// Levenshtein distance: near misses of field names here, of commands and options in the CLI.
std::size_t edit_distance(std::string_view from, std::string_view to) {
  std::vector<std::size_t> row(to.size() + 1);
  for (std::size_t j = 0; j <= to.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= from.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= to.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (from[i - 1] == to[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[to.size()];
}

namespace {

bool contains(std::span<const Field> fields, Field field) {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

// Position of the header column `mapping` names, or k_no_column.
std::size_t find_column(const CsvRecord& record, std::string_view name) {
  const std::string wanted = normalise_header(name);
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    if (normalise_header(record.fields[i]) == wanted) {
      return i;
    }
  }
  return k_no_column;
}

}  // namespace

std::string_view field_name(Field field) noexcept { return k_names[static_cast<std::size_t>(field)]; }

std::string normalise_header(std::string_view header) {
  header = trim(header);
  std::string result;
  result.reserve(header.size());
  for (const char c : header) {
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') {
      continue;
    }
    result.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return result;
}

std::optional<Field> field_of_header(std::string_view header) {
  const std::string wanted = normalise_header(header);
  for (const Spelling& spelling : k_spellings) {
    if (normalise_header(spelling.text) == wanted) {
      return spelling.field;
    }
  }
  return std::nullopt;
}

std::optional<Field> field_of_name(std::string_view name) { return field_of_header(name); }

namespace {

// The field among `fields` that `header` spells, if any: a spelling shared by two fields
// (referral_net_income) names the one this kind of table has.
std::optional<Field> field_among(std::string_view header, std::span<const Field> fields) {
  const std::string wanted = normalise_header(header);
  for (const Spelling& spelling : k_spellings) {
    if (contains(fields, spelling.field) && normalise_header(spelling.text) == wanted) {
      return spelling.field;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string_view> field_spellings(Field field) {
  std::vector<std::string_view> spellings;
  for (const Spelling& spelling : k_spellings) {
    if (spelling.field == field) {
      spellings.push_back(spelling.text);
    }
  }
  return spellings;
}

ColumnMapping ColumnMapping::parse(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    throw usage_error(fmt::format("--column takes FIELD=HEADER (e.g. customer_id=Kundennummer), not '{}'", text));
  }
  const std::string_view field_text = trim(text.substr(0, equals));
  const std::string_view header = trim(text.substr(equals + 1));
  const auto field = field_of_name(field_text);
  if (!field) {
    std::string known;
    for (const std::string_view name : k_names) {
      known += known.empty() ? "" : ", ";
      known += name;
    }
    throw usage_error(fmt::format("--column {}: unknown field '{}' (fields: {})", text, field_text, known));
  }
  if (header.empty()) {
    throw usage_error(fmt::format("--column {}: no header after '='", text));
  }
  ColumnMapping mapping;
  mapping.field = *field;
  mapping.header = std::string(header);
  if (std::all_of(header.begin(), header.end(), [](char c) { return c >= '0' && c <= '9'; }) && header.size() <= 6) {
    std::size_t position = 0;
    for (const char c : header) {
      position = position * 10 + static_cast<std::size_t>(c - '0');
    }
    mapping.position = position;
    if (position == 0) {
      throw usage_error(fmt::format("--column {}: positions start at 1", text));
    }
  }
  return mapping;
}

std::string ColumnMapping::describe() const {
  return position > 0 ? fmt::format("column {}", position) : fmt::format("'{}'", header);
}

void ColumnOptions::check() const {
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (mappings[i].field == mappings[j].field) {
        throw usage_error(fmt::format("--column maps {} twice ({} and {})", field_name(mappings[i].field),
                                      mappings[j].describe(), mappings[i].describe()));
      }
    }
  }
}

const ColumnMapping* ColumnOptions::mapping(Field field) const noexcept {
  for (const ColumnMapping& mapping : mappings) {
    if (mapping.field == field) {
      return &mapping;
    }
  }
  return nullptr;
}

std::optional<Error> row_width_error(const CsvRecord& row, std::size_t width, const std::string& file,
                                     RowWidthFrom from) {
  if (row.fields.size() == width) {
    return std::nullopt;
  }
  const std::string fields = counted(static_cast<double>(row.fields.size()), "field", "fields");
  return data_error(
      fmt::format("row has {} where the {} has {}", fields, from == RowWidthFrom::header ? "header" : "first row", width),
      Location{file, row.line});
}

void require_row_width(const CsvRecord& row, std::size_t width, const std::string& file, RowWidthFrom from) {
  if (auto error = row_width_error(row, width, file, from)) {
    throw std::move(*error);
  }
}

std::string list_headers(const CsvRecord& record) {
  std::string names;
  for (std::size_t i = 0; i < record.fields.size() && i < 30; ++i) {
    std::string_view name = trim(record.fields[i]);
    names += i > 0 ? ", " : "";
    names += name.size() > 40 ? std::string(name.substr(0, 40)) + "..." : std::string(name);
  }
  if (record.fields.size() > 30) {
    names += ", ...";
  }
  return names;
}

HeaderColumns resolve_header(const CsvRecord& record, std::span<const Field> fields, const ColumnOptions& options,
                             const std::string& file) {
  options.check();
  HeaderColumns columns;
  columns.width = record.fields.size();
  std::vector<bool> taken(record.fields.size(), false);
  for (const ColumnMapping& mapping : options.mappings) {
    if (!contains(fields, mapping.field)) {
      continue;  // the caller has refused mappings its kind of table cannot use
    }
    std::size_t at = k_no_column;
    if (mapping.position > 0) {
      at = mapping.position <= record.fields.size() ? mapping.position - 1 : k_no_column;
    } else {
      at = find_column(record, mapping.header);
    }
    if (at == k_no_column) {
      throw Error(ExitCode::usage,
                  fmt::format("--column {}={}: the header has no {} (columns: {})", field_name(mapping.field),
                              mapping.header, mapping.describe(), list_headers(record)),
                  Location{file, record.line});
    }
    if (taken[at]) {
      throw Error(ExitCode::usage,
                  fmt::format("--column {}={}: that column is already mapped", field_name(mapping.field),
                              mapping.header),
                  Location{file, record.line});
    }
    taken[at] = true;
    columns.index[static_cast<std::size_t>(mapping.field)] = at;
    columns.header[static_cast<std::size_t>(mapping.field)] = std::string(trim(record.fields[at]));
  }
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    if (taken[i]) {
      continue;
    }
    const auto field = field_among(record.fields[i], fields);
    if (!field || options.mapping(*field) != nullptr) {
      columns.extra.push_back(i);
      continue;
    }
    const auto slot = static_cast<std::size_t>(*field);
    if (columns.index[slot] != k_no_column) {
      throw data_error(fmt::format("column '{}' is a second {} column (the first is '{}', column {}); choose one "
                                   "with --column {}=HEADER",
                                   trim(record.fields[i]), field_name(*field), columns.header[slot],
                                   columns.index[slot] + 1, field_name(*field)),
                       Location{file, record.line, record.columns[i], std::string(field_name(*field))});
    }
    columns.index[slot] = i;
    columns.header[slot] = std::string(trim(record.fields[i]));
  }
  for (const std::string& name : options.keep) {
    std::size_t at = find_column(record, name);
    if (at == k_no_column && options.keep_purpose == KeepPurpose::group_by) {
      throw data_error(fmt::format("no column '{}' to group by{}; the columns are: {}", name,
                                   name == "acquired" ? " (customer records give their cohort by an 'acquired' date)"
                                                      : "",
                                   list_headers(record)),
                       Location{file, record.line, 1, "--by"});
    }
    if (at == k_no_column) {
      throw Error(ExitCode::usage,
                  fmt::format("--keep {}: the header has no such column (columns: {})", name, list_headers(record)),
                  Location{file, record.line});
    }
    if (options.keep_purpose == KeepPurpose::copy) {
      // The id, the name and a customer record's figures are in every output row already, under
      // their fields' names (a ledger's change per row); a summary's figures may be kept.
      for (const Field f : {Field::customer_id, Field::name, Field::transactions, Field::average_purchase,
                            Field::acquisition_cost, Field::service_cost, Field::referral_net_income, Field::year,
                            Field::base_sales, Field::new_sales, Field::cost, Field::referral_sales}) {
        if (columns.index[static_cast<std::size_t>(f)] == at) {
          throw Error(ExitCode::usage,
                      fmt::format("--keep {}: clv reads that column as {}, which the output has already", name,
                                  field_name(f)),
                      Location{file, record.line});
        }
      }
    }
    if (std::find(columns.kept.begin(), columns.kept.end(), at) != columns.kept.end()) {
      continue;
    }
    columns.kept.push_back(at);
    columns.kept_names.emplace_back(trim(record.fields[at]));
  }
  return columns;
}

void refuse_near_misses(const CsvRecord& record, const HeaderColumns& columns, std::span<const Field> fields,
                        const std::string& file) {
  for (const std::size_t i : columns.extra) {
    const std::string name = normalise_header(record.fields[i]);
    if (field_of_header(record.fields[i])) {
      continue;  // another kind's field, or mapped elsewhere: a column in its own right
    }
    for (const Spelling& spelling : k_spellings) {
      if (!contains(fields, spelling.field) || columns.has(spelling.field)) {
        continue;
      }
      const std::string known = normalise_header(spelling.text);
      // Short names are too close to everything for a distance to mean a typo.
      const std::size_t allowed = known.size() >= 8 ? 2 : known.size() >= 5 ? 1 : 0;
      if (allowed > 0 && edit_distance(name, known) <= allowed) {
        throw data_error(fmt::format("unknown column '{}': did you mean {}? (rename it, or map it with --column "
                                     "{}=HEADER)",
                                     trim(record.fields[i]), spelling.text, field_name(spelling.field)),
                         Location{file, record.line, record.columns[i], std::string(trim(record.fields[i]))});
      }
    }
  }
}

std::optional<char> detect_delimiter(std::string_view line) noexcept {
  std::array<std::size_t, 4> counts{};
  constexpr std::array<char, 4> k_candidates{',', ';', '\t', '|'};
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
      continue;
    }
    if (quoted) {
      continue;
    }
    for (std::size_t k = 0; k < k_candidates.size(); ++k) {
      counts[k] += c == k_candidates[k] ? 1 : 0;
    }
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < counts.size(); ++k) {
    if (counts[k] > counts[best]) {
      best = k;
    }
  }
  if (counts[best] == 0) {
    return std::nullopt;
  }
  return k_candidates[best];
}

}  // namespace clv::io
