#include "clv/error.hpp"

#include <catch2/catch.hpp>

TEST_CASE("errors describe where they happened, leaving out what is unknown") {
  using clv::Location;
  CHECK(clv::data_error("is not a number", Location{"a.csv", 3, 7, "average_purchase"}).describe() ==
        "a.csv:3:7: average_purchase: is not a number");
  CHECK(clv::data_error("empty input", Location{"a.csv"}).describe() == "a.csv: empty input");
  CHECK(clv::usage_error("bad option").code() == clv::ExitCode::usage);
  CHECK(static_cast<int>(clv::input_error("x", "no such file").code()) == 66);
  CHECK(static_cast<int>(clv::output_error("x", "read-only").code()) == 73);
}
