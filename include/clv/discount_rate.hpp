#pragma once
// The one rule for a discount rate per period, whatever the command (predict, value, project,
// rank, report, segment): a number from 0 (no discounting) to 100. A negative rate would make
// later money worth more than earlier money, and an endless horizon worth an endless sum; the
// options are checked with these numbers and so are the library's entry points.
//
// A forecast discounted period by period computes one forecast per period: at most
// k_max_discount_periods of them (beyond, a longer period is asked for).

namespace clv {

inline constexpr double k_min_discount_rate = 0.0;
inline constexpr double k_max_discount_rate = 100.0;
inline constexpr double k_max_discount_periods = 100000.0;

// Throws clv::Error (usage) naming --discount-rate unless k_min_discount_rate <= rate <=
// k_max_discount_rate.
void check_discount_rate(double rate);

}  // namespace clv
