// The transaction-log reader: formats, columns, dates, and every kind of bad input.
#include "clv/io/transaction_reader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "error_description.hpp"

using Approx = Catch::Detail::Approx;
using clv::io::BadRows;
using clv::io::ColumnChoice;
using clv::io::HeaderMode;
using clv::io::LogFormat;
using clv::io::Transaction;
using clv::io::TransactionLogOptions;
using clv::io::TransactionReader;

namespace {

struct Row {
  std::string id;
  clv::io::DayNumber day;
  double amount;
  std::size_t line;
};

std::vector<Row> read_all(const std::string& text, TransactionLogOptions options = {}) {
  auto input = clv::io::memory_input(text, "log.csv");
  TransactionReader reader(*input, std::move(options));
  std::vector<Row> rows;
  Transaction transaction;
  while (reader.next(transaction)) {
    rows.push_back({std::string(transaction.customer_id), transaction.day, transaction.amount, transaction.line});
  }
  return rows;
}

// The error message ("FILE:LINE:COL: field: message") of reading `text`, or "" if none.
std::string error_of(const std::string& text, TransactionLogOptions options = {}) {
  return clv::test::error_description([&] { return read_all(text, std::move(options)); });
}

clv::io::DayNumber day(int y, unsigned m, unsigned d) { return *clv::io::day_from_civil(y, m, d); }

}  // namespace

TEST_CASE("day numbers count from 1970-01-01", "[transaction_reader]") {
  CHECK(day(1970, 1, 1) == 0);
  CHECK(day(1969, 12, 31) == -1);
  CHECK(day(1997, 1, 1) == 9862);    // 27 * 365 + 7 leap days
  CHECK(day(2000, 3, 1) == 11017);   // 10957 to 2000-01-01, + 31 + 29
  CHECK_FALSE(clv::io::day_from_civil(2014, 2, 29).has_value());
  CHECK(clv::io::format_day(11017) == "2000-03-01");
}

TEST_CASE("CSV with a header: columns by case-insensitive name, any order", "[transaction_reader]") {
  const auto rows = read_all("Amount,Date,Customer_ID,extra\n9.5,2014-03-08,c1,x\n0,2014-03-09,c2,y\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == "c1");
  CHECK(rows[0].day == day(2014, 3, 8));
  CHECK(rows[0].amount == 9.5);
  CHECK(rows[0].line == 2);
  CHECK(rows[1].id == "c2");
  CHECK(rows[1].amount == 0.0);
}

TEST_CASE("RFC 4180 quoting, BOM and CRLF are accepted", "[transaction_reader]") {
  const auto rows = read_all("\xEF\xBB\xBF" "customer_id,date,amount\r\n\"Smith, J\",2014-03-08,\"12.5\"\r\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].id == "Smith, J");
  CHECK(rows[0].amount == 12.5);
}

TEST_CASE("whitespace-separated CDNOW rows without a header, by position, CRLF", "[transaction_reader]") {
  TransactionLogOptions options;
  options.header = HeaderMode::absent;
  options.id_column = ColumnChoice::parse("2");
  options.date_column = ColumnChoice::parse("3");
  options.amount_column = ColumnChoice::parse("5");
  const auto rows = read_all(" 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n", options);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == "0001");
  CHECK(rows[0].day == day(1997, 1, 1));
  CHECK(rows[1].amount == 29.73);
}

TEST_CASE("whitespace-separated with a header (CDNOW master)", "[transaction_reader]") {
  TransactionLogOptions options;
  options.date_column = ColumnChoice::parse("date");
  options.amount_column = ColumnChoice::parse("dollar_value");
  const auto rows =
      read_all(" customer_id  date number_of_cds  dollar_value\r\n 00001 19970101 1  11.77\r\n", options);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].id == "00001");
  CHECK(rows[0].amount == 11.77);
}

TEST_CASE("positions with a header skip the header line", "[transaction_reader]") {
  TransactionLogOptions options;
  options.id_column = ColumnChoice::parse("2");
  options.date_column = ColumnChoice::parse("1");
  const auto rows = read_all("date,id\n2014-03-08 00:00:00,0\n", options);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].id == "0");
}

