#include "clv/io/contract_reader.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "error_description.hpp"

namespace {

clv::io::ContractTable read(const std::string& text, std::optional<std::string> cohort = std::nullopt) {
  const auto source = clv::io::memory_input(text, "c.csv");
  return clv::io::read_contracts(*source, {}, cohort);
}

std::string error_of(const std::string& text, std::optional<std::string> cohort = std::nullopt) {
  return clv::test::error_description([&] { return read(text, cohort); });
}

}  // namespace

TEST_CASE("contract reader: a cohort table, one of several picked by name", "[sbg]") {
  const auto one = read("period,alive\n0,1000\n1,631\n2,468\n");
  CHECK(one.form == clv::io::ContractForm::cohort_table);
  CHECK(one.alive == std::vector<double>{1000, 631, 468});
  const std::string two = "cohort,period,alive\nregular,0,1000\nhigh end,0,1000\nregular,1,631\nhigh end,1,869\n";
  CHECK(read(two, "high end").alive == std::vector<double>{1000, 869});
  CHECK(error_of(two) == "c.csv: the file holds 2 cohorts (regular, high end): pick one with --cohort");
  CHECK(error_of(two, "low") == "c.csv: no cohort 'low' (the file has: regular, high end)");
  const auto source = clv::io::memory_input(two, "c.csv");
  const auto every = clv::io::read_contracts(*source, {}, std::nullopt, clv::io::CohortChoice::every);
  REQUIRE(every.cohorts.size() == 2);
  CHECK(every.cohorts[1].name == "high end");
  CHECK(every.cohorts[1].alive == std::vector<double>{1000, 869});
}

TEST_CASE("contract reader: one row per customer", "[sbg]") {
  const auto table = read("customer_id,tenure,churned\na,3,1\nb,5,0\n");
  REQUIRE(table.contracts.size() == 2);
  CHECK(table.ids[1] == "b");
  CHECK(table.contracts[0].tenure == 3.0);
  CHECK(table.contracts[0].status == clv::models::sbg::ContractStatus::churned);
  CHECK(table.contracts[1].status == clv::models::sbg::ContractStatus::active);
}

TEST_CASE("contract reader: bad tables name line, column and field", "[sbg]") {
  CHECK(error_of("period,alive\n0,1000\n1,631\n2,700\n") ==
        "c.csv:4:3: alive: 700 customers active, more than the 631 of period 1 (survivor counts cannot increase)");
  CHECK(error_of("period,alive\n1,1000\n2,631\n") ==
        "c.csv:2: period: the cohort table starts at period 1, not 0 (row 0 is the cohort's size)");
  CHECK(error_of("period,alive\n0,1000\n2,631\n") ==
        "c.csv:3: period: period 2 follows period 0 (periods go 0, 1, 2, ... without gaps)");
  CHECK(error_of("period,alive\n0,1000\n1,-5\n") == "c.csv:3:3: alive: '-5' must not be negative");
  CHECK(error_of("customer_id,tenure,churned\na,0,1\n") ==
        "c.csv:2:3: tenure: a customer who churned has completed at least one period (tenure >= 1)");
  CHECK(error_of("customer_id,tenure,churned\na,2,2\n") == "c.csv:2:5: churned: '2' is not 0 or 1");
  CHECK(error_of("customer_id,tenure,churned\na,2,1\na,3,0\n") == "c.csv:3:1: customer_id: duplicate id (first on line 2)");
  CHECK(error_of("customer_id,tenure,churned\na,2,1,x\n") == "c.csv:2: row has 4 fields where the header has 3");
  CHECK(error_of("customer_id,tenure,churned\na,2\n") == "c.csv:2: row has 2 fields where the header has 3");
  CHECK(error_of("period,alive\n0,1000\n1,631,5\n") == "c.csv:3: row has 3 fields where the header has 2");
}
