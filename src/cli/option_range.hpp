#pragma once
// Range checks for numeric options, attached where the option is declared: a value out of range
// (or not a number, or not finite) is a usage error on one line naming the option and the range
// in plain numbers, e.g. "--width: must be a whole number from 40 to 1000, not -5". Checked on
// the text before CLI11 converts it, so "-5" never wraps round into a huge unsigned width.

#include "clv/discount_rate.hpp"

#include <CLI/CLI.hpp>

#include <limits>

namespace clv::cli {

enum class NumberKind { whole, real };
enum class LowBound { inclusive, exclusive };

struct NumberRange {
  NumberKind kind = NumberKind::real;
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  LowBound low_bound = LowBound::inclusive;
};

// The check's message for `text`, empty when it is in range (kept apart for the unit tests).
[[nodiscard]] std::string range_problem(const NumberRange& range, const std::string& text);

// Attaches the check to `option` and returns it, for chaining after add_option().
CLI::Option* in_range(CLI::Option* option, const NumberRange& range);

// The common shapes.
[[nodiscard]] inline NumberRange whole_numbers(double low, double high) {
  return {NumberKind::whole, low, high, LowBound::inclusive};
}
[[nodiscard]] inline NumberRange numbers(double low, double high) {
  return {NumberKind::real, low, high, LowBound::inclusive};
}
[[nodiscard]] inline NumberRange numbers_above(double low, double high) {
  return {NumberKind::real, low, high, LowBound::exclusive};
}

// The ranges several commands share, so each option means the same everywhere.
[[nodiscard]] inline NumberRange year_counts() { return whole_numbers(1, 1000); }
[[nodiscard]] inline NumberRange chart_widths() { return whole_numbers(40, 1000); }
[[nodiscard]] inline NumberRange thread_counts() { return whole_numbers(1, 256); }
[[nodiscard]] inline NumberRange row_counts(double low) { return whole_numbers(low, 2147483647); }
[[nodiscard]] inline NumberRange top_counts() { return row_counts(1); }
[[nodiscard]] inline NumberRange curve_steps() { return numbers(0.01, 100); }
[[nodiscard]] inline NumberRange margins() { return numbers_above(0, 1); }
[[nodiscard]] inline NumberRange amounts() { return numbers(0, 1e15); }
[[nodiscard]] inline NumberRange discount_rates() { return numbers(k_min_discount_rate, k_max_discount_rate); }
[[nodiscard]] inline NumberRange periods() { return numbers_above(0, 1e6); }

}  // namespace clv::cli