TEST_CASE("TSV is recognised from the first line", "[transaction_reader]") {
  const auto rows = read_all("customer_id\tdate\tamount\nc 1\t2014-03-08\t3\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].id == "c 1");
  CHECK(rows[0].amount == 3.0);
}

TEST_CASE("JSON lines: string or integer ids, numeric or string amounts", "[transaction_reader]") {
  const auto rows = read_all(
      "{\"customer_id\": \"a\", \"date\": \"2014-03-08\", \"amount\": 2.5}\n"
      "\n"
      "{\"Customer_ID\": 17, \"date\": \"2014-03-09\", \"amount\": \"4\"}\r\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == "a");
  CHECK(rows[0].amount == 2.5);
  CHECK(rows[1].id == "17");
  CHECK(rows[1].line == 3);
  CHECK(rows[1].amount == 4.0);
  // A whole-number date is read as YYYYMMDD.
  CHECK(read_all("{\"customer_id\": 1, \"date\": 20140309}\n").at(0).day == day(2014, 3, 9));
}

TEST_CASE("JSON lines errors name the line and member", "[transaction_reader]") {
  CHECK(error_of("{\"customer_id\": \"a\", \"date\": \"2014-03-08\"}\n{\"customer_id\": \"b\"}\n") ==
        "log.csv:2: object has no 'date' member");
  TransactionLogOptions strict;
  strict.returns = clv::io::Returns::error;
  CHECK(error_of("{\"customer_id\": \"a\", \"date\": \"2014-03-08\", \"amount\": -1}\n", strict) ==
        "log.csv:1: amount: '-1' is negative (a refund: with --returns net it is netted within its period, or use "
        "--skip-bad-rows to leave such rows out)");
  CHECK(read_all("{\"customer_id\": \"a\", \"date\": \"2014-03-08\", \"amount\": -1}\n").at(0).amount == -1);
  CHECK(error_of("{\"customer_id\": [1], \"date\": \"2014-03-08\"}\n") ==
        "log.csv:1: customer_id: customer id [1] is not a string or whole number");
  CHECK(error_of("{\"customer_id\": \"a\", \"date\": \"2014-03-08\"}\n{oops\n").rfind("log.csv:2:", 0) == 0);
}

TEST_CASE("JSON lines: a member named twice is a bad row at the second one", "[transaction_reader]") {
  // Column 57 of line 2: the second "amount" (counted by hand).
  const std::string log = "{\"customer_id\": \"a\", \"date\": \"2014-03-08\", \"amount\": 1}\n"
                          "{\"customer_id\": \"b\", \"date\": \"2014-03-09\", \"amount\": 2, \"amount\": 3}\n";
  CHECK(error_of(log) == "log.csv:2:57: amount: duplicate key \"amount\"");
  TransactionLogOptions skip;
  skip.bad_rows = BadRows::skip;
  const auto rows = read_all(log, skip);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].id == "a");
}

