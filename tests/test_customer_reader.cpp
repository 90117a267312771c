#include "clv/error.hpp"
#include "clv/io/customer_reader.hpp"
#include "clv/io/input.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <string>
#include <vector>

using namespace clv;

namespace {

CustomerSet read_text(const std::string& text, const std::string& name, const io::ReadOptions& options = {}) {
  const auto source = io::memory_input(text, name);
  return io::read_customers(*source, options);
}

std::string first_error(const std::string& text, const std::string& name) {
  try {
    (void)read_text(text, name);
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::data_error);
    return error.describe();
  }
  return "no error";
}

std::vector<std::string> all_problems(const std::string& text, const std::string& name) {
  std::vector<std::string> problems;
  const ProblemSink sink = [&problems](const Error& e) { problems.push_back(e.describe()); };
  const auto source = io::memory_input(text, name);
  (void)io::read_customers(*source, {}, &sink);
  return problems;
}

}  // namespace

TEST_CASE("reader: formula CSV, case-insensitive header, BOM, CRLF, quotes", "[reader]") {
  const CustomerSet set = read_text(
      "\xEF\xBB\xBF" "ID,Name,Transactions,AVERAGE_PURCHASE,acquisition_cost,referred_by,referral_net_income\r\n"
      "1,\"Smith, J\",9,661.11,850,,-5\r\n"
      "2,李华,3,10,,1,\r\n",
      "c.csv");
  REQUIRE(set.customers.size() == 2);
  CHECK(set.customers[0].id == "1");
  CHECK(set.customers[0].name == "Smith, J");
  CHECK(set.customers[0].transactions == 9);
  CHECK(set.customers[0].average_purchase == 661.11);
  CHECK(set.customers[0].acquisition_cost == 850);
  CHECK(set.customers[0].referral_net_income == -5);
  CHECK_FALSE(set.customers[0].referred_by.has_value());
  CHECK(set.customers[1].name == "李华");
  CHECK(set.customers[1].referred_by == "1");
  CHECK_FALSE(set.customers[1].acquisition_cost.has_value());
}

TEST_CASE("reader: semicolon delimiter", "[reader]") {
  io::ReadOptions options;
  options.csv.delimiter = ';';
  const CustomerSet set = read_text("id;transactions;average_purchase\nA;2;3.5\n", "c.txt", options);
  CHECK(set.customers.at(0).average_purchase == 3.5);
}

TEST_CASE("reader: ledger CSV, one row per customer-year, in any order", "[reader]") {
  const CustomerSet set = read_text(
      "id,referred_by,year,base_sales,new_sales,cost,referral_sales\n"
      "A,,2,0,750,100,\n"
      "R,A,2,800,,0,\n"
      "A,,1,800,0,850,25\n",
      "l.csv");
  REQUIRE(set.customers.size() == 2);
  const Customer& a = set.customers[0];
  REQUIRE(a.years.size() == 2);
  CHECK(a.years[0].year == 1);  // sorted
  CHECK(a.years[0].cost == 850);
  CHECK(a.years[0].referral_sales == 25);
  CHECK(a.years[1].new_sales == 750);
  CHECK(set.customers[1].referred_by == "A");
  CHECK(set.customers[1].years.at(0).new_sales == 0);  // empty cell: 0
}

TEST_CASE("reader: JSON array and object forms", "[reader]") {
  const CustomerSet array = read_text(R"([{"id": "A", "transactions": 2, "average_purchase": 5}, {"id": 7,
      "years": [{"year": 1, "base_sales": 10, "cost": 4}], "referred_by": "A"}])",
                                      "x.json");
  REQUIRE(array.customers.size() == 2);
  CHECK(array.customers[1].id == "7");
  CHECK(array.customers[1].years.at(0).base_sales == 10);
  const CustomerSet object = read_text(
      R"({"currency": "CNY", "description": "x", "customers": [{"id": "A", "transactions": 2, "average_purchase": 5}]})",
      "-");
  CHECK(object.currency == "CNY");
  CHECK(object.customers.size() == 1);
}

