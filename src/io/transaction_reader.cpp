#include "clv/io/transaction_reader.hpp"

#include "clv/io/chunk_buffer.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/header.hpp"
#include "clv/io/json_depth.hpp"
#include "clv/io/json_errors.hpp"
#include "clv/io/number.hpp"
#include "clv/io/text_width.hpp"
#include "json_parse.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

namespace clv::io {

namespace {

constexpr std::size_t k_max_examples = 5;
constexpr std::size_t k_sniff_bytes = std::size_t{1} << 16;
constexpr std::size_t k_max_line_bytes = std::size_t{64} << 20;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// Reads exactly `count` digits at `pos`; false if any is missing.
bool digits(std::string_view text, std::size_t& pos, std::size_t count, int& value) noexcept {
  if (pos + count > text.size()) {
    return false;
  }
  int result = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (!is_digit(c)) {
      return false;
    }
    result = result * 10 + (c - '0');
  }
  pos += count;
  value = result;
  return true;
}

// One or two digits (strptime's %m, %d, %H ...).
bool short_digits(std::string_view text, std::size_t& pos, int& value) noexcept {
  if (pos >= text.size() || !is_digit(text[pos])) {
    return false;
  }
  value = text[pos++] - '0';
  if (pos < text.size() && is_digit(text[pos])) {
    value = value * 10 + (text[pos++] - '0');
  }
  return true;
}

bool valid_time(int hour, int minute, int second) noexcept {
  return hour < 24 && minute < 60 && second <= 60;  // 60: a leap second
}

// "THH:MM[:SS[.fff]][Z|+HH:MM|+HHMM|+HH]" after an ISO date; the separator may be ' ' or 'T'.
bool iso_time_ok(std::string_view text, std::size_t pos) noexcept {
  if (pos == text.size()) {
    return true;
  }
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') {
    return false;
  }
  ++pos;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!digits(text, pos, 2, hour) || pos >= text.size() || text[pos] != ':') {
    return false;
  }
  ++pos;
  if (!digits(text, pos, 2, minute)) {
    return false;
  }
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!digits(text, pos, 2, second)) {
      return false;
    }
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      const std::size_t start = pos;
      while (pos < text.size() && is_digit(text[pos])) {
        ++pos;
      }
      if (pos == start) {
        return false;
      }
    }
  }
  if (!valid_time(hour, minute, second)) {
    return false;
  }
  if (pos == text.size()) {
    return true;
  }
  if (text[pos] == 'Z' || text[pos] == 'z') {
    return pos + 1 == text.size();
  }
  if (text[pos] != '+' && text[pos] != '-') {
    return false;
  }
  ++pos;
  int offset_hours = 0;
  int offset_minutes = 0;
  if (!digits(text, pos, 2, offset_hours)) {
    return false;
  }
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
  }
  if (pos < text.size() && !digits(text, pos, 2, offset_minutes)) {
    return false;
  }
  return pos == text.size() && offset_hours <= 23 && offset_minutes <= 59;
}

