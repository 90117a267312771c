#include "clv/io/number.hpp"

#include <fast_float/fast_float.h>

#include <cmath>
#include <limits>

namespace clv::io {

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// fast_float accepts "nan", "inf" and "infinity"; data files must not, so the text is checked
// to be decimal notation before it is converted.
bool looks_decimal(std::string_view text) noexcept {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    ++i;
  }
  bool digits = false;
  while (i < text.size() && is_digit(text[i])) {
    ++i;
    digits = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) {
      ++i;
      digits = true;
    }
  }
  if (!digits) {
    return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      ++i;
    }
    bool exponent_digits = false;
    while (i < text.size() && is_digit(text[i])) {
      ++i;
      exponent_digits = true;
    }
    if (!exponent_digits) {
      return false;
    }
  }
  return i == text.size();
}

bool is_non_finite_word(std::string_view text) noexcept {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    text.remove_prefix(1);
  }
  auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); };
  std::string word;
  for (char c : text.substr(0, 9)) {
    word.push_back(lower(c));
  }
  return word == "nan" || word == "inf" || word == "infinity";
}

// The longest number written with a decimal comma that is accepted (a buffer on the stack).
constexpr std::size_t k_max_comma_number = 128;

// Rewrites a number written with a decimal comma ("-1.200,50", "85,5", "3,2e4") into decimal
// notation ("-1200.50"); false when `text` is not such a number. Dots must separate groups of
// exactly three digits, after a first group of one to three.
bool rewrite_decimal_comma(std::string_view text, char (&out)[k_max_comma_number], std::size_t& size) noexcept {
  if (text.size() >= k_max_comma_number) {
    return false;
  }
  size = 0;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    out[size++] = text[i++];
  }
  std::size_t group = 0;  // digits since the last dot (or the start)
  bool grouped = false;
  bool digits = false;
  while (i < text.size() && (is_digit(text[i]) || text[i] == '.')) {
    if (text[i] == '.') {
      if (group == 0 || group > 3 || (grouped && group != 3)) {
        return false;
      }
      grouped = true;
      group = 0;
    } else {
      out[size++] = text[i];
      ++group;
      digits = true;
    }
    ++i;
  }
  if (grouped && group != 3) {
    return false;
  }
  if (i < text.size() && text[i] == ',') {
    out[size++] = '.';
    ++i;
    while (i < text.size() && is_digit(text[i])) {
      out[size++] = text[i++];
      digits = true;
    }
  }
  if (!digits) {
    return false;
  }
  while (i < text.size()) {  // an exponent, checked by the strict parser
    if (text[i] == ',' || text[i] == '.') {
      return false;
    }
    out[size++] = text[i++];
  }
  return true;
}

// A number that fails as decimal notation but reads with a decimal comma: worth a hint.
bool has_decimal_comma(std::string_view text) noexcept {
  char buffer[k_max_comma_number];
  std::size_t size = 0;
  return text.find(',') != std::string_view::npos && rewrite_decimal_comma(text, buffer, size);
}

ParsedNumber parse_point(std::string_view text) noexcept {
  if (text.empty()) {
    return {0.0, NumberProblem::empty};
  }
  if (!looks_decimal(text)) {
    return {0.0, is_non_finite_word(text)  ? NumberProblem::not_finite
                 : has_decimal_comma(text) ? NumberProblem::decimal_comma
                                           : NumberProblem::not_a_number};
  }
  if (text.front() == '+') {
    text.remove_prefix(1);  // fast_float, like std::from_chars, takes no '+'
  }
  double value = 0.0;
  const auto result = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) {
    return {0.0, NumberProblem::not_a_number};
  }
  if (!std::isfinite(value)) {
    return {0.0, NumberProblem::not_finite};
  }
  return {value == 0.0 ? 0.0 : value, NumberProblem::none};
}

}  // namespace

ParsedNumber parse_number(std::string_view text) noexcept { return parse_point(text); }

ParsedNumber parse_number(std::string_view text, DecimalMark mark) noexcept {
  if (mark == DecimalMark::point || text.empty()) {
    return parse_point(text);
  }
  char buffer[k_max_comma_number];
  std::size_t size = 0;
  if (!rewrite_decimal_comma(text, buffer, size)) {
    return {0.0, is_non_finite_word(text) ? NumberProblem::not_finite : NumberProblem::not_a_number};
  }
  return parse_point(std::string_view(buffer, size));
}

ParsedCount parse_count(std::string_view text, DecimalMark mark) noexcept {
  if (text.empty()) {
    return {0, NumberProblem::empty};
  }
  std::int64_t value = 0;
  for (char c : text) {
    if (!is_digit(c)) {
      const ParsedNumber number = parse_number(text, mark);
      if (number.problem != NumberProblem::none) {
        return {0, number.problem};
      }
      if (number.value < 0) {
        return {0, NumberProblem::negative};
      }
      // "2.0" and "1e3" are whole numbers written another way; accept them exactly.
      if (number.value != std::floor(number.value) || number.value > 9.0e15) {
        return {0, NumberProblem::not_integer};
      }
      return {static_cast<std::int64_t>(number.value), NumberProblem::none};
    }
    if (value > (std::numeric_limits<std::int64_t>::max() - 9) / 10) {
      return {0, NumberProblem::not_finite};
    }
    value = value * 10 + (c - '0');
  }
  return {value, NumberProblem::none};
}

std::string describe(NumberProblem problem) {
  switch (problem) {
    case NumberProblem::none: return "is a number";
    case NumberProblem::empty: return "is empty";
    case NumberProblem::not_a_number: return "is not a number";
    case NumberProblem::not_finite: return "is not a finite number";
    case NumberProblem::not_integer: return "is not a whole number";
    case NumberProblem::negative: return "is negative";
    case NumberProblem::decimal_comma: return "is not a number (it has a decimal comma: read the file with --decimal-comma)";
  }
  return "is not a number";
}

}  // namespace clv::io
