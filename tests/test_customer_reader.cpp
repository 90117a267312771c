#include "clv/error.hpp"
#include "clv/io/customer_reader.hpp"
#include "clv/io/input.hpp"

#include <catch2/catch.hpp>

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
                                                               "(or give a `year` column for ledgers)");
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
  CHECK_THAT(first_error("id,transactions,average_purchase,colour\nA,1,1,red\n", "e.csv"), Catch::StartsWith("e.csv:1:34: colour: unknown column"));
  CHECK(first_error("id,year,cost\nA,0,1\n", "e.csv") == "e.csv:2:3: year: must be 1 or later '0'");
  CHECK(first_error("id,year,cost\nA,1,1\nA,1,2\n", "e.csv") ==
        "e.csv:3:3: year: year appears twice for customer 'A' '1'");
  CHECK(first_error("id,year,cost\nA,1,-3\n", "e.csv") == "e.csv:2:5: cost: must not be negative '-3'");
  CHECK(first_error("id,transactions\nA,1\n", "e.csv") ==
        "e.csv:1: average_purchase: missing required column (or give a `year` column for ledgers)");
  CHECK(first_error("id,transactions,average_purchase\nA,1,\n", "e.csv") ==
        "e.csv:2: average_purchase: customer 'A' needs average_purchase");
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

TEST_CASE("reader: collect-all reports every problem", "[reader]") {
  const auto problems = all_problems("id,transactions,average_purchase\nA,x,1\nB,1,-2\nA,1,1\n", "e.csv");
  CHECK(problems == std::vector<std::string>{"e.csv:2:3: transactions: is not a number 'x'",
                                             "e.csv:3:5: average_purchase: must not be negative '-2'",
                                             "e.csv:4:1: id: duplicate id (first on line 2) 'A'",
                                             "e.csv:2: transactions: customer 'A' needs transactions and "
                                             "average_purchase, or a ledger (years)",
                                             "e.csv:3: average_purchase: customer 'B' needs average_purchase"});
}