TEST_CASE("reader: CSV errors name line, column, field and value", "[reader]") {
  CHECK(first_error("", "e.csv") == "e.csv: empty input: expected a header row naming the columns");
  CHECK(first_error("id,transactions,average_purchase\n", "e.csv") ==
        "e.csv: no customers: the file has a header but no rows");
  CHECK(first_error("id,average_purchase\nA,1\n", "e.csv") == "e.csv:1: transactions: missing required column "
                                                               "(or give a `year` column for ledgers) (columns: id, "
                                                               "average_purchase; map one with --column "
                                                               "transactions=HEADER)");
  CHECK(first_error("id,transactions,average_purchase\nA,x,1\n", "e.csv") ==
        "e.csv:2:3: transactions: is not a number 'x'");
  CHECK(first_error("id,transactions,average_purchase\nA,1,nan\n", "e.csv") ==
        "e.csv:2:5: average_purchase: is not a finite number 'nan'");
  CHECK(first_error("id,transactions,average_purchase\nA,1,inf\n", "e.csv") ==
        "e.csv:2:5: average_purchase: is not a finite number 'inf'");
  CHECK(first_error("id,transactions,average_purchase\nA,-1,1\n", "e.csv") ==
        "e.csv:2:3: transactions: must not be negative '-1'");
  CHECK(first_error("id,transactions,average_purchase\nA,1,1\nA,2,2\n", "e.csv") ==
        "e.csv:3:1: id: duplicate id (first on line 2) 'A'");
  // Extra columns are welcome; a near miss of a field's name is a typo.
  CHECK(first_error("id,transactions,average_purchase,colour\nA,1,1,red\n", "e.csv") == "no error");
  CHECK_THAT(first_error("id,transactions,average_purchase,acquistion_cost\nA,1,1,5\n", "e.csv"),
             Catch::StartsWith("e.csv:1:34: acquistion_cost: unknown column 'acquistion_cost': did you mean "
                               "acquisition_cost?"));
  CHECK(first_error("id,year,cost\nA,0,1\n", "e.csv") == "e.csv:2:3: year: must be 1 or later '0'");
  CHECK(first_error("id,year,cost\nA,1,1\nA,1,2\n", "e.csv") ==
        "e.csv:3:3: year: year appears twice for customer 'A' '1'");
  CHECK(first_error("id,year,cost\nA,1,-3\n", "e.csv") == "e.csv:2:5: cost: must not be negative '-3'");
  CHECK(first_error("id,transactions\nA,1\n", "e.csv") ==
        "e.csv:1: average_purchase: missing required column (or give a `year` column for ledgers) (columns: id, "
        "transactions; map one with --column average_purchase=HEADER)");
  CHECK(first_error("id,transactions,average_purchase\nA,1,\n", "e.csv") ==
        "e.csv:2: average_purchase: customer 'A' needs average_purchase");
  // Every row is as wide as the header; blank lines and a missing final newline are fine.
  CHECK(first_error("id,transactions,average_purchase\nA,1,2,3\n", "e.csv") ==
        "e.csv:2: row has 4 fields where the header has 3");
  CHECK(first_error("id,transactions,average_purchase\nA,1\n", "e.csv") ==
        "e.csv:2: row has 2 fields where the header has 3");
  CHECK(first_error("id,transactions,average_purchase\n\nA,1,2\n\n\nB,1,3", "e.csv") == "no error");
}

