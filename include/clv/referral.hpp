#pragma once
// The referral tree built from `referred_by`, and the income a referrer gets from the customers
// below it. A customer's own net income is its value without referral income; a referrer's
// referral income is the own net income of every customer below it (ReferralDepth::all) or of
// those it referred directly (ReferralDepth::direct). Everything is iterative and O(n), so a
// chain of a million customers is fine.

#include "clv/customer.hpp"
#include "clv/problem_sink.hpp"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace clv {

enum class ReferralDepth { all, direct };

// Parses "all" or "direct"; throws a usage error otherwise.
[[nodiscard]] ReferralDepth parse_referral_depth(std::string_view text);

struct ReferralTree {
  static constexpr std::uint32_t k_none = UINT32_MAX;
  std::vector<std::uint32_t> referrer;     // index of the referrer, or k_none
  std::vector<std::uint32_t> bottom_up;    // every customer, each after every customer below it
  std::vector<std::uint32_t> child_begin;  // children of i: children[child_begin[i] .. child_begin[i+1])
  std::vector<std::uint32_t> children;     // in file order

  [[nodiscard]] std::span<const std::uint32_t> children_of(std::size_t index) const {
    return {children.data() + child_begin[index], children.data() + child_begin[index + 1]};
  }
};

// Throws (or reports to `sink`) a data error for a `referred_by` naming an unknown customer
// ("customer 'B' is referred by unknown customer 'Z'") and for every referral cycle
// ("referral cycle: A -> B -> A"). Customers on a cycle are left out of bottom_up.
[[nodiscard]] ReferralTree build_referral_tree(const CustomerSet& set, const ProblemSink* sink = nullptr);

// Income from customers below each customer in the tree, given each customer's own net income.
struct ReferralTotals {
  std::vector<double> income;              // sum of the counted customers' own net income
  std::vector<std::uint32_t> referred;     // how many customers were counted
};

[[nodiscard]] ReferralTotals referral_totals(const ReferralTree& tree, std::span<const double> own_net_income,
                                             ReferralDepth depth);

// The same per year for ledgers: `own_by_year` holds `years` values per customer (row-major),
// the result likewise.
[[nodiscard]] std::vector<double> referral_by_year(const ReferralTree& tree, std::span<const double> own_by_year,
                                                   std::size_t years, ReferralDepth depth);

// The customers counted for `index`: its direct referrals, or everyone below it (depth-first,
// each level in file order). Iterative.
[[nodiscard]] std::vector<std::uint32_t> referred_customers(const ReferralTree& tree, std::size_t index,
                                                            ReferralDepth depth);

}  // namespace clv
