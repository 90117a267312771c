#include "clv/io/table_writer.hpp"

#include "clv/error.hpp"
#include "clv/io/output_file.hpp"
#include "clv/io/text_width.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <stdexcept>

namespace clv::io {

namespace {

// Powers of ten for the usual decimals, so that formatting a million rows calls no pow().
constexpr std::array<double, 10> k_powers_of_ten{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

double round_to(double value, int decimals) {
  const double scale = decimals >= 0 && decimals < static_cast<int>(k_powers_of_ten.size())
                           ? k_powers_of_ten[static_cast<std::size_t>(decimals)]
                           : std::pow(10.0, decimals);
  const double rounded = std::round(value * scale) / scale;
  // Very large values would lose digits in value * scale; they are already exact enough.
  const double result = std::isfinite(rounded) ? rounded : value;
  return result == 0.0 ? 0.0 : result;  // never print "-0"
}

bool is_whole(double value, int decimals) {
  const double rounded = round_to(value, decimals);
  return rounded == std::floor(rounded);
}

bool needs_quotes(std::string_view text, char delimiter) {
  for (const char c : text) {
    if (c == delimiter || c == '"' || c == '\r' || c == '\n') {
      return true;
    }
  }
  return false;
}

void append_csv_escaped(std::string& into, std::string_view text, char delimiter) {
  if (!needs_quotes(text, delimiter)) {
    into.append(text);
    return;
  }
  into += '"';
  for (char c : text) {
    if (c == '"') {
      into += '"';
    }
    into += c;
  }
  into += '"';
}

std::string csv_escape(std::string_view text, char delimiter) {
  std::string escaped;
  append_csv_escaped(escaped, text, delimiter);
  return escaped;
}

// format_exact() appending to `into`, without a temporary string (the hot path of csv and json
// output). Most amounts are whole numbers of cents (or of 10^-decimals, the column's hint): such
// a value is the double nearest to units / 10^decimals exactly when dividing the whole number
// of units gives it back, and then that short decimal is also the shortest text that reads back
// (any other decimal that short lies more than one double away). It is written directly, a
// third of the time fmt takes; every other value goes through fmt's shortest round trip.
void append_exact(std::string& into, double value, int decimals) {
  if (value == 0.0) {
    into += '0';  // never "-0"
    return;
  }
  if (decimals >= 0 && decimals <= 6) {
    const double scale = k_powers_of_ten[static_cast<std::size_t>(decimals)];
    const double scaled = std::round(value * scale);
    // Below 1e-4 fmt writes an exponent ("3e-06"); the same value prints the same in every column.
    if (std::fabs(scaled) < 1e15 && std::fabs(value) >= 1e-4 && scaled / scale == value) {
      auto units = static_cast<long long>(scaled);
      if (units < 0) {
        into += '-';
        units = -units;
      }
      const auto divisor = static_cast<long long>(scale);
      const fmt::format_int whole(units / divisor);
      into.append(whole.data(), whole.size());
      long long fraction = units % divisor;
      if (fraction != 0) {
        int digits = decimals;
        while (fraction % 10 == 0) {
          fraction /= 10;
          --digits;
        }
        into += '.';
        const std::size_t at = into.size();
        into.append(static_cast<std::size_t>(digits), '0');
        for (std::size_t k = at + static_cast<std::size_t>(digits); fraction > 0; fraction /= 10) {
          into[--k] = static_cast<char>('0' + fraction % 10);
        }
      }
      return;
    }
  }
  std::array<char, 32> text{};
  char* const end = fmt::format_to(text.data(), FMT_COMPILE("{}"), value);
  into.append(text.data(), static_cast<std::size_t>(end - text.data()));
}

std::string plain_cell(const Cell& cell, int decimals) {
  if (const auto* text = std::get_if<std::string>(&cell)) {
    return *text;
  }
  if (const auto* number = std::get_if<double>(&cell)) {
    return format_plain(*number, decimals);
  }
  return {};
}

bool is_flag(ColumnType type, const Cell& cell) {
  return type == ColumnType::flag && std::holds_alternative<double>(cell);
}

bool flag_value(const Cell& cell) { return std::get<double>(cell) != 0.0; }

bool right_aligned(ColumnType type) { return type != ColumnType::text; }

// Table and markdown text of a number: grouped, a share as a percentage, a flag as yes/no.
std::string human_number(double value, ColumnType type, int decimals) {
  if (type == ColumnType::flag) {
    return value != 0.0 ? "yes" : "no";
  }
  if (type == ColumnType::share) {
    return format_grouped(value * 100.0, decimals) + "%";
  }
  return format_grouped(value, decimals);
}

// Digits a table shows for a number column: those of `decimals` (two fewer for a share, which
// is shown as a percentage) only if the value needs them.
int human_decimals(double value, ColumnType type, int decimals) {
  if (type == ColumnType::share) {
    const int percent_decimals = std::max(decimals - 2, 0);
    return is_whole(value * 100.0, percent_decimals) ? 0 : percent_decimals;
  }
  return is_whole(value, decimals) ? 0 : decimals;
}

// TSV output quotes a value holding a '"' as csv does (as xsv and Python's csv module write
// TSV), since clv's reader, like most, takes a '"' as the start of quoting; without that an id
// like `A"1` would not read back. A tab or line break is refused instead: tab-separated files
// are read by cut and awk as often as by quoting readers, and for those a quoted tab would still
// shift columns. Changing the value silently would be worse; csv and json can carry it.
void check_tsv_text(std::string_view text, std::string_view column) {
  const std::size_t at = text.find_first_of("\t\r\n");
  if (at == std::string_view::npos) {
    return;
  }
  const char* what = text[at] == '\t' ? "a tab" : "a line break";
  throw data_error(fmt::format("'{}' contains {}, which tsv output cannot hold (use -f csv or -f json)",
                               visible_text(text), what),
                   Location{{}, 0, 0, std::string(column)});
}

class DelimitedWriter final : public RowWriter {
 public:
  DelimitedWriter(Output& output, char delimiter) : m_output(output), m_delimiter(delimiter) {}

  void begin(std::string_view, const std::vector<Column>& columns, std::string_view) override {
    m_columns = columns;
    std::string line;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) {
        line += m_delimiter;
      }
      line += escape(columns[i].name);
    }
    line += '\n';
    m_output.write(line);
  }