TEST_CASE("reader: an error's column counts bytes from the start of the row's first line", "[reader]") {
  // docs/formats.md, "Errors": bytes, not fields and not characters.
  CHECK(first_error("id,name,transactions,average_purchase\nA,Jos\xC3\xA9,x,1\n", "e.csv") ==
        "e.csv:2:9: transactions: is not a number 'x'");  // the e with acute accent is 2 bytes
  io::ReadOptions tabs;
  tabs.csv.delimiter = '\t';
  try {
    (void)read_text("id\tname\ttransactions\taverage_purchase\nA\tAnn\tx\t5\n", "e.tsv", tabs);
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.describe() == "e.tsv:2:7: transactions: is not a number 'x'");  // a tab is 1 byte
  }
  // A quoted field's column is its opening quote's; across a quoted line break, bytes count on.
  CHECK(first_error("id,name,transactions,average_purchase\nA,\"Ann\",2,\"y\"\n", "e.csv") ==
        "e.csv:2:11: average_purchase: is not a number 'y'");
  CHECK(first_error("id,name,transactions,average_purchase\nA,\"two\nlines\",x,5\n", "e.csv") ==
        "e.csv:2:15: transactions: is not a number 'x'");
}

TEST_CASE("reader: JSON errors", "[reader]") {
  CHECK_THAT(first_error("[\n  {\"id\": \"A\",\n   \"transactions\": 2,,\n", "e.json"), Catch::StartsWith("e.json:3:22: json: syntax error"));
  CHECK(first_error(R"([{"id": "A", "transactions": "2", "average_purchase": 1}])", "e.json") ==
        "e.json: customers[0].transactions: customer 'A': must be a number '\"2\"'");
  CHECK_THAT(first_error(R"([{"id": "A", "transaction": 2, "average_purchase": 1}])", "e.json"), Catch::StartsWith("e.json: customers[0].transaction: customer 'A': unknown key"));
  CHECK(first_error(R"([{"id": "A", "years": [{"year": 1}, {"year": 1}]}])", "e.json") ==
        "e.json: customers[0].years[1].year: customer 'A': year appears twice '1'");
  CHECK(first_error(R"([{"id": "A", "transactions": 1, "average_purchase": 1}, {"id": "A", "transactions": 1,
      "average_purchase": 1}])",
                    "e.json") == "e.json: customers[1].id: duplicate id (also customers[0]) 'A'");
  CHECK(first_error("   ", "e.json") == "e.json: json: empty input: expected a JSON array of customers");
}

TEST_CASE("reader: a key named twice in a JSON object is refused, not the last value kept", "[reader]") {
  // Line 2, column 33: the second "transactions" (counted by hand). In the top-level array form
  // the customers are named as in the {"customers": [...]} form.
  const std::string twice = "[{\"id\": \"A\", \"transactions\": 1, \"average_purchase\": 1},\n"
                            " {\"id\": \"B\", \"transactions\": 1, \"transactions\": 5, \"average_purchase\": 1}]";
  CHECK(first_error(twice, "e.json") == "e.json:2:33: customers[1].transactions: duplicate key \"transactions\"");
  CHECK(first_error("{\"customers\": [" + twice.substr(1) + "}", "e.json") ==
        "e.json:2:33: customers[1].transactions: duplicate key \"transactions\"");
  CHECK(first_error(R"({"customers": [], "currency": "EUR", "currency": "USD"})", "e.json") ==
        "e.json:1:38: currency: duplicate key \"currency\"");
  // With a problem sink (clv validate), the same single problem.
  CHECK(all_problems(twice, "e.json") ==
        std::vector<std::string>{"e.json:2:33: customers[1].transactions: duplicate key \"transactions\""});
  // Ledger years are objects in an array too.
  CHECK(first_error(R"([{"id": "A", "years": [{"year": 1, "year": 2}]}])", "e.json") ==
        "e.json:1:36: customers[0].years[0].year: duplicate key \"year\"");
}

TEST_CASE("reader: collect-all reports every problem", "[reader]") {
  const auto problems = all_problems("id,transactions,average_purchase\nA,x,1\nB,1,-2\nA,1,1\n", "e.csv");
  CHECK(problems == std::vector<std::string>{"e.csv:2:3: transactions: is not a number 'x'",
                                             "e.csv:3:5: average_purchase: must not be negative '-2'",
                                             "e.csv:4:1: id: duplicate id (first on line 2) 'A'",
                                             "e.csv:2: transactions: customer 'A' needs transactions and "
                                             "average_purchase, or a ledger (years)",
                                             "e.csv:3: average_purchase: customer 'B' needs average_purchase"});
}

