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

TEST_CASE("a huge offending value is cut so the message stays readable") {
  const std::string value(10'000'000, 'x');
  const std::string text =
      clv::data_error("is not a number '" + value + "'", clv::Location{"big.csv", 2, 1, "amount"}).describe();
  CHECK(text.size() < 1100);
  CHECK(text.rfind("big.csv:2:1: amount: is not a number 'xxx", 0) == 0);
  CHECK(text.find("bytes left out") != std::string::npos);
  CHECK(text.back() == '\'');  // the end of the message is kept
  CHECK(text.find('\n') == std::string::npos);
}