TEST_CASE("customer ids must be valid UTF-8", "[transaction_reader]") {
  CHECK(error_of("customer_id,date\n\xFF,2014-03-08\n") == "log.csv:2:1: customer_id: is not valid UTF-8");
  // The euro sign without its last byte, in the second column, after a good row.
  CHECK(error_of("date,Customer_ID\n2014-03-08,ok\n2014-03-09,pay\xE2\x82\n") ==
        "log.csv:3:12: Customer_ID: is not valid UTF-8");
  TransactionLogOptions cdnow;
  cdnow.header = HeaderMode::absent;
  cdnow.id_column = ColumnChoice::parse("1");
  cdnow.date_column = ColumnChoice::parse("2");
  CHECK(error_of("0001 19970101\n 0002\xC0\xAF 19970102\n", cdnow) == "log.csv:2:2: column 1: is not valid UTF-8");
  // Well-formed multi-byte ids are kept as they are.
  const auto rows = read_all("customer_id,date\nJos\xC3\xA9,2014-03-08\n\xE5\xBC\xA0\xE4\xBC\x9F,2014-03-09\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == "Jos\xC3\xA9");
  CHECK(rows[1].id == "\xE5\xBC\xA0\xE4\xBC\x9F");
  // A bad row like any other: skipped and counted on request.
  TransactionLogOptions skip;
  skip.bad_rows = BadRows::skip;
  auto input = clv::io::memory_input("customer_id,date\n\xFF,2014-03-08\nb,2014-03-09\n", "log.csv");
  TransactionReader reader(*input, skip);
  Transaction transaction;
  REQUIRE(reader.next(transaction));
  CHECK(transaction.customer_id == "b");
  CHECK_FALSE(reader.next(transaction));
  CHECK(reader.rows_skipped() == 1);
  // JSON lines: the JSON parser rejects the line first.
  CHECK(error_of("{\"customer_id\": \"\xFF\", \"date\": \"2014-03-08\"}\n").rfind("log.csv:1:", 0) == 0);
}

TEST_CASE("ISO 8601 date-times keep the calendar date as written", "[transaction_reader]") {
  const auto rows = read_all(
      "customer_id,date\n"
      "a,2014-03-08\n"
      "a,2014-03-08 23:59:59\n"
      "a,2014-03-08T10:00:00Z\n"
      "a,2014-03-08T10:00:00.125+05:30\n"
      "a,2014-03-08T10:00-0800\n");
  REQUIRE(rows.size() == 5);
  for (const Row& row : rows) {
    CHECK(row.day == day(2014, 3, 8));
  }
}

TEST_CASE("compact YYYYMMDD and an explicit --date-format", "[transaction_reader]") {
  CHECK(read_all("customer_id,date\na,20140308\n").at(0).day == day(2014, 3, 8));
  TransactionLogOptions options;
  options.date_format = "%d/%m/%Y %H:%M";
  const auto rows = read_all("customer_id,date\na,8/3/2014 10:05\nb,31/12/1999 00:00\n", options);
  CHECK(rows.at(0).day == day(2014, 3, 8));
  CHECK(rows.at(1).day == day(1999, 12, 31));
  options.date_format = "%d.%m.%Y";
  CHECK(error_of("customer_id,date\na,2014-03-08\n", options) ==
        "log.csv:2:3: date: '2014-03-08' does not match the date format '%d.%m.%Y'");
  CHECK_THROWS_AS(clv::io::DateParser("%Y-%b-%d"), clv::Error);
}

TEST_CASE("dates: a format must have a year, and years run from 0001 to 9999", "[transaction_reader]") {
  CHECK_THROWS_WITH(clv::io::DateParser("%d/%m"), "--date-format: '%d/%m' has no year (%Y); every date needs one");
  CHECK_NOTHROW(clv::io::DateParser("%Y%m"));
  CHECK_FALSE(clv::io::day_from_civil(0, 1, 1).has_value());
  CHECK_FALSE(clv::io::day_from_civil(10000, 1, 1).has_value());
  CHECK(day(1, 1, 1) == -719162);  // 1969 years of 365 days + 477 leap days before 1970
  CHECK(clv::io::format_day(day(9999, 12, 31)) == "9999-12-31");
  CHECK(error_of("customer_id,date\na,0000-01-01\n") ==
        "log.csv:2:3: date: '0000-01-01' is not a date clv accepts: years run from 0001 to 9999");
  TransactionLogOptions options;
  options.date_format = "%d.%m.%Y";
  CHECK(error_of("customer_id,date\na,01.01.0000\n", options) ==
        "log.csv:2:3: date: '01.01.0000' is not a date clv accepts: years run from 0001 to 9999");
}

TEST_CASE("bad dates are errors with line, column and field", "[transaction_reader]") {
  CHECK(error_of("customer_id,date\nabc,2014-02-30\n") == "log.csv:2:5: date: '2014-02-30' is not a calendar date");
  CHECK(error_of("customer_id,date\nabc,2014-3-8\n") ==
        "log.csv:2:5: date: '2014-3-8' is not a date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, "
        "YYYY-MM-DDTHH:MM:SSZ or YYYYMMDD; see --date-format)");
  CHECK(error_of("customer_id,date\na,2014-03-08 25:00:00\n")
            .rfind("log.csv:2:3: date: '2014-03-08 25:00:00' is not a date", 0) == 0);
  CHECK(error_of("customer_id,date\na,\n").rfind("log.csv:2:3: date: '' is not a date", 0) == 0);
}

TEST_CASE("mixed date formats are an error at the first row that differs", "[transaction_reader]") {
  CHECK(error_of("customer_id,date\na,2014-03-08\nb,20140309\n") ==
        "log.csv:3:3: date: '20140309' is not in the date format of the first row (YYYY-MM-DD); mixed "
        "date formats");
}

TEST_CASE("bad amounts: non-numeric, not finite, negative", "[transaction_reader]") {
  // An unquoted decimal comma makes a row one field too long: it was read as 12 before.
  CHECK(error_of("customer_id,date,amount\na,2014-03-08,1.5\na,2014-03-09,12,50\n") ==
        "log.csv:3: row has 4 fields where the header has 3");
  CHECK(error_of("customer_id,date,amount\na,2014-03-08,$5\n") == "log.csv:2:14: amount: '$5' is not a number");
  CHECK(error_of("customer_id,date,amount\na,2014-03-08,nan\n") ==
        "log.csv:2:14: amount: 'nan' is not a finite number");
  CHECK(error_of("customer_id,date,amount\na,2014-03-08,\n") == "log.csv:2:14: amount: '' is empty");
  TransactionLogOptions strict;
  strict.returns = clv::io::Returns::error;
  CHECK(error_of("customer_id,date,amount\na,2014-03-08,-3\n", strict).rfind("log.csv:2:14: amount: '-3' is negative", 0) ==
        0);
  CHECK(read_all("customer_id,date,amount\na,2014-03-08,-3\n").at(0).amount == -3);  // Returns::net by default
}

TEST_CASE("missing columns: in the header, and short rows", "[transaction_reader]") {
  CHECK(error_of("kunde,date\n1,2014-03-08\n") ==
        "log.csv:1: the header has no column 'customer_id' (columns: kunde, date); choose another by name or "
        "position (--column customer_id=HEADER), or use --no-header");
  // The usual spellings of the default columns need no option.
  CHECK(error_of("Customer ID,Order Date\n1,2014-03-08\n").empty());
  TransactionLogOptions options;
  options.amount_column = ColumnChoice::parse("price");
  CHECK(error_of("customer_id,date\n1,2014-03-08\n", options).rfind("log.csv:1: the header has no column 'price'", 0) ==
        0);
  CHECK(error_of("customer_id,date,amount\n1,2014-03-08\n") == "log.csv:2: row has 2 fields where the header has 3");
  CHECK(error_of("customer_id,date,amount,note\n1,2014-03-08,5\n") == "log.csv:2: row has 3 fields where the header has 4");
  CHECK(error_of("customer_id,date\n,2014-03-08\n") ==
        "log.csv:2:1: customer_id: customer id is empty (a guest checkout? --skip-bad-rows leaves such rows out)");
}

TEST_CASE("an amount column is optional unless asked for", "[transaction_reader]") {
  auto input = clv::io::memory_input("customer_id,date\na,2014-03-08\n", "log.csv");
  TransactionReader reader(*input, {});
  CHECK_FALSE(reader.has_amounts());
  Transaction transaction;
  REQUIRE(reader.next(transaction));
  CHECK(transaction.amount == 0.0);
}

TEST_CASE("skipping bad rows counts them and keeps the good ones", "[transaction_reader]") {
  TransactionLogOptions options;
  options.bad_rows = BadRows::skip;
  auto input = clv::io::memory_input(
      "customer_id,date,amount\na,2014-03-08,1\nb,yesterday,2\nc,2014-03-09,x\nd\ne,2014-03-10,5\n", "log.csv");
  TransactionReader reader(*input, options);
  std::vector<std::string> ids;
  Transaction transaction;
  while (reader.next(transaction)) {
    ids.emplace_back(transaction.customer_id);
  }
  CHECK(ids == std::vector<std::string>{"a", "e"});
  CHECK(reader.rows_skipped() == 3);
  REQUIRE(reader.skipped_examples().size() == 3);
  CHECK(reader.skipped_examples()[1].describe() == "log.csv:4:14: amount: 'x' is not a number");
}

TEST_CASE("every row is as wide as the header, or without one as the first row", "[transaction_reader]") {
  // Blank lines, a final newline, CRLF and trailing blank lines are not rows.
  CHECK(read_all("customer_id,date,amount\r\na,2014-03-08,1\r\n\r\nb,2014-03-09,2\r\n\r\n\n").size() == 2);
  CHECK(read_all("customer_id,date,amount\na,2014-03-08,1").size() == 1);
  // A comma inside a quoted field is not a delimiter.
  CHECK(read_all("customer_id,date,amount\n\"a,b\",2014-03-08,1\n").at(0).id == "a,b");

  TransactionLogOptions skip;
  skip.bad_rows = BadRows::skip;
  auto input = clv::io::memory_input("customer_id,date,amount\na,2014-03-08,1\nb,2014-03-09,1,5\nc,2014-03-10,2\n",
                                     "log.csv");
  TransactionReader reader(*input, skip);
  std::vector<std::string> ids;
  Transaction transaction;
  while (reader.next(transaction)) {
    ids.emplace_back(transaction.customer_id);
  }
  CHECK(ids == std::vector<std::string>{"a", "c"});
  REQUIRE(reader.rows_skipped() == 1);
  CHECK(reader.skipped_examples()[0].describe() == "log.csv:3: row has 4 fields where the header has 3");

  // Without a header, the first row that holds the chosen positions sets the width.
  TransactionLogOptions positions;
  positions.header = HeaderMode::absent;
  positions.id_column = ColumnChoice::parse("1");
  positions.date_column = ColumnChoice::parse("2");
  positions.amount_column = ColumnChoice::parse("3");
  CHECK(read_all("a,2014-03-08,1,x\nb,2014-03-09,2,y\n", positions).size() == 2);
  CHECK(error_of("a,2014-03-08,1\nb,2014-03-09,2,5\n", positions) ==
        "log.csv:2: row has 4 fields where the first row has 3");
  CHECK(error_of("a,2014-03-08,1,x\nb,2014-03-09,2\n", positions) ==
        "log.csv:2: row has 3 fields where the first row has 4");
  CHECK(error_of("a,2014-03-08\n", positions) == "log.csv:1: row has 2 fields; missing column 3");
  TransactionLogOptions skip_positions = positions;
  skip_positions.bad_rows = BadRows::skip;
  const auto kept = read_all("a,2014-03-08\nb,2014-03-09,2\nc,2014-03-10,3,x\nd,2014-03-11,4\n", skip_positions);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].id == "b");
  CHECK(kept[1].id == "d");
  // Whitespace-separated: runs of blanks are one separator, so ragged spacing is no extra field.
  TransactionLogOptions cdnow = positions;
  cdnow.format = LogFormat::whitespace;
  CHECK(read_all("00001  19970101   11.77\n 00002 19970112 12.00  \n", cdnow).size() == 2);
  CHECK(error_of("00001 19970101 11.77\n00002 19970112 12.00 3\n", cdnow) ==
        "log.csv:2: row has 4 fields where the first row has 3");
}