namespace {

// A formula file of `rows` customers C0, C1, ...; `replace` swaps whole lines (1-based, the
// header is line 1) for other text.
std::string many_customers(std::size_t rows, const std::vector<std::pair<std::size_t, std::string>>& replace = {}) {
  std::vector<std::string> lines{"id,transactions,average_purchase"};
  for (std::size_t i = 0; i < rows; ++i) {
    lines.push_back(fmt::format("C{},2,10", i));
  }
  for (const auto& [line, text] : replace) {
    lines[line - 1] = text;
  }
  std::string text;
  for (const std::string& line : lines) {
    text += line;
    text += '\n';
  }
  return text;
}

}  // namespace

// Large formula files are split and parsed on one thread and indexed on another; the first
// problem must still be the first in the file, whichever thread finds it.
TEST_CASE("reader: the first problem of a large file is the first in file order", "[reader]") {
  const std::size_t rows = 40000;  // about ten blocks of the pipeline
  CHECK(read_text(many_customers(rows), "big.csv").customers.size() == rows);
  // A duplicate id (found when indexing) before a bad number (found when parsing).
  CHECK(first_error(many_customers(rows, {{30002, "C5,2,10"}, {30003, "C30001,x,10"}}), "big.csv") ==
        "big.csv:30002:1: id: duplicate id (first on line 7) 'C5'");
  // The other way round.
  CHECK(first_error(many_customers(rows, {{20002, "C20000,-2,10"}, {30003, "C5,2,10"}}), "big.csv") ==
        "big.csv:20002:8: transactions: must not be negative '-2'");
  // In one row, the duplicate id comes before the row's own field problems.
  CHECK(first_error(many_customers(rows, {{25002, "C9,nan,10"}}), "big.csv") ==
        "big.csv:25002:1: id: duplicate id (first on line 11) 'C9'");
  // A broken record near the end (found by the splitter) after a duplicate.
  CHECK(first_error(many_customers(rows, {{39000, "C3,2,10"}, {39500, "\"C39498,2,10"}}), "big.csv") ==
        "big.csv:39000:1: id: duplicate id (first on line 5) 'C3'");
  CHECK(first_error(many_customers(rows, {{39500, "\"C39498,2,10"}}), "big.csv") ==
        "big.csv:39500: unterminated quoted field");
  // With a sink, every problem in file order.
  const std::vector<std::string> problems =
      all_problems(many_customers(rows, {{30002, "C5,2,10"}, {30003, "C30001,x,10"}, {35000, ",2,10"}}), "big.csv");
  CHECK(problems == std::vector<std::string>{"big.csv:30002:1: id: duplicate id (first on line 7) 'C5'",
                                             "big.csv:30003:8: transactions: is not a number 'x'",
                                             "big.csv:35000:1: id: is empty ''",
                                             "big.csv:30003: transactions: customer 'C30001' needs transactions and "
                                             "average_purchase, or a ledger (years)"});
}

TEST_CASE("reader: decimal commas and thousands dots with DecimalMark::comma", "[reader]") {
  io::ReadOptions options;
  options.csv.delimiter = ';';
  options.csv.decimal = io::DecimalMark::comma;
  const auto set = read_text("id;transactions;average_purchase;acquisition_cost\nA;4;85,50;1.200,00\n", "e.csv", options);
  REQUIRE(set.customers.size() == 1);
  CHECK(*set.customers[0].average_purchase == 85.5);
  CHECK(*set.customers[0].acquisition_cost == 1200);
  CHECK(first_error("id,transactions,average_purchase\nA,4,\"85,50\"\n", "e.csv") ==
        "e.csv:2:5: average_purchase: is not a number (it has a decimal comma: read the file with --decimal-comma) "
        "'85,50'");
  CHECK(first_error("id;transactions;average_purchase\nA;4;85,50\n", "e.csv").find("use -d ';'") != std::string::npos);
}
