#include "clv/referral.hpp"

#include "id_index.hpp"

#include <fmt/format.h>

#include <string>

namespace clv {

namespace {

// The file the referred_by links came from: the attributes file for forecast customers.
const std::string& referrals_file(const CustomerSet& set) {
  return set.referrals_source.empty() ? set.source : set.referrals_source;
}

}  // namespace

ReferralDepth parse_referral_depth(std::string_view text) {
  if (text == "all") {
    return ReferralDepth::all;
  }
  if (text == "direct") {
    return ReferralDepth::direct;
  }
  throw usage_error(fmt::format("--referrals takes 'all' or 'direct', not '{}'", text));
}

ReferralTree build_referral_tree(const CustomerSet& set, const ProblemSink* sink) {
  const std::size_t count = set.customers.size();
  // Index only the names that appear in `referred_by` (usually far fewer than the customers,
  // so the table stays in cache), then look every customer's id up in it once.
  const auto referrer_name_of = [&set](std::uint32_t position) -> std::string_view {
    return *set.customers[position].referred_by;
  };
  detail::IdIndex names;  // referrer name → first customer referring to it
  for (std::size_t i = 0; i < count; ++i) {
    if (set.customers[i].referred_by) {
      (void)names.insert(*set.customers[i].referred_by, static_cast<std::uint32_t>(i), referrer_name_of);
    }
  }
  constexpr std::uint32_t k_unresolved = ReferralTree::k_none;
  std::vector<std::uint32_t> resolved(count, k_unresolved);  // by first referring customer
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t first = names.find(set.customers[i].id, referrer_name_of);
    // Duplicate ids are the reader's concern; the first customer with an id is the referrer.
    if (first != detail::IdIndex::k_missing && resolved[first] == k_unresolved) {
      resolved[first] = static_cast<std::uint32_t>(i);
    }
  }
  ReferralTree tree;
  tree.referrer.assign(count, ReferralTree::k_none);
  std::vector<std::uint32_t> pending(count, 0);  // children not yet placed in bottom_up
  for (std::size_t i = 0; i < count; ++i) {
    const auto& referred_by = set.customers[i].referred_by;
    if (!referred_by) {
      continue;
    }
    const std::uint32_t referrer = resolved[names.find(*referred_by, referrer_name_of)];
    if (referrer == k_unresolved) {
      report_problem(sink, data_error(fmt::format("customer '{}' is referred by unknown customer '{}'",
                                                  set.customers[i].id, *referred_by),
                                      Location{referrals_file(set), 0, 0, "referred_by"}));
      continue;
    }
    tree.referrer[i] = referrer;
    ++pending[referrer];
  }
  // Children lists (CSR), in file order.
  tree.child_begin.assign(count + 1, 0);
  for (std::size_t i = 0; i < count; ++i) {
    tree.child_begin[i + 1] = tree.child_begin[i] + pending[i];
  }
  tree.children.resize(tree.child_begin[count]);
  {
    std::vector<std::uint32_t> fill(tree.child_begin.begin(), tree.child_begin.end() - 1);
    for (std::size_t i = 0; i < count; ++i) {
      if (tree.referrer[i] != ReferralTree::k_none) {
        tree.children[fill[tree.referrer[i]]++] = static_cast<std::uint32_t>(i);
      }
    }
  }
  // Kahn's order from the leaves up: a customer is placed once everything below it is.
  tree.bottom_up.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (pending[i] == 0) {
      tree.bottom_up.push_back(static_cast<std::uint32_t>(i));
    }
  }
  for (std::size_t next = 0; next < tree.bottom_up.size(); ++next) {
    const std::uint32_t referrer = tree.referrer[tree.bottom_up[next]];
    if (referrer != ReferralTree::k_none && --pending[referrer] == 0) {
      tree.bottom_up.push_back(referrer);
    }
  }
  if (tree.bottom_up.size() < count) {
    // What is left lies on cycles (every customer has one referrer, so nothing else can be
    // stuck). Name each cycle once, starting from its first customer in the file.
    std::vector<bool> reported(count, false);
    for (std::size_t i = 0; i < count; ++i) {
      if (pending[i] == 0 || reported[i]) {
        continue;
      }
      std::string path = set.customers[i].id;
      std::size_t at = i;
      do {
        reported[at] = true;
        at = tree.referrer[at];
        path += " -> ";
        path += set.customers[at].id;
      } while (at != i);
      report_problem(sink, data_error(fmt::format("referral cycle: {}", path),
                                      Location{referrals_file(set), 0, 0, "referred_by"}));
    }
  }
  return tree;
}

ReferralTotals referral_totals(const ReferralTree& tree, std::span<const double> own_net_income,
                               ReferralDepth depth) {
  ReferralTotals totals;
  totals.income.assign(own_net_income.size(), 0.0);
  totals.referred.assign(own_net_income.size(), 0);
  for (const std::uint32_t i : tree.bottom_up) {
    const std::uint32_t referrer = tree.referrer[i];
    if (referrer == ReferralTree::k_none) {
      continue;
    }
    if (depth == ReferralDepth::all) {
      // Summed from below rather than subtracted, so no rounding creeps in.
      totals.income[referrer] += own_net_income[i] + totals.income[i];
      totals.referred[referrer] += 1 + totals.referred[i];
    } else {
      totals.income[referrer] += own_net_income[i];
      totals.referred[referrer] += 1;
    }
  }
  return totals;
}

std::vector<double> referral_by_year(const ReferralTree& tree, std::span<const double> own_by_year,
                                     std::size_t years, ReferralDepth depth) {
  std::vector<double> income(own_by_year.size(), 0.0);
  for (const std::uint32_t i : tree.bottom_up) {
    const std::uint32_t referrer = tree.referrer[i];
    if (referrer == ReferralTree::k_none) {
      continue;
    }
    for (std::size_t y = 0; y < years; ++y) {
      double& into = income[referrer * years + y];
      into += own_by_year[i * years + y];
      if (depth == ReferralDepth::all) {
        into += income[i * years + y];
      }
    }
  }
  return income;
}

std::vector<std::uint32_t> referred_customers(const ReferralTree& tree, std::size_t index, ReferralDepth depth) {
  const auto direct = tree.children_of(index);
  if (depth == ReferralDepth::direct) {
    return {direct.begin(), direct.end()};
  }
  std::vector<std::uint32_t> found;
  std::vector<std::uint32_t> stack(direct.rbegin(), direct.rend());
  while (!stack.empty()) {
    const std::uint32_t at = stack.back();
    stack.pop_back();
    found.push_back(at);
    const auto below = tree.children_of(at);
    stack.insert(stack.end(), below.rbegin(), below.rend());
  }
  return found;
}

}  // namespace clv