  void row(const std::vector<Cell>& cells) override {
    m_line.clear();
    format_row(cells, m_line);
    m_output.write(m_line);
  }

  [[nodiscard]] bool formats_rows_apart() const noexcept override { return true; }

  void format_row(const std::vector<Cell>& cells, std::string& into) const override {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) {
        into += m_delimiter;
      }
      if (is_flag(m_columns[i].type, cells[i])) {
        into += flag_value(cells[i]) ? "true" : "false";
      } else if (const auto* number = std::get_if<double>(&cells[i])) {
        append_exact(into, *number, m_columns[i].decimals);  // numbers never need quoting
      } else if (const auto* text = std::get_if<std::string>(&cells[i])) {
        if (m_delimiter == '\t') {
          check_tsv_text(*text, m_columns[i].name);
        }
        append_csv_escaped(into, *text, m_delimiter);
      }
    }
    into += '\n';
  }

  void write_formatted(std::string_view rows) override { m_output.write(rows); }

  void end(const std::vector<SummaryItem>&) override {}

 private:
  std::string escape(std::string_view text) const {
    if (m_delimiter == '\t') {
      check_tsv_text(text, "column name");
    }
    return csv_escape(text, m_delimiter);
  }

  Output& m_output;
  char m_delimiter;
  std::vector<Column> m_columns;
  std::string m_line;
};

std::string json_cell(const Cell& cell, ColumnType type = ColumnType::number) {
  if (is_flag(type, cell)) {
    return flag_value(cell) ? "true" : "false";
  }
  if (const auto* text = std::get_if<std::string>(&cell)) {
    return json_quote(*text);
  }
  if (const auto* number = std::get_if<double>(&cell)) {
    return format_exact(*number);
  }
  return "null";
}