TEST_CASE("a column position past the header's width is refused at the header", "[transaction_reader]") {
  TransactionLogOptions options;
  options.amount_column = ColumnChoice::parse("4");
  auto input = clv::io::memory_input("customer_id,date,amount\na,2014-03-08,1,5\n", "log.csv");
  try {
    TransactionReader reader(*input, options);
    FAIL("no error");
  } catch (const clv::Error& error) {
    CHECK(error.code() == clv::ExitCode::usage);
    CHECK(error.describe() == "log.csv:1: the header has no column 4 (columns: customer_id, date, amount)");
  }
}

TEST_CASE("an empty log has no rows, and a header-only log too", "[transaction_reader]") {
  CHECK(read_all("").empty());
  CHECK(read_all("customer_id,date,amount\n").empty());
}

TEST_CASE("a 1 MB line is read whole (records up to 64 MiB are accepted)", "[transaction_reader]") {
  const std::string long_id(std::size_t{1} << 20, 'x');
  const auto rows = read_all("customer_id,date,note\n" + long_id + ",2014-03-08," + std::string(1000, 'n') +
                             "\nb,2014-03-09,\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == long_id);
  CHECK(rows[1].id == "b");
  // A bad value that long is shown shortened in the message.
  const std::string message = error_of("customer_id,date\na," + std::string(std::size_t{1} << 20, '9') + "\n");
  CHECK(message.size() < 300);
  CHECK(message.rfind("log.csv:2:3: date: '999", 0) == 0);
}

TEST_CASE("JSON lines cannot use column positions, and no-header needs positions", "[transaction_reader]") {
  TransactionLogOptions options;
  options.id_column = ColumnChoice::parse("1");
  CHECK_THROWS_AS(read_all("{\"a\": 1}\n", options), clv::Error);
  TransactionLogOptions no_header;
  no_header.header = HeaderMode::absent;
  CHECK_THROWS_AS(read_all("a,2014-03-08\n", no_header), clv::Error);
}

TEST_CASE("order exports: amount = quantity x unit price, refunds kept as negative amounts", "[transaction_reader]") {
  TransactionLogOptions options;
  options.id_column = ColumnChoice::parse("CustomerID");
  options.date_column = ColumnChoice::parse("InvoiceDate");
  options.quantity_column = ColumnChoice::parse("Quantity");
  options.price_column = ColumnChoice::parse("UnitPrice");
  options.date_format = "%m/%d/%Y %H:%M";
  const std::string log =
      "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
      "536365,6,12/1/2010 8:26,2.55,17850\n"
      "C536379,-2,12/1/2010 9:41,4.25,17850\n"
      "536380,3,1/12/2011 17:05,0,12583\n";
  const auto rows = read_all(log, options);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].id == "17850");
  CHECK(rows[0].day == day(2010, 12, 1));
  CHECK(rows[0].amount == Approx(15.3));  // 6 x 2.55
  CHECK(rows[1].amount == Approx(-8.5));  // -2 x 4.25: a cancellation
  CHECK(rows[2].day == day(2011, 1, 12));
  CHECK(rows[2].amount == 0);
  CHECK_FALSE(std::signbit(rows[2].amount));
  auto input = clv::io::memory_input(log, "log.csv");
  CHECK(TransactionReader(*input, options).has_amounts());

  options.returns = clv::io::Returns::error;
  CHECK(error_of(log, options) ==
        "log.csv:3:9: Quantity: quantity '-2' x price '4.25' is negative (a refund: with --returns net it is netted "
        "within its period, or use --skip-bad-rows to leave such rows out)");
  options.returns = clv::io::Returns::net;
  CHECK(error_of("InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,12/1/2010 8:26,x,5\n", options) ==
        "log.csv:2:20: UnitPrice: 'x' is not a number");
  // A guest checkout (no customer id) names its line; --skip-bad-rows counts it.
  const std::string guest = "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,12/1/2010 8:26,3,\n"
                            "2,1,12/2/2010 8:26,3,7\n";
  CHECK(error_of(guest, options) == "log.csv:2:22: CustomerID: customer id is empty (a guest checkout? "
                                    "--skip-bad-rows leaves such rows out)");
  options.bad_rows = BadRows::skip;
  auto guest_input = clv::io::memory_input(guest, "log.csv");
  TransactionReader reader(*guest_input, options);
  Transaction transaction;
  REQUIRE(reader.next(transaction));
  CHECK(transaction.customer_id == "7");
  CHECK(transaction.amount == 3);
  CHECK_FALSE(reader.next(transaction));
  CHECK(reader.rows_skipped() == 1);
}

