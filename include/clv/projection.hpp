#pragma once
// The article's five-year table for a ledger customer: per year revenue − cost + referral
// income = profit, the cumulative profit and the total. With a discount rate d, year k's profit
// is discounted by (1 + d)^k: cash flows at the end of each year, so year 1 is already
// discounted once. NPV is the sum of the discounted profits.

#include "clv/bounds.hpp"
#include "clv/customer.hpp"
#include "clv/referral.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clv {

enum class ReferralDetail { total, per_customer };

struct ProjectionOptions {
  int years = 5;
  std::optional<double> discount_rate;  // e.g. 0.1 for 10 %
  ReferralDepth depth = ReferralDepth::all;
  ReferralDetail detail = ReferralDetail::total;
  std::optional<std::string> only_customer;  // project just this id
};

struct ProjectionYear {
  int year = 0;
  double base_sales = 0.0;
  double new_sales = 0.0;
  double revenue = 0.0;   // base_sales + new_sales
  double cost = 0.0;
  double referral = 0.0;  // referral_sales + referred customers' sales − their costs
  double profit = 0.0;    // revenue − cost + referral
  double cumulative_profit = 0.0;
  std::optional<double> discounted_profit;
};

// One line of referral income for ReferralDetail::per_customer: a referred customer in the
// file (id set), or the ledger's referral_sales (id empty: referrals not in the file).
struct ReferralLine {
  std::string_view id;
  std::vector<double> by_year;
};

struct Projection {
  std::string_view id;
  std::string_view name;
  std::vector<ProjectionYear> years;
  std::vector<ReferralLine> referrals;  // per_customer only; they add up to the referral row
  double total_profit = 0.0;
  std::optional<double> npv;
  // With --interval (projection_intervals in value_intervals.hpp): each year's profit and the
  // total's; empty otherwise.
  std::vector<Bounds> profit_bounds;
  std::optional<Bounds> total_profit_bounds;
};

// Projects every ledger customer (file order), or only `only_customer`. Data errors: a year
// that is not positive or appears twice, an unknown referrer or a cycle, a referred customer
// without a ledger below a ledger customer (its income cannot be placed in a year), an
// `only_customer` that is not in the file or has no ledger. Years after `years` are left out.
[[nodiscard]] std::vector<Projection> project(const CustomerSet& set, const ProjectionOptions& options);

// Throws (or reports) a data error for a non-positive or repeated year in the customer's ledger.
void check_ledger(const Customer& customer, const std::string& source, const ProblemSink* sink = nullptr);

}  // namespace clv
