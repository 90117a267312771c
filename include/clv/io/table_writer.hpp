#pragma once
// Writers for tabular results in every output format clv offers. A command describes its
// columns once, then hands over rows; the writer decides nothing about content, only layout:
//  - table:    aligned by display width, numbers right-aligned with thousands separators
//  - markdown: a GitHub-flavoured table
//  - csv, tsv: plain numbers ('.' decimal point, no separators), RFC 4180 quoting (in tsv a
//              text holding a '"' is quoted; one holding a tab or line break is a data error)
//  - json:     {"<collection>": [{column: value, ...}, ...], "summary": {...}}
// csv, tsv and json print every number whole: the shortest text that reads back to the same
// double. table and markdown round to the column's decimals.

#include "clv/io/output_file.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace clv::io {

enum class OutputFormat { table, csv, tsv, json, markdown };

// Parses "table", "csv", ... ; throws clv::Error (usage) for anything else.
[[nodiscard]] OutputFormat parse_output_format(std::string_view name);
// The name parse_output_format() reads ("csv").
[[nodiscard]] std::string_view output_format_name(OutputFormat format);
// The format an output file's extension asks for: .csv, .tsv, .json, .md or .markdown (any
// case, also before a final .gz); nothing for other names.
[[nodiscard]] std::optional<OutputFormat> output_format_for_file(std::string_view path);

// A share is a fraction (0.25): written as such in csv, tsv and json, as a percentage
// ("25.00%", two fewer decimals) in table and markdown. A flag holds 1 or 0: true/false in
// csv, tsv and json (a JSON boolean), yes/no in table and markdown.
enum class ColumnType { text, number, share, flag };

struct Column {
  std::string name;
  ColumnType type = ColumnType::text;
  int decimals = 2;  // for numbers: digits after the point in table and markdown
};

// One cell: empty (absent), text, or a number.
using Cell = std::variant<std::monostate, std::string, double>;

// A line of a summary printed after the rows: `label` for people, `key` for JSON.
struct SummaryItem {
  std::string key;
  std::string label;
  Cell value;
  int decimals = 2;
  ColumnType type = ColumnType::number;
};

class RowWriter {
 public:
  virtual ~RowWriter() = default;
  // `collection` names the JSON array ("customers"); `title` is printed above a table.
  virtual void begin(std::string_view collection, const std::vector<Column>& columns,
                     std::string_view title = {}) = 0;
  virtual void row(const std::vector<Cell>& cells) = 0;
  // Layouts whose rows are independent text (csv, tsv, json) can format rows apart from
  // writing them, on any thread, so that a million rows are formatted on two cores:
  // format_row() appends a row's text to `into` (it only reads the columns given to begin()),
  // write_formatted() writes such text, rows in order. Layouts that measure every row first
  // (table, markdown) return false here and must be given rows with row().
  [[nodiscard]] virtual bool formats_rows_apart() const noexcept { return false; }
  virtual void format_row(const std::vector<Cell>& cells, std::string& into) const;
  virtual void write_formatted(std::string_view rows);
  // Closes the rows; the summary appears after a table, in JSON under "summary", not in csv/tsv.
  virtual void end(const std::vector<SummaryItem>& summary = {}) = 0;
};

[[nodiscard]] std::unique_ptr<RowWriter> make_row_writer(OutputFormat format, Output& output);

// Number formatting shared by the writers and by commands with their own layouts.
// Rounded to `decimals`, then the shortest text that reads back the same ("1450", "0.5"): for
// numbers in sentences and titles.
[[nodiscard]] std::string format_plain(double value, int decimals);
// Machine form (csv, tsv, json): the shortest text that reads back to exactly `value`
// ("1450", "0.5", "3.0000000000000004e-06"); 0 for -0.
[[nodiscard]] std::string format_exact(double value);
// Human form: fixed `decimals` with thousands separators ("12,800.00").
[[nodiscard]] std::string format_grouped(double value, int decimals);
// Text as a terminal shows it harmlessly: control characters (ESC, CR, LF, tab, DEL, and the C1
// range U+0080-U+009F) written as the escapes \t \n \r \xNN \uNNNN; everything else as is.
// Table and markdown output pass every text through it; csv and json keep the exact text.
[[nodiscard]] std::string visible_text(std::string_view text);
// JSON string literal with escapes.
[[nodiscard]] std::string json_quote(std::string_view text);

}  // namespace clv::io
