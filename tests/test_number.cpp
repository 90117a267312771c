// Parsing numbers from data files: decimal points, and decimal commas with thousands dots.
#include "clv/io/number.hpp"

#include <catch2/catch.hpp>

using clv::io::DecimalMark;
using clv::io::NumberProblem;
using clv::io::parse_count;
using clv::io::parse_number;

TEST_CASE("decimal point: plain notation only", "[number]") {
  CHECK(parse_number("85.50").value == 85.5);
  CHECK(parse_number("-3e2").value == -300);
  CHECK(parse_number("1,5").problem == NumberProblem::decimal_comma);
  CHECK(parse_number("1.200,00").problem == NumberProblem::decimal_comma);
  CHECK(parse_number("-85,50").problem == NumberProblem::decimal_comma);
  CHECK(parse_number("1,2,3").problem == NumberProblem::not_a_number);
  CHECK(parse_number("12a").problem == NumberProblem::not_a_number);
  CHECK(parse_number(",").problem == NumberProblem::not_a_number);
  CHECK(clv::io::describe(NumberProblem::decimal_comma) ==
        "is not a number (it has a decimal comma: read the file with --decimal-comma)");
}

TEST_CASE("decimal comma: 85,50 and 1.200,00", "[number]") {
  const auto comma = [](const char* text) { return parse_number(text, DecimalMark::comma); };
  CHECK(comma("85,50").value == 85.5);
  CHECK(comma("-85,50").value == -85.5);
  CHECK(comma("+2,5").value == 2.5);
  CHECK(comma("1.200,00").value == 1200);
  CHECK(comma("12.345.678,9").value == 12345678.9);
  CHECK(comma("1.200").value == 1200);  // dots group thousands
  CHECK(comma("7").value == 7);
  CHECK(comma("3,2e4").value == 32000);
  CHECK(comma("-0,0").value == 0);
  // Dots must separate groups of three digits; a decimal point is not a decimal comma.
  CHECK(comma("85.50").problem == NumberProblem::not_a_number);
  CHECK(comma("1.2000,5").problem == NumberProblem::not_a_number);
  CHECK(comma("1234.567").problem == NumberProblem::not_a_number);
  CHECK(comma(".200").problem == NumberProblem::not_a_number);
  CHECK(comma("1..200").problem == NumberProblem::not_a_number);
  CHECK(comma("1,2,3").problem == NumberProblem::not_a_number);
  CHECK(comma("1,5e").problem == NumberProblem::not_a_number);
  CHECK(comma("").problem == NumberProblem::empty);
  CHECK(comma("nan").problem == NumberProblem::not_finite);
  CHECK(comma("1e400").problem == NumberProblem::not_finite);
  CHECK(comma("x").problem == NumberProblem::not_a_number);
  CHECK(parse_count("1.200", DecimalMark::comma).value == 1200);
  CHECK(parse_count("3,0", DecimalMark::comma).value == 3);
  CHECK(parse_count("3,5", DecimalMark::comma).problem == NumberProblem::not_integer);
}
