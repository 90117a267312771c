#pragma once
// A streaming reader of transaction logs: one row per purchase with a customer id, a purchase
// date (or date-time) and optionally an amount. Formats:
//  - CSV with a header (RFC 4180 quoting), TSV or any one-byte delimiter,
//  - whitespace-separated text without quoting (the CDNOW files), with or without a header,
//  - JSON lines: one object per line, e.g. {"customer_id": "c1", "date": "2014-03-08", "amount": 9.5}.
// UTF-8 BOM and CRLF are accepted. Columns are chosen by header name (case-insensitive) or by
// 1-based position. Memory does not grow with the file.
//
// Dates: automatic (ISO 8601 `2014-03-08`, `2014-03-08 10:00:00`, `2014-03-08T10:00:00Z`,
// fractional seconds and a UTC offset allowed; or compact `20140308`), or an explicit
// strftime-style format (%Y %m %d %H %M %S %%, other characters literal). Only the calendar date
// as written is kept; the time of day and any offset are checked and dropped (a purchase
// belongs to the day printed in the log). In automatic mode the first row fixes the family
// (ISO or compact); a later row in the other family is an error, as mixed formats usually mean
// mixed sources.
//
// Amounts: one column, or (order exports) the product of a quantity and a unit price column.
// Negative amounts (refunds, cancellations) are read as they are with Returns::net (the summary
// nets them within their period) and are bad rows with Returns::error.
//
// A bad date, amount or missing field, or an empty id (a guest checkout) or one that is not valid
// UTF-8, is a data error (exit 65) naming file, line, column and field. With BadRows::skip such a
// row is counted and left out instead.

#include "clv/error.hpp"
#include "clv/io/input.hpp"
#include "clv/io/number.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clv::io {

enum class LogFormat { automatic, delimited, whitespace, json_lines };
enum class HeaderMode { present, absent };
enum class BadRows { fail, skip };
enum class Returns { net, error };

// A column chosen by name or by 1-based position. "3" is position 3; anything else a name.
struct ColumnChoice {
  std::string name;
  std::size_t position = 0;  // 0: by name

  [[nodiscard]] static ColumnChoice parse(std::string_view text);
  [[nodiscard]] std::string describe() const;  // "'amount'" or "column 3"
};

struct TransactionLogOptions {
  LogFormat format = LogFormat::automatic;  // automatic: sniffed from the first line
  char delimiter = ',';                     // for LogFormat::delimited
  HeaderMode header = HeaderMode::present;
  ColumnChoice id_column{"customer_id"};
  ColumnChoice date_column{"date"};
  // nullopt: use an "amount" column if the log has one, else the log has no amounts.
  std::optional<ColumnChoice> amount_column;
  // An order export: the amount is quantity x unit price. Both or neither, and not with
  // amount_column (a usage error).
  std::optional<ColumnChoice> quantity_column;
  std::optional<ColumnChoice> price_column;
  std::string date_format;  // empty: automatic
  BadRows bad_rows = BadRows::fail;
  Returns returns = Returns::net;
  DecimalMark decimal = DecimalMark::point;
};

// Days since 1970-01-01 (negative before).
using DayNumber = std::int32_t;

struct Transaction {
  std::string_view customer_id;  // valid until the next call to next()
  DayNumber day = 0;
  double amount = 0.0;           // 0 when the log has no amounts; negative for a refund
  std::size_t line = 0;
};

// Parses dates in one layout. Automatic layout locks onto the family of the first date seen.
class DateParser {
 public:
  // Throws clv::Error (usage) for an unsupported conversion in `format`.
  explicit DateParser(std::string format = {});
  // The day, or nullopt with `problem` set to a message like "is not a date (expected YYYY-MM-DD)".
  [[nodiscard]] std::optional<DayNumber> parse(std::string_view text, std::string& problem);

 private:
  enum class Family { unknown, iso, compact };
  std::optional<DayNumber> parse_automatic(std::string_view text, std::string& problem);
  std::optional<DayNumber> parse_format(std::string_view text, std::string& problem) const;

  std::string m_format;
  Family m_family = Family::unknown;
};

// The years a date may have (four digits, no year 0).
inline constexpr int k_first_year = 1;
inline constexpr int k_last_year = 9999;

// A calendar date to its day number; nullopt for an impossible date (2014-02-30) or a year
// outside k_first_year..k_last_year.
[[nodiscard]] std::optional<DayNumber> day_from_civil(int year, unsigned month, unsigned day) noexcept;
// Day number to "YYYY-MM-DD".
[[nodiscard]] std::string format_day(DayNumber day);
// Parses a date given on the command line (any automatic layout); throws clv::Error (usage).
[[nodiscard]] DayNumber parse_day_option(std::string_view text, std::string_view option_name);

class TransactionReader {
 public:
  // Reads the header (if any) at once: throws clv::Error (data_error) for a missing column.
  TransactionReader(InputSource& source, TransactionLogOptions options);
  ~TransactionReader();
  TransactionReader(const TransactionReader&) = delete;
  TransactionReader& operator=(const TransactionReader&) = delete;

  // Reads the next good row; false at the end of the input.
  bool next(Transaction& transaction);

  [[nodiscard]] bool has_amounts() const noexcept;
  [[nodiscard]] std::uint64_t rows_skipped() const noexcept;
  // The first few skipped rows' errors, for a warning.
  [[nodiscard]] const std::vector<Error>& skipped_examples() const noexcept;
  [[nodiscard]] const std::string& source_name() const noexcept;

  struct Impl;

 private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace clv::io