std::string shown(std::string_view text) {
  constexpr std::size_t k_shown = 60;
  if (text.size() <= k_shown) {
    return std::string(text);
  }
  return std::string(text.substr(0, k_shown)) + "...";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Columns and dates

ColumnChoice ColumnChoice::parse(std::string_view text) {
  ColumnChoice choice;
  if (!text.empty() && std::all_of(text.begin(), text.end(), is_digit) && text.size() <= 6) {
    std::size_t position = 0;
    for (char c : text) {
      position = position * 10 + static_cast<std::size_t>(c - '0');
    }
    if (position > 0) {
      choice.position = position;
      return choice;
    }
  }
  choice.name = std::string(text);
  return choice;
}

std::string ColumnChoice::describe() const {
  return position > 0 ? fmt::format("column {}", position) : fmt::format("'{}'", name);
}

std::optional<DayNumber> day_from_civil(int year, unsigned month, unsigned day) noexcept {
  if (year < k_first_year || year > k_last_year) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  if (!date.ok()) {
    return std::nullopt;
  }
  return static_cast<DayNumber>(std::chrono::sys_days{date}.time_since_epoch().count());
}

std::string format_day(DayNumber day) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

namespace {

std::string calendar_problem(std::string_view text, int year) {
  if (year < k_first_year || year > k_last_year) {
    return fmt::format("'{}' is not a date clv accepts: years run from 0001 to 9999", shown(text));
  }
  return fmt::format("'{}' is not a calendar date", shown(text));
}

}  // namespace

DayNumber parse_day_option(std::string_view text, std::string_view option_name) {
  DateParser parser;
  std::string problem;
  const auto day = parser.parse(text, problem);
  if (!day) {
    throw usage_error(fmt::format("{}: {}", option_name, problem));
  }
  return *day;
}

DateParser::DateParser(std::string format) : m_format(std::move(format)) {
  for (std::size_t i = 0; i < m_format.size(); ++i) {
    if (m_format[i] != '%') {
      continue;
    }
    const char conversion = i + 1 < m_format.size() ? m_format[i + 1] : '\0';
    if (std::strchr("YmdHMS%", conversion) == nullptr || conversion == '\0') {
      throw usage_error(fmt::format(
          "--date-format: unsupported conversion '%{}' in '{}' (supported: %Y %m %d %H %M %S %%)",
          conversion == '\0' ? std::string() : std::string(1, conversion), m_format));
    }
    ++i;
  }
  // Without a year every date would fall in year 0: refuse rather than guess one.
  if (!m_format.empty() && m_format.find("%Y") == std::string::npos) {
    throw usage_error(fmt::format("--date-format: '{}' has no year (%Y); every date needs one", m_format));
  }
}

std::optional<DayNumber> DateParser::parse(std::string_view text, std::string& problem) {
  return m_format.empty() ? parse_automatic(text, problem) : parse_format(text, problem);
}

std::optional<DayNumber> DateParser::parse_automatic(std::string_view text, std::string& problem) {
  int year = 0;
  int month = 0;
  int day = 0;
  std::size_t pos = 0;
  Family family = Family::unknown;
  if (text.size() >= 10 && text[4] == '-') {
    if (digits(text, pos, 4, year) && text[pos++] == '-' && digits(text, pos, 2, month) &&
        pos < text.size() && text[pos++] == '-' && digits(text, pos, 2, day) && iso_time_ok(text, pos)) {
      family = Family::iso;
    }
  } else if (text.size() == 8 && digits(text, pos, 4, year) && digits(text, pos, 2, month) &&
             digits(text, pos, 2, day)) {
    family = Family::compact;
  }
  if (family == Family::unknown) {
    problem = fmt::format("'{}' is not a date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, "
                          "YYYY-MM-DDTHH:MM:SSZ or YYYYMMDD; see --date-format)",
                          shown(text));
    return std::nullopt;
  }
  if (m_family == Family::unknown) {
    m_family = family;
  } else if (family != m_family) {
    problem = fmt::format("'{}' is not in the date format of the first row ({}); mixed date formats",
                          shown(text), m_family == Family::iso ? "YYYY-MM-DD" : "YYYYMMDD");
    return std::nullopt;
  }
  const auto result = day_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (!result) {
    problem = calendar_problem(text, year);
  }
  return result;
}

std::optional<DayNumber> DateParser::parse_format(std::string_view text, std::string& problem) const {
  int year = 0;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::size_t pos = 0;
  bool ok = true;
  for (std::size_t i = 0; ok && i < m_format.size(); ++i) {
    const char f = m_format[i];
    if (f != '%') {
      ok = pos < text.size() && text[pos] == f;
      ++pos;
      continue;
    }
    switch (m_format[++i]) {
      case 'Y': ok = digits(text, pos, 4, year); break;
      case 'm': ok = short_digits(text, pos, month); break;
      case 'd': ok = short_digits(text, pos, day); break;
      case 'H': ok = short_digits(text, pos, hour); break;
      case 'M': ok = short_digits(text, pos, minute); break;
      case 'S': ok = short_digits(text, pos, second); break;
      default:  // '%%'
        ok = pos < text.size() && text[pos] == '%';
        ++pos;
        break;
    }
  }
  if (!ok || pos != text.size() || !valid_time(hour, minute, second)) {
    problem = fmt::format("'{}' does not match the date format '{}'", shown(text), m_format);
    return std::nullopt;
  }
  const auto result = day_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (!result) {
    problem = calendar_problem(text, year);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Input plumbing

namespace {


// Guesses the format from the first non-blank line: '{' is JSON lines, a tab TSV, a comma CSV,
// anything else whitespace-separated.
LogFormat sniff(std::string_view head, char& delimiter) {
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") {
    head.remove_prefix(3);
  }
  std::size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) {
    return LogFormat::delimited;
  }
  std::string_view line = head.substr(start);
  line = line.substr(0, line.find('\n'));
  if (line.front() == '{') {
    return LogFormat::json_lines;
  }
  if (const auto found = detect_delimiter(line)) {
    delimiter = *found;
    return LogFormat::delimited;
  }
  return LogFormat::whitespace;
}

// Splits the input into lines (for JSON lines), with line numbers, CRLF and BOM handled.
class LineReader {
 public:
  explicit LineReader(InputSource& source) : m_buffer(source, "line", k_max_line_bytes) {}

  bool next(std::string_view& line, std::size_t& number) {
    for (;;) {
      const char* const data = m_buffer.data();
      const std::size_t scan = m_buffer.scan();
      const void* lf = std::memchr(data + scan, '\n', m_buffer.end() - scan);
      if (lf == nullptr && !m_buffer.eof()) {
        m_buffer.set_scan(m_buffer.end());
        m_buffer.fill(m_line);
        continue;
      }
      if (lf == nullptr && m_buffer.begin() == m_buffer.end()) {
        return false;
      }
      const std::size_t stop =
          lf != nullptr ? static_cast<std::size_t>(static_cast<const char*>(lf) - data) : m_buffer.end();
      line = std::string_view(data + m_buffer.begin(), stop - m_buffer.begin());
      if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
      }
      number = m_line++;
      m_buffer.consume_to(lf != nullptr ? stop + 1 : m_buffer.end());
      if (trim(line).empty()) {
        continue;
      }
      return true;
    }
  }

 private:
  ChunkBuffer m_buffer;
  std::size_t m_line = 1;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// The reader

struct TransactionReader::Impl {
  Impl(InputSource& source, TransactionLogOptions options)
      : m_options(std::move(options)), m_dates(m_options.date_format) {
    if (m_options.quantity_column.has_value() != m_options.price_column.has_value()) {
      throw usage_error(m_options.quantity_column ? "--quantity needs --price (the amount is quantity x unit price)"
                                                  : "--price needs --quantity (the amount is quantity x unit price)");
    }
    if (m_options.quantity_column && m_options.amount_column) {
      throw usage_error("give either --amount or --quantity with --price, not both");
    }
    // Sniff and keep the bytes read, so that standard input works too.
    std::string head;
    head.resize(k_sniff_bytes);
    std::size_t used = 0;
    while (used < head.size()) {
      const std::size_t count = source.read(head.data() + used, head.size() - used);
      if (count == 0) {
        break;
      }
      used += count;
      if (std::memchr(head.data(), '\n', used) != nullptr) {
        break;
      }
    }
    head.resize(used);
    if (m_options.format == LogFormat::automatic) {
      m_options.format = sniff(head, m_options.delimiter);
    }
    m_input = prefixed_input(std::move(head), source);
    if (m_options.format == LogFormat::json_lines) {
      m_options.decimal = DecimalMark::point;  // JSON numbers have decimal points
      if (m_options.id_column.position > 0 || m_options.date_column.position > 0 ||
          (m_options.amount_column && m_options.amount_column->position > 0) ||
          (m_options.quantity_column && (m_options.quantity_column->position > 0 || m_options.price_column->position > 0))) {
        throw usage_error("JSON lines have no column positions: choose fields by name");
      }
      m_lines = std::make_unique<LineReader>(*m_input);
      return;
    }
    CsvOptions csv;
    csv.separator = m_options.format == LogFormat::whitespace ? Separator::whitespace : Separator::delimiter;
    csv.delimiter = m_options.delimiter;
    csv.decimal = m_options.decimal;
    m_csv = std::make_unique<CsvReader>(*m_input, csv);
    resolve_columns();
  }

  void resolve_columns() {
    const bool by_name = m_options.id_column.position == 0 || m_options.date_column.position == 0 ||
                         (m_options.amount_column && m_options.amount_column->position == 0) ||
                         (m_options.quantity_column && (m_options.quantity_column->position == 0 ||
                                                        m_options.price_column->position == 0));
    if (m_options.header == HeaderMode::absent) {
      if (by_name) {
        throw usage_error("a log without a header needs column positions (e.g. --id 1 --date 2 --amount 3)");
      }
      m_id_index = m_options.id_column.position - 1;
      m_date_index = m_options.date_column.position - 1;
      if (m_options.amount_column) {
        m_amount_index = m_options.amount_column->position - 1;
      }
      m_id_label = m_options.id_column.describe();
      m_date_label = m_options.date_column.describe();
      m_amount_label = m_options.amount_column ? m_options.amount_column->describe() : std::string();
      if (m_options.quantity_column) {
        m_amount_index = m_options.quantity_column->position - 1;
        m_price_index = m_options.price_column->position - 1;
        m_amount_label = m_options.quantity_column->describe();
        m_price_label = m_options.price_column->describe();
      }
      set_needed();
      return;
    }
    if (!m_csv->next(m_record)) {
      m_empty = true;  // an empty log: no header, no rows
      return;
    }
    auto find = [this](const ColumnChoice& choice, bool required, std::string& label) -> std::optional<std::size_t> {
      if (choice.position > 0) {
        if (choice.position > m_record.fields.size()) {
          // Every row is as wide as the header, so no row could hold this column.
          throw Error(ExitCode::usage,
                      fmt::format("the header has no {} (columns: {}){}", choice.describe(), list_headers(m_record),
                                  delimiter_hint(m_record, m_csv->options())),
                      Location{m_csv->source_name(), m_record.line});
        }
        label = std::string(trim(m_record.fields[choice.position - 1]));
        if (label.empty()) {
          label = choice.describe();
        }
        return choice.position - 1;
      }
      // The name as given (case, spaces and underscores ignored); for a field's canonical name
      // (the default), any of its usual spellings (clv/io/header.hpp).
      const std::string wanted = normalise_header(choice.name);
      for (std::size_t i = 0; i < m_record.fields.size(); ++i) {
        if (normalise_header(m_record.fields[i]) == wanted) {
          label = std::string(trim(m_record.fields[i]));
          return i;
        }
      }
      const auto field = field_of_header(choice.name);
      if (field && normalise_header(field_name(*field)) == wanted) {
        for (std::size_t i = 0; i < m_record.fields.size(); ++i) {
          if (field_of_header(m_record.fields[i]) == field) {
            label = std::string(trim(m_record.fields[i]));
            return i;
          }
        }
      }
      if (!required) {
        return std::nullopt;
      }
      // A column the user named is a usage error; the default one missing is the data's.
      const bool by_default = field && normalise_header(field_name(*field)) == wanted;
      throw Error(by_default ? ExitCode::data_error : ExitCode::usage,
                  fmt::format("the header has no column '{}' (columns: {}); choose another by name "
                                   "or position (--column {}=HEADER), or use --no-header{}",
                                   choice.name, list_headers(m_record),
                              field ? field_name(*field) : std::string_view("FIELD"),
                              delimiter_hint(m_record, m_csv->options())),
                  Location{m_csv->source_name(), m_record.line});
    };
    m_id_index = *find(m_options.id_column, true, m_id_label);
    m_date_index = *find(m_options.date_column, true, m_date_label);
    if (m_options.quantity_column) {
      m_amount_index = find(*m_options.quantity_column, true, m_amount_label);
      m_price_index = find(*m_options.price_column, true, m_price_label);
    } else if (m_options.amount_column) {
      m_amount_index = find(*m_options.amount_column, true, m_amount_label);
    } else {
      m_amount_index = find(ColumnChoice{"amount"}, false, m_amount_label);
    }
    set_needed();
    m_width = m_record.fields.size();
  }

  void set_needed() {
    m_needed = std::max({m_id_index, m_date_index, m_amount_index.value_or(0), m_price_index.value_or(0)}) + 1;
  }

  [[nodiscard]] const std::string& name() const { return m_input->name(); }

  // Records a bad row: throws when failing, else counts it. Returns false (the row is dropped).
  bool bad_row(Error error) {
    if (m_options.bad_rows == BadRows::fail) {
      throw error;
    }
    ++m_skipped;
    if (m_examples.size() < k_max_examples) {
      m_examples.push_back(std::move(error));
    }
    return false;
  }

  // A number of the amount (or quantity, or price) column; nullopt after recording a bad row.
  std::optional<double> amount_number(std::string_view text, std::size_t line, std::size_t column,
                                      const std::string& label) {
    const ParsedNumber number = parse_number(text, m_options.decimal);
    if (number.problem != NumberProblem::none) {
      bad_row(data_error(fmt::format("'{}' {}", shown(text), describe(number.problem)),
                         Location{name(), line, column, label}));
      return std::nullopt;
    }
    return number.value;
  }

  // `price` is set for an order export (`amount` is then the quantity).
  bool parse_fields(std::string_view id, std::string_view date, std::optional<std::string_view> amount,
                    std::optional<std::string_view> price, std::size_t line, std::size_t id_column,
                    std::size_t date_column, std::size_t amount_column, std::size_t price_column,
                    Transaction& transaction) {
    if (id.empty()) {
      return bad_row(data_error("customer id is empty (a guest checkout? --skip-bad-rows leaves such rows out)",
                                Location{name(), line, id_column, m_id_label}));
    }
    if (!is_valid_utf8(id)) {
      return bad_row(data_error("is not valid UTF-8", Location{name(), line, id_column, m_id_label}));
    }
    const auto day = m_dates.parse(date, m_problem);
    if (!day) {
      return bad_row(data_error(m_problem, Location{name(), line, date_column, m_date_label}));
    }
    double value = 0.0;
    if (amount) {
      const auto first = amount_number(*amount, line, amount_column, m_amount_label);
      if (!first) {
        return false;
      }
      value = *first;
      if (price) {
        const auto unit_price = amount_number(*price, line, price_column, m_price_label);
        if (!unit_price) {
          return false;
        }
        value *= *unit_price;
        if (!std::isfinite(value)) {
          return bad_row(data_error(fmt::format("quantity '{}' x price '{}' is not a finite number", shown(*amount),
                                                shown(*price)),
                                    Location{name(), line, amount_column, m_amount_label}));
        }
        value = value == 0.0 ? 0.0 : value;  // never -0
      }
      if (value < 0 && m_options.returns == Returns::error) {
        const std::string what = price ? fmt::format("quantity '{}' x price '{}'", shown(*amount), shown(*price))
                                       : fmt::format("'{}'", shown(*amount));
        return bad_row(data_error(fmt::format("{} is negative (a refund: with --returns net it is netted within its "
                                              "period, or use --skip-bad-rows to leave such rows out)",
                                              what),
                                  Location{name(), line, amount_column, m_amount_label}));
      }
    }
    transaction.customer_id = id;
    transaction.day = *day;
    transaction.amount = value;
    transaction.line = line;
    return true;
  }

  bool next_delimited(Transaction& transaction) {
    if (m_empty) {
      return false;
    }
    for (;;) {
      if (!m_csv->next(m_record)) {
        return false;
      }
      const std::size_t count = m_record.fields.size();
      if (m_width == 0 && count >= m_needed) {
        m_width = count;  // without a header, the first row that holds the columns sets the width
      }
      if (m_width != 0) {
        if (auto error = row_width_error(m_record, m_width, name(),
                                         m_options.header == HeaderMode::absent ? RowWidthFrom::first_row
                                                                                : RowWidthFrom::header)) {
          bad_row(std::move(*error));
          continue;
        }
      }
      if (count < m_needed) {
        const std::string& label = m_id_index >= count                      ? m_id_label
                                   : m_date_index >= count                  ? m_date_label
                                   : m_amount_index && *m_amount_index >= count ? m_amount_label
                                                                                : m_price_label;
        bad_row(data_error(fmt::format("row has {} field{}; missing {}", count, count == 1 ? "" : "s", label),
                           Location{name(), m_record.line}));
        continue;
      }
      std::optional<std::string_view> amount;
      std::optional<std::string_view> price;
      std::size_t amount_column = 0;
      std::size_t price_column = 0;
      if (m_amount_index) {
        amount = m_record.fields[*m_amount_index];
        amount_column = m_record.columns[*m_amount_index];
      }
      if (m_price_index) {
        price = m_record.fields[*m_price_index];
        price_column = m_record.columns[*m_price_index];
      }
      if (parse_fields(m_record.fields[m_id_index], m_record.fields[m_date_index], amount, price, m_record.line,
                       m_record.columns[m_id_index], m_record.columns[m_date_index], amount_column, price_column,
                       transaction)) {
        return true;
      }
    }
  }

  // Finds `choice.name` among the object's keys, ignoring case.
  static const nlohmann::json* member(const nlohmann::json& object, const std::string& key) {
    const auto exact = object.find(key);
    if (exact != object.end()) {
      return &*exact;
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (equal_ignoring_case(it.key(), key)) {
        return &*it;
      }
    }
    return nullptr;
  }

  // The text of a number member (a JSON number, or a string holding one); false after recording
  // a bad row.
  bool json_number_text(const nlohmann::json& value, std::string& text, std::size_t line, const std::string& label) {
    if (value.is_number()) {
      text = value.dump();
    } else if (value.is_string()) {
      text = value.get<std::string>();
    } else {
      bad_row(data_error(fmt::format("{} is not a number", shown(value.dump())), Location{name(), line, 0, label}));
      return false;
    }
    return true;
  }

  bool next_json(Transaction& transaction) {
    std::string_view line;
    std::size_t number = 0;
    while (m_lines->next(line, number)) {
      if (const auto deep = find_excess_nesting(line)) {
        bad_row(data_error(fmt::format("not a JSON object: nested more than {} levels deep", k_max_json_depth),
                           Location{name(), number, deep->column}));
        continue;
      }
      nlohmann::json object;
      try {
        parse_json_refusing_duplicates(line, object);
      } catch (const nlohmann::json::parse_error& error) {
        bad_row(data_error(fmt::format("not a JSON object: {}", json_error_message(error.what())),
                           Location{name(), number, json_error_position(line, error.byte).column}));
        continue;
      } catch (const JsonKeyRefused& error) {
        bad_row(data_error(error.what(),
                           Location{name(), number, json_error_position(line, error.byte()).column, error.field()}));
        continue;
      } catch (const nlohmann::json::out_of_range& error) {
        // A number beyond double's range, e.g. an amount of 1e400.
        bad_row(data_error(fmt::format("not a JSON object: {}", json_error_message(error.what())),
                           Location{name(), number}));
        continue;
      }
      if (!object.is_object()) {
        bad_row(data_error("not a JSON object", Location{name(), number}));
        continue;
      }
      if (!m_json_started) {
        m_json_started = true;
        m_id_label = m_options.id_column.name;
        m_date_label = m_options.date_column.name;
        m_json_amount = m_options.amount_column.has_value() || m_options.quantity_column.has_value() ||
                        member(object, "amount") != nullptr;
        m_amount_label = m_options.quantity_column ? m_options.quantity_column->name
                         : m_options.amount_column ? m_options.amount_column->name
                                                   : std::string("amount");
        if (m_options.price_column) {
          m_price_label = m_options.price_column->name;
        }
      }
      const nlohmann::json* id = member(object, m_id_label);
      const nlohmann::json* date = member(object, m_date_label);
      const nlohmann::json* amount = m_json_amount ? member(object, m_amount_label) : nullptr;
      const nlohmann::json* price = m_price_label.empty() ? nullptr : member(object, m_price_label);
      if (id == nullptr || date == nullptr || (m_json_amount && amount == nullptr) ||
          (!m_price_label.empty() && price == nullptr)) {
        const std::string& missing = id == nullptr     ? m_id_label
                                     : date == nullptr ? m_date_label
                                     : amount == nullptr ? m_amount_label
                                                         : m_price_label;
        bad_row(data_error(fmt::format("object has no '{}' member", missing), Location{name(), number}));
        continue;
      }
      if (id->is_string()) {
        m_id_text = id->get<std::string>();
      } else if (id->is_number_integer()) {
        m_id_text = id->dump();
      } else {
        bad_row(data_error(fmt::format("customer id {} is not a string or whole number", shown(id->dump())),
                           Location{name(), number, 0, m_id_label}));
        continue;
      }
      if (date->is_string()) {
        m_date_text = date->get<std::string>();
      } else if (date->is_number_integer()) {
        m_date_text = date->dump();  // 20140308
      } else {
        bad_row(data_error(fmt::format("{} is not a date", shown(date->dump())),
                           Location{name(), number, 0, m_date_label}));
        continue;
      }
      std::optional<std::string_view> amount_text;
      if (amount != nullptr) {
        if (!json_number_text(*amount, m_amount_text, number, m_amount_label)) {
          continue;
        }
        amount_text = m_amount_text;
      }
      std::optional<std::string_view> price_text;
      if (price != nullptr) {
        if (!json_number_text(*price, m_price_text, number, m_price_label)) {
          continue;
        }
        price_text = m_price_text;
      }
      if (parse_fields(m_id_text, m_date_text, amount_text, price_text, number, 0, 0, 0, 0, transaction)) {
        return true;
      }
    }
    return false;
  }

  TransactionLogOptions m_options;
  DateParser m_dates;
  std::unique_ptr<InputSource> m_input;
  std::unique_ptr<CsvReader> m_csv;
  std::unique_ptr<LineReader> m_lines;
  CsvRecord m_record;
  std::size_t m_id_index = 0;
  std::size_t m_date_index = 0;
  std::optional<std::size_t> m_amount_index;  // the quantity with a price column
  std::optional<std::size_t> m_price_index;
  std::size_t m_needed = 0;  // fields a row must have
  std::size_t m_width = 0;   // fields every row has: the header's, or the first row's; 0 until known
  std::string m_id_label;
  std::string m_date_label;
  std::string m_amount_label;
  std::string m_price_label;
  bool m_empty = false;
  bool m_json_started = false;
  bool m_json_amount = false;
  std::string m_id_text;
  std::string m_date_text;
  std::string m_amount_text;
  std::string m_price_text;
  std::string m_problem;
  std::uint64_t m_skipped = 0;
  std::vector<Error> m_examples;
};

TransactionReader::TransactionReader(InputSource& source, TransactionLogOptions options)
    : m_impl(std::make_unique<Impl>(source, std::move(options))) {}

TransactionReader::~TransactionReader() = default;

bool TransactionReader::next(Transaction& transaction) {
  return m_impl->m_lines ? m_impl->next_json(transaction) : m_impl->next_delimited(transaction);
}

bool TransactionReader::has_amounts() const noexcept {
  return m_impl->m_lines ? m_impl->m_json_amount : m_impl->m_amount_index.has_value();
}

std::uint64_t TransactionReader::rows_skipped() const noexcept { return m_impl->m_skipped; }

const std::vector<Error>& TransactionReader::skipped_examples() const noexcept { return m_impl->m_examples; }

const std::string& TransactionReader::source_name() const noexcept { return m_impl->name(); }

}  // namespace clv::io
