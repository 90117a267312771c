#include "clv/error.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

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

TEST_CASE("error messages are valid UTF-8 whatever the input held") {
  using clv::Location;
  // A lone continuation byte, a truncated 3-byte character, an overlong '/', a surrogate, and a
  // code point above U+10FFFF are escaped; well-formed characters pass.
  const std::string value = "a\x80" "b\xE6\x9D" "c\xC0\xAF" "d\xED\xA0\x80" "e\xF4\x90\x80\x80" "f";
  CHECK(clv::data_error("bad '" + value + "'", Location{"x.csv", 1, 2, "id"}).describe() ==
        "x.csv:1:2: id: bad 'a\\x80b\\xe6\\x9dc\\xc0\\xafd\\xed\\xa0\\x80e\\xf4\\x90\\x80\\x80f'");
  CHECK(clv::usage_error("café 東京 \xF0\x9F\x98\x80").describe() == "café 東京 \xF0\x9F\x98\x80");
}

TEST_CASE("naming_file names the file of a data error that has none, and leaves others alone") {
  using clv::Location;
  // What naming_file lets through, as the CLI would print it; "" if nothing was thrown.
  const auto shown = [](const clv::Error& thrown) -> std::string {
    try {
      clv::naming_file("values.csv", [&] { throw thrown; });
    } catch (const clv::Error& error) {
      return std::to_string(static_cast<int>(error.code())) + " " + error.describe();
    }
    return "";
  };
  CHECK(shown(clv::data_error("the fit failed", Location{{}, 0, 0, "value"})) == "65 values.csv: value: the fit failed");
  CHECK(shown(clv::data_error("bad", Location{"other.csv", 3, 2, "id"})) == "65 other.csv:3:2: id: bad");
  CHECK(shown(clv::usage_error("--top must be 1 or more")) == "64 --top must be 1 or more");
  CHECK(shown(clv::output_error("out.csv", "disk full")) == "73 out.csv: cannot write output: disk full");
}

TEST_CASE("RowSource names a row by its line in the file, or by nothing when the lines are unknown") {
  const std::vector<std::size_t> lines{2, 5, 9};  // a quoted newline or a blank line skips some
  const clv::RowSource read{"ledger.csv", lines};
  CHECK(clv::several_customers_error("B", 3.0, read.at(1, "count")).describe() ==
        "ledger.csv:5: count: customer 'B' stands for 3 customers (a count column): a result per customer needs one "
        "row per customer");
  CHECK(clv::data_error("bad", read.at(2, "monetary_value")).describe() == "ledger.csv:9: monetary_value: bad");
  const clv::RowSource from_log{"log.csv", {}};
  CHECK(clv::data_error("bad", from_log.at(1, "monetary_value")).describe() == "log.csv: monetary_value: bad");
}
