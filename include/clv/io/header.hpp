#pragma once
// What the columns of a table's header mean: one vocabulary of fields for every kind of table
// clv reads (customer records, summaries, transaction logs, value lists, attributes), the usual
// spellings of each (docs/formats.md lists them), and the user's own mapping (`--column
// FIELD=HEADER`). Headers match ignoring case, spaces, underscores and hyphens: `CustomerID`,
// `Customer ID` and `customer_id` are the same column.

#include "clv/error.hpp"
#include "clv/io/csv_reader.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clv::io {

enum class Field : std::size_t {
  customer_id, name, referred_by,
  // customer records
  transactions, average_purchase, acquisition_cost, service_cost, referral_net_income,
  year, base_sales, new_sales, cost, referral_sales,
  // summaries
  frequency, recency, age, monetary_value, weight,
  frequency_cal, recency_cal, age_cal, monetary_value_cal, frequency_holdout, monetary_value_holdout,
  duration_holdout,
  // transaction logs
  date, amount, quantity, price,
  // value lists
  value, referral_income,
  count_
};

inline constexpr std::size_t k_field_count = static_cast<std::size_t>(Field::count_);
inline constexpr std::size_t k_no_column = static_cast<std::size_t>(-1);

// The canonical name, as clv writes it ("customer_id", "T", "count" ...).
[[nodiscard]] std::string_view field_name(Field field) noexcept;
// Lower case without spaces, underscores, hyphens and dots: "Customer ID" -> "customerid".
[[nodiscard]] std::string normalise_header(std::string_view header);
// The field a header names by one of its usual spellings, if any.
[[nodiscard]] std::optional<Field> field_of_header(std::string_view header);
// The field named on the command line (`--column FIELD=...`): its canonical name or a spelling.
[[nodiscard]] std::optional<Field> field_of_name(std::string_view name);
// The accepted spellings of `field`, canonical first (for docs and messages).
[[nodiscard]] std::vector<std::string_view> field_spellings(Field field);

// `--column FIELD=HEADER`: HEADER is a header name (matched like the usual spellings) or a
// 1-based position.
struct ColumnMapping {
  Field field = Field::customer_id;
  std::string header;
  std::size_t position = 0;  // 0: by name

  // Throws clv::Error (usage) for a missing '=', an unknown FIELD or an empty HEADER.
  [[nodiscard]] static ColumnMapping parse(std::string_view text);
  [[nodiscard]] std::string describe() const;  // "'Kundennummer'" or "column 3"
};

// How a reader finds its columns: the user's mappings (each field at most once: checked here),
// the extra columns to carry through to the outputs, and whether there is a header at all.
// What kept columns are for, for the message when one is missing.
enum class KeepPurpose { copy, group_by };  // --keep; --by (segments)

struct ColumnOptions {
  std::vector<ColumnMapping> mappings;
  std::vector<std::string> keep;  // header names (matched like the usual spellings)
  KeepPurpose keep_purpose = KeepPurpose::copy;

  // Throws clv::Error (usage) when a field is mapped twice.
  void check() const;
  [[nodiscard]] const ColumnMapping* mapping(Field field) const noexcept;
};

// A header resolved: which column holds each field, which are kept, which are left over.
struct HeaderColumns {
  std::array<std::size_t, k_field_count> index{};  // k_no_column when absent
  std::array<std::string, k_field_count> header{};  // as written, for messages
  std::vector<std::size_t> kept;                    // columns of ColumnOptions::keep, in its order
  std::vector<std::string> kept_names;              // their headers as written
  std::vector<std::size_t> extra;                   // columns naming no field
  std::size_t width = 0;                            // fields in the header

  HeaderColumns() { index.fill(k_no_column); }
  [[nodiscard]] bool has(Field field) const noexcept { return index[static_cast<std::size_t>(field)] != k_no_column; }
  [[nodiscard]] std::size_t at(Field field) const noexcept { return index[static_cast<std::size_t>(field)]; }
  [[nodiscard]] const std::string& name(Field field) const noexcept { return header[static_cast<std::size_t>(field)]; }
};

// Resolves `record` (the header line of `file`). Mapped fields first, then the usual spellings
// of the fields in `fields` (the kind of table being read; other fields are extra columns).
// Throws clv::Error: usage (64) for a mapping or a kept column naming no header column (the
// message lists the headers), a mapping of a field the table does not have; data (65) for two
// columns of one field.
[[nodiscard]] HeaderColumns resolve_header(const CsvRecord& record, std::span<const Field> fields,
                                           const ColumnOptions& options, const std::string& file);

// An extra column whose name is a near miss of one of `fields` (edit distance at most 2 after
// normalisation, for names long enough that this means a typo) is a data error naming the field
// it resembles: `acquistion_cost` must not silently count as 0.
void refuse_near_misses(const CsvRecord& record, const HeaderColumns& columns, std::span<const Field> fields,
                        const std::string& file);

// Every data row of a table has as many fields as its header: a longer row usually holds a
// value with an unquoted delimiter, which shifts the fields after it; a shorter one has lost
// some. Without a header (a log read by column positions) the first row sets the width.
enum class RowWidthFrom { header, first_row };

// The data error for a row of the wrong width, naming its line ("row has 4 fields where the
// header has 3"); nullopt when `row` has `width` fields. For readers that gather problems.
[[nodiscard]] std::optional<Error> row_width_error(const CsvRecord& row, std::size_t width, const std::string& file,
                                                   RowWidthFrom from = RowWidthFrom::header);
// Throws row_width_error's error, if any.
void require_row_width(const CsvRecord& row, std::size_t width, const std::string& file,
                       RowWidthFrom from = RowWidthFrom::header);

// The header's names, comma-separated and shortened, for messages.
[[nodiscard]] std::string list_headers(const CsvRecord& record);

// The delimiter of a header line: the most frequent of ',' ';' tab '|' outside quotes; nullopt
// when the line has none of them.
[[nodiscard]] std::optional<char> detect_delimiter(std::string_view header_line) noexcept;

// Levenshtein distance between two names, for "did you mean" suggestions.
[[nodiscard]] std::size_t edit_distance(std::string_view from, std::string_view to);

}  // namespace clv::io
