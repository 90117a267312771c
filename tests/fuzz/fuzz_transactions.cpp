// Fuzzes the transaction-log reader and its date parsing. The first byte picks the log format,
// header mode, bad-row policy and date format (automatic or one of several strftime-style
// layouts); the rest is the log. The input's length modulo 8 picks decimal commas, quantity x
// price amounts (without a header) and strict returns. Any bytes either read or throw clv::Error; nothing else.
// Also feeds each line to a DateParser directly and to parse_day_option.
#include "clv/error.hpp"
#include "clv/io/input.hpp"
#include "clv/io/transaction_reader.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

constexpr std::array<const char*, 8> k_date_formats = {
    "", "%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%m/%d/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S%%", "%d.%m.%Y", "%Y %d"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const unsigned choice = data[0];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  clv::io::TransactionLogOptions options;
  options.format = static_cast<clv::io::LogFormat>(choice % 4);
  options.delimiter = (choice & 4U) != 0 ? '\t' : ',';
  options.header = (choice & 8U) != 0 ? clv::io::HeaderMode::absent : clv::io::HeaderMode::present;
  options.bad_rows = (choice & 16U) != 0 ? clv::io::BadRows::skip : clv::io::BadRows::fail;
  options.date_format = k_date_formats[(choice >> 5U) % k_date_formats.size()];
  const auto extra = static_cast<unsigned>(size % 8);
  options.decimal = (extra & 1U) != 0 ? clv::io::DecimalMark::comma : clv::io::DecimalMark::point;
  options.returns = (extra & 4U) != 0 ? clv::io::Returns::error : clv::io::Returns::net;
  if (options.header == clv::io::HeaderMode::absent) {
    options.id_column = clv::io::ColumnChoice::parse("1");
    options.date_column = clv::io::ColumnChoice::parse("2");
    if ((extra & 2U) != 0) {
      options.quantity_column = clv::io::ColumnChoice::parse("3");
      options.price_column = clv::io::ColumnChoice::parse("4");
    } else {
      options.amount_column = clv::io::ColumnChoice::parse("3");
    }
  }
  try {
    auto input = clv::io::memory_input(text, "fuzz.log");
    clv::io::TransactionReader reader(*input, options);
    clv::io::Transaction transaction;
    while (reader.next(transaction)) {
      (void)clv::io::format_day(transaction.day);
    }
  } catch (const clv::Error&) {
    // Bad data is reported, never crashed on.
  }
  // Each line as a date, in automatic mode and in the chosen format.
  std::string_view rest(text);
  for (int lines = 0; !rest.empty() && lines < 64; ++lines) {
    const auto end = rest.find('\n');
    const auto line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    std::string problem;
    try {
      clv::io::DateParser automatic;
      if (const auto day = automatic.parse(line, problem)) {
        (void)clv::io::format_day(*day);
      }
      clv::io::DateParser formatted(options.date_format);
      (void)formatted.parse(line, problem);
      (void)clv::io::parse_day_option(line, "--date");
    } catch (const clv::Error&) {
    }
  }
  return 0;
}