class JsonWriter final : public RowWriter {
 public:
  explicit JsonWriter(Output& output) : m_output(output) {}

  void begin(std::string_view collection, const std::vector<Column>& columns, std::string_view) override {
    m_columns = columns;
    m_keys.clear();
    for (const auto& column : columns) {
      m_keys.push_back(json_quote(column.name) + ":");
    }
    m_output.write(fmt::format("{{{}:[", json_quote(collection)));
    m_first = true;
  }

  void row(const std::vector<Cell>& cells) override {
    m_line.clear();
    format_row(cells, m_line);
    write_formatted(m_line);
  }

  [[nodiscard]] bool formats_rows_apart() const noexcept override { return true; }

  // Every row starts with ",\n"; write_formatted() drops the comma of the first row.
  void format_row(const std::vector<Cell>& cells, std::string& into) const override {
    into += ",\n{";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) {
        into += ',';
      }
      into += m_keys[i];
      if (is_flag(m_columns[i].type, cells[i])) {
        into += json_cell(cells[i], m_columns[i].type);
      } else if (const auto* number = std::get_if<double>(&cells[i])) {
        append_exact(into, *number, m_columns[i].decimals);  // format_exact's text, no temporary
      } else {
        into += json_cell(cells[i]);
      }
    }
    into += '}';
  }

  void write_formatted(std::string_view rows) override {
    if (rows.empty()) {
      return;
    }
    if (m_first) {
      rows.remove_prefix(1);
      m_first = false;
    }
    m_output.write(rows);
  }

  void end(const std::vector<SummaryItem>& summary) override {
    std::string tail = m_first ? "]" : "\n]";
    if (!summary.empty()) {
      tail += ",\n\"summary\":{";
      for (std::size_t i = 0; i < summary.size(); ++i) {
        tail += fmt::format("{}{}:{}", i > 0 ? "," : "", json_quote(summary[i].key),
                            json_cell(summary[i].value, summary[i].type));
      }
      tail += "}";
    }
    tail += "}\n";
    m_output.write(tail);
  }

 private:
  Output& m_output;
  std::vector<Column> m_columns;
  std::vector<std::string> m_keys;
  std::string m_line;
  bool m_first = true;
};

// table and markdown need every row to size the columns, so they keep them.
class AlignedWriter final : public RowWriter {
 public:
  AlignedWriter(Output& output, OutputFormat format) : m_output(output), m_format(format) {}

  void begin(std::string_view, const std::vector<Column>& columns, std::string_view title) override {
    m_columns = columns;
    m_rows.clear();
    m_title = std::string(title);
  }

  void row(const std::vector<Cell>& cells) override { m_rows.push_back(cells); }

