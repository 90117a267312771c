#include "clv/projection.hpp"

#include "clv/discount_rate.hpp"
#include "clv/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace clv {

void check_ledger(const Customer& customer, const std::string& source, const ProblemSink* sink) {
  std::vector<int> seen;
  for (const LedgerYear& year : customer.years) {
    if (year.year <= 0) {
      report_problem(sink, data_error(fmt::format("customer '{}': year must be 1 or later '{}'", customer.id, year.year),
                                      Location{source, 0, 0, "year"}));
      continue;
    }
    const auto at = static_cast<std::size_t>(year.year);
    if (at >= seen.size()) {
      seen.resize(at + 1, 0);
    }
    if (++seen[at] == 2) {
      report_problem(sink, data_error(fmt::format("customer '{}': year appears twice '{}'", customer.id, year.year),
                                      Location{source, 0, 0, "year"}));
    }
  }
}

std::vector<Projection> project(const CustomerSet& set, const ProjectionOptions& options) {
  if (options.years < 1) {
    throw usage_error(fmt::format("--years must be 1 or more, not {}", options.years));
  }
  if (options.discount_rate) {
    check_discount_rate(*options.discount_rate);
  }
  const std::size_t count = set.customers.size();
  const auto years = static_cast<std::size_t>(options.years);
  const ReferralTree tree = build_referral_tree(set);

  // Each customer's own net income per year (sales − cost), row-major; formula customers stay
  // 0 here and are flagged, since their income cannot be placed in a year.
  std::vector<double> own(count * years, 0.0);
  std::vector<double> referral_sales(count * years, 0.0);
  bool any_ledger = false;
  for (std::size_t i = 0; i < count; ++i) {
    const Customer& customer = set.customers[i];
    check_ledger(customer, set.source);
    any_ledger = any_ledger || has_ledger(customer);
    for (const LedgerYear& year : customer.years) {
      if (static_cast<std::size_t>(year.year) > years) {
        continue;  // outside the table
      }
      const std::size_t at = i * years + static_cast<std::size_t>(year.year) - 1;
      own[at] = year.base_sales + year.new_sales - year.cost;
      referral_sales[at] = year.referral_sales.value_or(0.0);
    }
  }
  const std::vector<double> from_referred = referral_by_year(tree, own, years, options.depth);
  // The first customer without a ledger counted below each customer, if any.
  std::vector<std::uint32_t> unplaced(count, ReferralTree::k_none);
  for (const std::uint32_t i : tree.bottom_up) {
    const std::uint32_t referrer = tree.referrer[i];
    if (referrer == ReferralTree::k_none || unplaced[referrer] != ReferralTree::k_none) {
      continue;
    }
    if (!has_ledger(set.customers[i])) {
      unplaced[referrer] = i;
    } else if (options.depth == ReferralDepth::all) {
      unplaced[referrer] = unplaced[i];
    }
  }

  std::vector<Projection> projections;
  bool found = false;
  for (std::size_t i = 0; i < count; ++i) {
    const Customer& customer = set.customers[i];
    if (options.only_customer) {
      if (customer.id != *options.only_customer) {
        continue;
      }
      found = true;
      if (!has_ledger(customer)) {
        throw data_error(fmt::format("customer '{}' has no ledger (no years) to project", customer.id),
                         Location{set.source, 0, 0, "id"});
      }
    } else if (!has_ledger(customer)) {
      continue;
    }
    if (unplaced[i] != ReferralTree::k_none) {
      throw data_error(fmt::format("customer '{}': referred customer '{}' has no ledger, so its income cannot be "
                                   "placed in a year",
                                   customer.id, set.customers[unplaced[i]].id),
                       Location{set.source, 0, 0, "referred_by"});
    }
    Projection projection;
    projection.id = customer.id;
    projection.name = customer.name ? std::string_view(*customer.name) : std::string_view();
    projection.years.resize(years);
    for (std::size_t y = 0; y < years; ++y) {
      projection.years[y].year = static_cast<int>(y + 1);
    }
    for (const LedgerYear& year : customer.years) {
      if (static_cast<std::size_t>(year.year) <= years) {
        ProjectionYear& into = projection.years[static_cast<std::size_t>(year.year) - 1];
        into.base_sales = year.base_sales;
        into.new_sales = year.new_sales;
        into.cost = year.cost;
      }
    }
    double cumulative = 0.0;
    double npv = 0.0;
    for (std::size_t y = 0; y < years; ++y) {
      ProjectionYear& row = projection.years[y];
      row.revenue = row.base_sales + row.new_sales;
      row.referral = referral_sales[i * years + y] + from_referred[i * years + y];
      row.profit = row.revenue - row.cost + row.referral;
      cumulative += row.profit;
      row.cumulative_profit = cumulative;
      if (options.discount_rate) {
        // End-of-year cash flows: year k is discounted k times.
        row.discounted_profit = row.profit / std::pow(1.0 + *options.discount_rate, static_cast<double>(y + 1));
        npv += *row.discounted_profit;
      }
    }
    projection.total_profit = cumulative;
    if (options.discount_rate) {
      projection.npv = npv;
    }
    // Huge amounts can add up past the largest double: refuse rather than print inf or nan.
    for (const ProjectionYear& row : projection.years) {
      const double figures[] = {row.revenue, row.referral, row.profit, row.cumulative_profit,
                                row.discounted_profit.value_or(0.0), npv};
      if (!std::all_of(std::begin(figures), std::end(figures), [](double v) { return std::isfinite(v); })) {
        throw data_error(fmt::format("customer '{}': year {}: the amounts add up to more than the largest number clv "
                                     "can hold (about 1.8e308); the amounts are too large",
                                     customer.id, row.year),
                         Location{set.source});
      }
    }
    if (options.detail == ReferralDetail::per_customer) {
      for (const std::uint32_t below : referred_customers(tree, i, options.depth)) {
        ReferralLine line{set.customers[below].id, {}};
        line.by_year.assign(own.begin() + static_cast<std::ptrdiff_t>(below * years),
                            own.begin() + static_cast<std::ptrdiff_t>((below + 1) * years));
        projection.referrals.push_back(std::move(line));
      }
      bool any_sales = false;
      for (const LedgerYear& year : customer.years) {
        any_sales = any_sales || year.referral_sales.has_value();
      }
      if (any_sales) {
        ReferralLine line{{}, {}};
        line.by_year.assign(referral_sales.begin() + static_cast<std::ptrdiff_t>(i * years),
                            referral_sales.begin() + static_cast<std::ptrdiff_t>((i + 1) * years));
        projection.referrals.push_back(std::move(line));
      }
    }
    projections.push_back(std::move(projection));
  }
  if (options.only_customer && !found) {
    throw data_error(fmt::format("no customer with id '{}'", *options.only_customer), Location{set.source, 0, 0, "id"});
  }
  if (!options.only_customer && !any_ledger) {
    throw data_error("no customer has a ledger (years) to project", Location{set.source});
  }
  return projections;
}

}  // namespace clv