TEST_CASE("order exports in JSON lines and without a header", "[transaction_reader]") {
  TransactionLogOptions options;
  options.quantity_column = ColumnChoice::parse("qty");
  options.price_column = ColumnChoice::parse("price");
  const auto rows = read_all("{\"customer_id\": \"a\", \"date\": \"2014-03-08\", \"qty\": 3, \"price\": \"1.5\"}\n", options);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].amount == 4.5);
  CHECK(error_of("{\"customer_id\": \"a\", \"date\": \"2014-03-08\", \"qty\": 3}\n", options) ==
        "log.csv:1: object has no 'price' member");
  TransactionLogOptions positions;
  positions.header = HeaderMode::absent;
  positions.id_column = ColumnChoice::parse("1");
  positions.date_column = ColumnChoice::parse("2");
  positions.quantity_column = ColumnChoice::parse("3");
  positions.price_column = ColumnChoice::parse("4");
  const auto plain = read_all("a,2014-03-08,-2,2.5\n", positions);
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].amount == -5);
  CHECK(error_of("a,2014-03-08,2\n", positions) == "log.csv:1: row has 3 fields; missing column 4");
}

TEST_CASE("quantity and price columns go together, and not with an amount column", "[transaction_reader]") {
  TransactionLogOptions options;
  options.quantity_column = ColumnChoice::parse("Quantity");
  auto check_usage = [](const TransactionLogOptions& o, const std::string& message) {
    auto input = clv::io::memory_input("customer_id,date\na,2014-03-08\n", "log.csv");
    try {
      TransactionReader reader(*input, o);
      FAIL("no error");
    } catch (const clv::Error& error) {
      CHECK(error.code() == clv::ExitCode::usage);
      CHECK(error.message() == message);
    }
  };
  check_usage(options, "--quantity needs --price (the amount is quantity x unit price)");
  options.price_column = ColumnChoice::parse("Price");
  options.amount_column = ColumnChoice::parse("amount");
  check_usage(options, "give either --amount or --quantity with --price, not both");
}