  void end(const std::vector<SummaryItem>& summary) override {
    const std::size_t count = m_columns.size();
    // A number column shows decimals only if some value needs them.
    std::vector<int> shown(count, 0);
    for (std::size_t c = 0; c < count; ++c) {
      if (m_columns[c].type != ColumnType::number && m_columns[c].type != ColumnType::share) {
        continue;
      }
      for (const auto& cells : m_rows) {
        const auto* number = std::get_if<double>(&cells[c]);
        if (number != nullptr) {
          shown[c] = std::max(shown[c], human_decimals(*number, m_columns[c].type, m_columns[c].decimals));
        }
      }
    }
    std::vector<std::vector<std::string>> text;
    text.reserve(m_rows.size());
    std::vector<std::size_t> width(count, 0);
    for (std::size_t c = 0; c < count; ++c) {
      const std::string name = visible_text(m_columns[c].name);
      width[c] = display_width(m_format == OutputFormat::markdown ? escape_markdown(name) : name);
    }
    for (const auto& cells : m_rows) {
      auto& line = text.emplace_back(count);
      for (std::size_t c = 0; c < count; ++c) {
        if (const auto* number = std::get_if<double>(&cells[c])) {
          line[c] = human_number(*number, m_columns[c].type, shown[c]);
        } else if (const auto* string = std::get_if<std::string>(&cells[c])) {
          // Escaped before measuring, so the column fits what is printed.
          line[c] = m_format == OutputFormat::markdown ? escape_markdown(visible_text(*string)) : visible_text(*string);
        }
        width[c] = std::max(width[c], display_width(line[c]));
      }
    }
    const bool markdown = m_format == OutputFormat::markdown;
    std::string out;
    if (!m_title.empty()) {
      const std::string title = visible_text(m_title);
      out += markdown ? fmt::format("### {}\n\n", title) : fmt::format("{}\n", title);
    }
    std::vector<std::string> header;
    for (const auto& column : m_columns) {
      header.push_back(markdown ? escape_markdown(visible_text(column.name)) : visible_text(column.name));
    }
    out += layout(header, width, markdown);
    if (markdown) {
      std::string rule = "|";
      for (std::size_t c = 0; c < count; ++c) {
        const bool right = right_aligned(m_columns[c].type);
        rule += fmt::format(" {}{} |", std::string(std::max<std::size_t>(width[c], 3) - 1, '-'), right ? ":" : "-");
      }
      out += rule + "\n";
    } else {
      std::string rule;
      for (std::size_t c = 0; c < count; ++c) {
        rule += (c > 0 ? "  " : "") + std::string(width[c], '-');
      }
      out += rule + "\n";
    }
    for (const auto& line : text) {
      out += layout(line, width, markdown);
    }
    if (!summary.empty()) {
      out += "\n";
      for (const auto& item : summary) {
        std::string value = visible_text(plain_cell(item.value, item.decimals));
        if (const auto* number = std::get_if<double>(&item.value)) {
          value = human_number(*number, item.type, human_decimals(*number, item.type, item.decimals));
        }
        out += fmt::format("{}{}: {}\n", markdown ? "- " : "", visible_text(item.label), value);
      }
    }
    m_output.write(out);
  }

 private:
  std::string layout(const std::vector<std::string>& cells, const std::vector<std::size_t>& width,
                     bool markdown) const {
    std::string line = markdown ? "|" : "";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string& cell = cells[c];
      const std::size_t cell_width = std::max(width[c], markdown ? std::size_t{3} : std::size_t{0});
      const std::size_t pad = cell_width - std::min(cell_width, display_width(cell));
      const bool right = right_aligned(m_columns[c].type);
      if (markdown) {
        line += " ";
      } else if (c > 0) {
        line += "  ";
      }
      if (right) {
        line += std::string(pad, ' ') + cell;
      } else if (c + 1 < cells.size() || markdown) {
        line += cell + std::string(pad, ' ');
      } else {
        line += cell;  // no trailing blanks at the end of a line
      }
      if (markdown) {
        line += " |";
      }
    }
    if (!markdown) {
      // An empty last cell (a blank total) must not leave blanks at the end of the line.
      line.erase(line.find_last_not_of(' ') + 1);
    }
    return line + "\n";
  }

  static std::string escape_markdown(const std::string& text) {
    std::string escaped;
    for (char c : text) {
      if (c == '|') {
        escaped += '\\';
      }
      escaped += c;
    }
    return escaped;
  }

  Output& m_output;
  OutputFormat m_format;
  std::vector<Column> m_columns;
  std::vector<std::vector<Cell>> m_rows;
  std::string m_title;
};

}  // namespace

OutputFormat parse_output_format(std::string_view name) {
  if (name == "table") return OutputFormat::table;
  if (name == "csv") return OutputFormat::csv;
  if (name == "tsv") return OutputFormat::tsv;
  if (name == "json") return OutputFormat::json;
  if (name == "markdown" || name == "md") return OutputFormat::markdown;
  throw usage_error(fmt::format("unknown format '{}' (choose table, csv, tsv, json or markdown)", name));
}

