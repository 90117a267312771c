#pragma once
// Strict, locale-independent parsing of numbers read from data files. Accepts plain decimal
// notation with an optional sign and exponent ("12", "-3.5", "1e6"); rejects everything a
// spreadsheet might let slip through: spaces, thousands separators, hex, "nan", "inf", and
// values that overflow a double. With DecimalMark::comma numbers are written the European way
// ("85,50", "1.200,00"): a decimal comma and, optionally, dots between groups of three digits.

#include <cstdint>
#include <string>
#include <string_view>

namespace clv::io {

enum class NumberProblem {
  none,
  empty,          // the field is empty
  not_a_number,   // not decimal notation (letters, spaces, "0x10", "1,5" ...)
  not_finite,     // "nan", "inf" or a value beyond the range of a double (1e400)
  not_integer,    // parse_count only: has a fraction
  negative,       // parse_count only
  decimal_comma,  // DecimalMark::point, but the text is a number with a decimal comma ("85,50")
};

enum class DecimalMark { point, comma };

struct ParsedNumber {
  double value = 0.0;
  NumberProblem problem = NumberProblem::none;
};

struct ParsedCount {
  std::int64_t value = 0;
  NumberProblem problem = NumberProblem::none;
};

// Parses a finite double. Negative zero is returned as +0 so that output never shows "-0".
[[nodiscard]] ParsedNumber parse_number(std::string_view text) noexcept;
[[nodiscard]] ParsedNumber parse_number(std::string_view text, DecimalMark mark) noexcept;

// Parses a non-negative whole number: digits, or a number whose value is whole ("2.0", "1e3").
[[nodiscard]] ParsedCount parse_count(std::string_view text, DecimalMark mark = DecimalMark::point) noexcept;

// "is not a number", "is empty" ... for use in `field: 'text' <reason>` messages.
[[nodiscard]] std::string describe(NumberProblem problem);

}  // namespace clv::io
