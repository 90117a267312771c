#include "clv/io/opportunity_reader.hpp"

#include "clv/error.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "error_description.hpp"

namespace {

std::string error_of(const std::string& text) {
  return clv::test::error_description([&] {
    const auto source = clv::io::memory_input(text, "o.csv");
    return clv::io::read_opportunities(*source);
  });
}

}  // namespace

TEST_CASE("opportunity reader: the donations layout and per-customer rows", "[bgbb]") {
  const auto patterns = clv::io::memory_input("frequency,recency,periods,weights\n0,0,6,3464\n6,6,6,1203\n", "d.csv");
  const auto table = clv::io::read_opportunities(*patterns);
  REQUIRE(table.customers.size() == 2);
  CHECK_FALSE(table.has_ids);
  CHECK(table.ids[0] == "line 2");
  CHECK(table.customers[1].weight == 1203.0);
  const auto customers = clv::io::memory_input("customer_id,frequency,recency,periods\nd1,2,4,6\n", "c.csv");
  const auto one = clv::io::read_opportunities(*customers);
  CHECK(one.ids[0] == "d1");
  CHECK(one.customers[0].recency == 4.0);
  CHECK(one.customers[0].weight == 1.0);
}

TEST_CASE("opportunity reader: impossible histories name line, column and field", "[bgbb]") {
  CHECK(error_of("frequency,recency,periods\n7,6,6\n") ==
        "o.csv:2:1: frequency: frequency 7 is greater than periods 6 (one transaction per opportunity at most)");
  CHECK(error_of("frequency,recency,periods\n2,7,6\n") == "o.csv:2:3: recency: recency 7 is greater than periods 6");
  CHECK(error_of("frequency,recency,periods\n-1,0,6\n") == "o.csv:2:1: frequency: '-1' must not be negative");
  CHECK(error_of("frequency,recency,periods,weights\n1,1,6,0\n") == "o.csv:2:7: weights: '0' must be positive");
  CHECK(error_of("frequency,recency\n1,1\n") == "o.csv:1: periods: missing required column (periods)");
  CHECK(error_of("frequency,recency,periods\n1,1,6,2\n") == "o.csv:2: row has 4 fields where the header has 3");
  CHECK(error_of("frequency,recency,periods\n1,1\n") == "o.csv:2: row has 2 fields where the header has 3");
}