std::string_view output_format_name(OutputFormat format) {
  switch (format) {
    case OutputFormat::table: return "table";
    case OutputFormat::csv: return "csv";
    case OutputFormat::tsv: return "tsv";
    case OutputFormat::json: return "json";
    case OutputFormat::markdown: return "markdown";
  }
  return "table";
}

std::optional<OutputFormat> output_format_for_file(std::string_view path) {
  // x.csv.gz is csv, compressed (Output writes a .gz name through gzip).
  if (is_gzip_name(path)) {
    path.remove_suffix(3);
  }
  const std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string extension;
  for (const char c : path.substr(dot + 1)) {
    extension += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (extension == "csv") return OutputFormat::csv;
  if (extension == "tsv") return OutputFormat::tsv;
  if (extension == "json") return OutputFormat::json;
  if (extension == "md" || extension == "markdown") return OutputFormat::markdown;
  return std::nullopt;
}

void RowWriter::format_row(const std::vector<Cell>&, std::string&) const {
  throw std::logic_error("format_row() on a layout that measures every row first");
}

void RowWriter::write_formatted(std::string_view) {
  throw std::logic_error("write_formatted() on a layout that measures every row first");
}

std::unique_ptr<RowWriter> make_row_writer(OutputFormat format, Output& output) {
  switch (format) {
    case OutputFormat::csv: return std::make_unique<DelimitedWriter>(output, ',');
    case OutputFormat::tsv: return std::make_unique<DelimitedWriter>(output, '\t');
    case OutputFormat::json: return std::make_unique<JsonWriter>(output);
    case OutputFormat::table:
    case OutputFormat::markdown: return std::make_unique<AlignedWriter>(output, format);
  }
  return std::make_unique<AlignedWriter>(output, OutputFormat::table);
}

std::string format_plain(double value, int decimals) {
  return fmt::format("{}", round_to(value, decimals));
}

std::string format_exact(double value) {
  std::string text;
  append_exact(text, value, 2);
  return text;
}

std::string format_grouped(double value, int decimals) {
  const double rounded = round_to(value, decimals);
  std::string digits = fmt::format("{:.{}f}", std::fabs(rounded), decimals);
  const std::size_t point = digits.find('.');
  const std::size_t integer_end = point == std::string::npos ? digits.size() : point;
  std::string grouped;
  for (std::size_t i = 0; i < integer_end; ++i) {
    if (i > 0 && (integer_end - i) % 3 == 0) {
      grouped += ',';
    }
    grouped += digits[i];
  }
  grouped += digits.substr(integer_end);
  return (rounded < 0 ? "-" : "") + grouped;
}

std::string visible_text(std::string_view text) {
  const auto is_control = [](unsigned char byte) { return byte < 0x20 || byte == 0x7F; };
  bool plain = true;
  for (std::size_t i = 0; i < text.size() && plain; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    // U+0080..U+009F (C1 controls, e.g. CSI) are 0xC2 0x80..0x9F in UTF-8.
    plain = !is_control(byte) &&
            !(byte == 0xC2 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80);
  }
  if (plain) {
    return std::string(text);  // the usual case: no copy-and-scan twice
  }
  std::string shown;
  shown.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\t') {
      shown += "\\t";
    } else if (byte == '\n') {
      shown += "\\n";
    } else if (byte == '\r') {
      shown += "\\r";
    } else if (is_control(byte)) {
      shown += fmt::format("\\x{:02x}", byte);
    } else if (byte == 0xC2 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80) {
      shown += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1]));
      ++i;
    } else {
      shown += text[i];
    }
  }
  return shown;
}

std::string json_quote(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    switch (c) {
      case '"': quoted += "\\\""; break;
      case '\\': quoted += "\\\\"; break;
      case '\n': quoted += "\\n"; break;
      case '\r': quoted += "\\r"; break;
      case '\t': quoted += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          quoted += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          quoted += c;
        }
    }
  }
  quoted += '"';
  return quoted;
}

}  // namespace clv::io
