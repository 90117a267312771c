#include "clv/io/summary_reader.hpp"

#include "clv/error.hpp"
#include "clv/io/input.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "error_description.hpp"

namespace {

clv::SummaryTable read(const std::string& text, clv::io::CsvOptions options = {}) {
  auto source = clv::io::memory_input(text, "s.csv");
  return clv::io::read_summary(*source, options);
}

// The error's one-line description, or "" when reading succeeds.
std::string error_of(const std::string& text) {
  return clv::test::error_description([&] { return read(text); }, clv::ExitCode::data_error);
}

}  // namespace

TEST_CASE("summary reader: the lifetimes CDNOW layouts") {
  // cdnow_customers_summary.csv's header and first rows.
  const auto plain = read("ID,frequency,recency,T\n1,2,30.43,38.86\n2,1,1.71,38.86\n3,0,0,38.86\n");
  REQUIRE(plain.customers.size() == 3);
  CHECK(plain.customers[0].id == "1");
  CHECK(plain.customers[0].frequency == 2.0);
  CHECK(plain.customers[0].recency == 30.43);
  CHECK(plain.customers[0].age == 38.86);
  CHECK(plain.customers[2].frequency == 0.0);
  CHECK(plain.customers[1].weight == 1.0);
  CHECK(plain.holdout.empty());
  CHECK_FALSE(plain.unit.has_value());

  // cdnow_customers_summary_with_transactions.csv: x, t_x, zbar, no final newline.
  const auto spend = read("ID,x,t_x,T,zbar\n1,2,30.43,38.86,22.35\n2357,0,0.00,27.00,0.00");
  REQUIRE(spend.customers.size() == 2);
  CHECK(spend.customers[0].monetary_value == 22.35);
  CHECK(spend.customers[1].id == "2357");
  CHECK(spend.customers[1].age == 27.0);
}

TEST_CASE("summary reader: each customer's line is kept for errors found later") {
  // A quoted newline in an id and a blank line: line numbers are the file's, not row counts.
  const auto table = read("id,frequency,recency,T\n\"a\nb\",1,2,5\n\nc,0,0,5\n");
  REQUIRE(table.customers.size() == 2);
  CHECK(table.lines == std::vector<std::size_t>{2, 5});
}

TEST_CASE("summary reader: names are case-insensitive, any order, extra columns ignored, TSV") {
  const auto table = read("Recency\tnote\tCUSTOMER_ID\tAge\tFrequency\tMonetary_Value\tCount\n"
                          "4\tx\tc1\t10\t3\t12.5\t7\n",
                          clv::io::CsvOptions{clv::io::Separator::delimiter, '\t'});
  REQUIRE(table.customers.size() == 1);
  const auto& customer = table.customers[0];
  CHECK(customer.id == "c1");
  CHECK(customer.frequency == 3.0);
  CHECK(customer.recency == 4.0);
  CHECK(customer.age == 10.0);
  CHECK(customer.monetary_value == 12.5);
  CHECK(customer.weight == 7.0);
}

TEST_CASE("summary reader: the calibration/holdout form of clv rfm") {
  const auto table = read(
      "customer_id,frequency_cal,recency_cal,T_cal,monetary_value_cal,frequency_holdout,monetary_value_holdout,"
      "duration_holdout\n"
      "a,2,20,39,15.5,1,30,39\n"
      "b,0,0,35,0,0,0,39\n");
  REQUIRE(table.customers.size() == 2);
  REQUIRE(table.holdout.size() == 2);
  CHECK(table.customers[0].frequency == 2.0);
  CHECK(table.customers[0].recency == 20.0);
  CHECK(table.customers[0].age == 39.0);
  CHECK(table.customers[0].monetary_value == 15.5);
  CHECK(table.holdout[0].frequency == 1.0);
  CHECK(table.holdout[0].monetary_value == 30.0);
  CHECK(table.holdout[0].duration == 39.0);
  CHECK(table.holdout[1].frequency == 0.0);

  CHECK(error_of("customer_id,frequency_cal,recency_cal,T_cal\na,1,2,3\n") ==
        "s.csv:1: calibration summary has no 'frequency_holdout' column");
}

