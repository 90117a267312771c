#include "option_range.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace clv::cli {

namespace {

// "from 1 to 256", "more than 0 and at most 1", "0 or more", "more than 0"; numbers in their
// shortest plain form (fmt's "{}"), never a 300-digit DBL_MAX.
std::string describe(const NumberRange& range) {
  const std::string what = range.kind == NumberKind::whole ? "a whole number" : "a number";
  const bool has_low = std::isfinite(range.low);
  const bool has_high = std::isfinite(range.high);
  const bool open = range.low_bound == LowBound::exclusive;
  if (has_low && has_high) {
    return open ? fmt::format("{} more than {} and at most {}", what, range.low, range.high)
                : fmt::format("{} from {} to {}", what, range.low, range.high);
  }
  if (has_low) {
    return open ? fmt::format("{} more than {}", what, range.low) : fmt::format("{} of {} or more", what, range.low);
  }
  if (has_high) {
    return fmt::format("{} of at most {}", what, range.high);
  }
  return range.kind == NumberKind::whole ? "a whole number" : "a finite number";
}

}  // namespace

std::string range_problem(const NumberRange& range, const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(begin, &end);
  const bool parsed = !text.empty() && end == begin + text.size() && std::isspace(static_cast<unsigned char>(text[0])) == 0;
  const bool finite = parsed && std::isfinite(value) && errno != ERANGE;
  bool in_range = finite && value <= range.high &&
                  (range.low_bound == LowBound::exclusive ? value > range.low : value >= range.low);
  if (range.kind == NumberKind::whole && in_range) {
    // Whole numbers are written as digits: "1e3" or "2.0" would not convert to an integer.
    in_range = std::floor(value) == value && text.find_first_not_of("+-0123456789") == std::string::npos;
  }
  if (in_range) {
    return {};
  }
  return fmt::format("must be {}, not '{}'", describe(range), text);
}

CLI::Option* in_range(CLI::Option* option, const NumberRange& range) {
  // An empty description keeps --help as it was; the range is in each option's help text.
  return option->check(CLI::Validator([range](std::string& text) { return range_problem(range, text); }, ""));
}

}  // namespace clv::cli