TEST_CASE("decimal commas: read with the option, named in the message without it", "[transaction_reader]") {
  TransactionLogOptions options;
  options.format = LogFormat::delimited;
  options.delimiter = ';';
  const std::string log = "customer_id;date;amount\na;2014-03-08;85,50\nb;2014-03-09;1.200,00\n";
  CHECK(error_of(log, options) ==
        "log.csv:2:14: amount: '85,50' is not a number (it has a decimal comma: read the file with --decimal-comma)");
  options.decimal = clv::io::DecimalMark::comma;
  const auto rows = read_all(log, options);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].amount == 85.5);
  CHECK(rows[1].amount == 1200);
  // A semicolon file read as comma-separated: the header is one field; the message says -d ';'.
  TransactionLogOptions commas;
  commas.format = LogFormat::delimited;
  CHECK(error_of(log, commas) ==
        "log.csv:1: the header has no column 'customer_id' (columns: customer_id;date;amount); choose another by "
        "name or position (--column customer_id=HEADER), or use --no-header; the header looks ';'-separated: use -d "
        "';'");
  // Read automatically, the delimiter is found from the header: the advice is the decimal comma's.
  CHECK(error_of(log) ==
        "log.csv:2:14: amount: '85,50' is not a number (it has a decimal comma: read the file with --decimal-comma)");
}

TEST_CASE("date formats of order exports: %m/%d/%Y %H:%M", "[transaction_reader]") {
  clv::io::DateParser parser("%m/%d/%Y %H:%M");
  std::string problem;
  CHECK(parser.parse("12/1/2010 8:26", problem) == day(2010, 12, 1));
  CHECK(parser.parse("1/12/2011 17:05", problem) == day(2011, 1, 12));
  CHECK(parser.parse("12/09/2011 12:50", problem) == day(2011, 12, 9));
  CHECK_FALSE(parser.parse("13/1/2011 8:00", problem).has_value());
  CHECK(problem == "'13/1/2011 8:00' is not a calendar date");
  CHECK_FALSE(parser.parse("12/1/2010", problem).has_value());
  CHECK(problem == "'12/1/2010' does not match the date format '%m/%d/%Y %H:%M'");
  CHECK_FALSE(parser.parse("12/1/2010 25:00", problem).has_value());
}