TEST_CASE("summary reader: every bad value is named with file, line, column and field") {
  const std::string header = "id,frequency,recency,T\n";
  CHECK(error_of(header + "1,-1,0,5\n") == "s.csv:2:3: frequency: '-1' is negative");
  CHECK(error_of(header + "1,1,-2,5\n") == "s.csv:2:5: recency: '-2' is negative");
  CHECK(error_of(header + "1,1,2,-5\n") == "s.csv:2:7: T: '-5' is negative");
  CHECK(error_of(header + "1,1,2,nan\n") == "s.csv:2:7: T: 'nan' is not a finite number");
  CHECK(error_of(header + "1,1,2,1e400\n") == "s.csv:2:7: T: '1e400' is not a finite number");
  CHECK(error_of(header + "1,1.5,2,5\n") ==
        "s.csv:2:3: frequency: '1.5' is not a whole number (frequency counts repeat purchases)");
  CHECK(error_of(header + "1,1,6,5\n") ==
        "s.csv:2:5: recency: recency 6 is greater than T 5 (the last purchase cannot come after the end of "
        "observation)");
  CHECK(error_of(header + "1,0,2,5\n") ==
        "s.csv:2:5: recency: recency 2 with frequency 0 (recency must be 0 without repeat purchases)");
  CHECK(error_of(header + "1,1,2,5\n2,0,0,5\n1,3,4,5\n") ==
        "s.csv:4:1: id: duplicate customer id '1' (first on line 2)");
  CHECK(error_of(header + ",1,2,5\n") == "s.csv:2:1: id: customer id is empty");
  CHECK(error_of(header + "\xFF,1,2,5\n") == "s.csv:2:1: id: is not valid UTF-8");
  CHECK(error_of("frequency,recency,T,customer_id\n1,2,5,ok\n1,2,5,pay\xE2\x82\n") ==
        "s.csv:3:7: customer_id: is not valid UTF-8");
  CHECK(error_of(header + "1,1,2\n") == "s.csv:2: row has 3 fields where the header has 4");
  CHECK(error_of(header + "1,1,2,5\n2,0,0,5,99\n") == "s.csv:3: row has 5 fields where the header has 4");
  // A trailing column the reader does not use must be there as well.
  CHECK(error_of("id,frequency,recency,T,segment\n1,1,2,5\n") == "s.csv:2: row has 4 fields where the header has 5");
  CHECK(error_of("id,frequency,recency,T,count\n1,1,2,5,0\n") ==
        "s.csv:2:9: count: '0' is not a positive count of customers");
  CHECK(error_of("id,x,t_x,T,zbar\n1,1,2,5,-3\n") == "s.csv:2:9: zbar: '-3' is negative");
}

TEST_CASE("summary reader: empty files and missing columns") {
  CHECK(error_of("") == "s.csv: summary is empty: expected a header line and one row per customer");
  CHECK(error_of("id,frequency,recency,T\n") == "s.csv: summary has a header but no customers");
  CHECK(error_of("id,frequency,T\n1,0,0\n") == "s.csv:1: summary has no 'recency' column (columns: id, frequency, T; map one with --column recency=HEADER)");
  CHECK(error_of("customer_id,date,amount\nc1,2024-01-01,5\n") ==
        "s.csv:1: summary has no 'frequency' column (this looks like a transaction log: summarise it with "
        "`clv rfm` first)");
  CHECK(error_of("id,x,frequency,recency,T\n") == "s.csv:1:6: frequency: column 'frequency' is a second frequency column (the first is 'x', column 2); choose "
            "one with --column frequency=HEADER");
}

TEST_CASE("summary reader: a frequency of 0 with recency 0 and zero age are valid") {
  const auto table = read("id,frequency,recency,T\nnew,0,0,0\nq,\"2\",1e1,10.0\n");
  REQUIRE(table.customers.size() == 2);
  CHECK(table.customers[0].age == 0.0);
  CHECK(table.customers[1].frequency == 2.0);
  CHECK(table.customers[1].recency == 10.0);
}

TEST_CASE("summary reader: decimal commas with --decimal-comma, and a hint without it") {
  clv::io::CsvOptions options;
  options.delimiter = ';';
  options.decimal = clv::io::DecimalMark::comma;
  const auto table = read("customer_id;frequency;recency;T;monetary_value\na;2;10,5;38,25;1.234,50\n", options);
  REQUIRE(table.customers.size() == 1);
  CHECK(table.customers[0].recency == 10.5);
  CHECK(table.customers[0].age == 38.25);
  CHECK(table.customers[0].monetary_value == 1234.5);
  options.decimal = clv::io::DecimalMark::point;
  try {
    (void)read("customer_id;frequency;recency;T\na;2;10,5;38\n", options);
    FAIL("expected an error");
  } catch (const clv::Error& error) {
    CHECK(error.describe() ==
          "s.csv:2:5: recency: '10,5' is not a number (it has a decimal comma: read the file with --decimal-comma)");
  }
  // The same file read as comma-separated: the header is one field.
  CHECK(error_of("customer_id;frequency;recency;T\na;2;10,5;38\n") ==
        "s.csv:1: summary has no 'customer_id' column (columns: customer_id;frequency;recency;T; map one with --column "
        "customer_id=HEADER); the header looks ';'-separated: use -d ';'");
}
