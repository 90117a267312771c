#include "clv/at_risk_selection.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace clv {

namespace {

void check_days(const AtRiskInput& customer, const std::optional<double>& days, const char* field) {
  if (days && !(std::isfinite(*days) && *days >= 0.0)) {
    throw data_error(fmt::format("customer '{}': {} must be a finite number >= 0, not {}", customer.id, field, *days),
                     Location{{}, 0, 0, field});
  }
}

}  // namespace

std::optional<double> usual_gap_days(double recency_days, double frequency) noexcept {
  if (!(frequency > 0.0) || !std::isfinite(recency_days) || !std::isfinite(frequency)) {
    return std::nullopt;
  }
  return recency_days / frequency;
}

double value_at_stake(double probability_alive, double value_if_alive) noexcept {
  return (1.0 - probability_alive) * value_if_alive;
}

std::vector<AtRiskCustomer> select_at_risk(const std::vector<AtRiskInput>& customers, const AtRiskOptions& options) {
  if (!(options.alive_threshold > 0.0 && options.alive_threshold <= 1.0)) {
    throw usage_error(fmt::format("the P(alive) threshold must be more than 0 and at most 1, not {}",
                                  options.alive_threshold));
  }
  if (!std::isfinite(options.minimum_value_at_stake)) {
    throw usage_error("the minimum value at stake must be a finite number");
  }
  std::vector<AtRiskCustomer> selected;
  for (const AtRiskInput& customer : customers) {
    if (!(customer.probability_alive >= 0.0 && customer.probability_alive <= 1.0)) {
      throw data_error(fmt::format("customer '{}': P(alive) must be between 0 and 1, not {}", customer.id,
                                   customer.probability_alive),
                       Location{{}, 0, 0, "probability_alive"});
    }
    if (!std::isfinite(customer.value_if_alive)) {
      throw data_error(fmt::format("customer '{}': value if alive is not a finite number", customer.id),
                       Location{{}, 0, 0, "value_if_alive"});
    }
    check_days(customer, customer.days_since_last_purchase, "days_since_last_purchase");
    check_days(customer, customer.usual_gap_days, "usual_gap_days");
    if (!(customer.probability_alive < options.alive_threshold)) {
      continue;
    }
    const double at_stake = value_at_stake(customer.probability_alive, customer.value_if_alive);
    if (!(at_stake > 0.0 && at_stake >= options.minimum_value_at_stake)) {
      continue;
    }
    AtRiskCustomer risk;
    risk.id = customer.id;
    risk.name = customer.name;
    risk.probability_alive = customer.probability_alive;
    risk.value_if_alive = customer.value_if_alive;
    risk.value_at_stake = at_stake;
    risk.days_since_last_purchase = customer.days_since_last_purchase;
    risk.usual_gap_days = customer.usual_gap_days;
    if (customer.days_since_last_purchase && customer.usual_gap_days && *customer.usual_gap_days > 0.0) {
      risk.gaps_overdue = *customer.days_since_last_purchase / *customer.usual_gap_days;
    }
    selected.push_back(std::move(risk));
  }
  const auto before = [](const AtRiskCustomer& a, const AtRiskCustomer& b) {
    if (a.value_at_stake != b.value_at_stake) {
      return a.value_at_stake > b.value_at_stake;
    }
    return a.id < b.id;
  };
  if (options.top && *options.top < selected.size()) {
    std::partial_sort(selected.begin(), selected.begin() + static_cast<std::ptrdiff_t>(*options.top), selected.end(),
                      before);
    selected.resize(*options.top);
  } else {
    std::sort(selected.begin(), selected.end(), before);
  }
  // The list's total, summed in this order as its readers do, must be a number too (inf would
  // print as "inf" and break JSON).
  double total = 0.0;
  for (const AtRiskCustomer& risk : selected) {
    total += risk.value_at_stake;
    if (!std::isfinite(total) || (risk.gaps_overdue && !std::isfinite(*risk.gaps_overdue))) {
      throw data_error(fmt::format("the customers at risk have a value at stake (or a silence in usual gaps) beyond "
                                   "the largest number clv can hold (about 1.8e308), first at customer '{}'; the "
                                   "amounts are too large",
                                   risk.id));
    }
  }
  return selected;
}

AtRiskList list_at_risk(std::vector<AtRiskCustomer> selected, std::optional<std::size_t> top) {
  AtRiskList list;
  list.customers_at_risk = selected.size();
  for (const AtRiskCustomer& risk : selected) {
    list.value_at_stake += risk.value_at_stake;
  }
  if (!std::isfinite(list.value_at_stake)) {
    throw data_error("the customers at risk have a value at stake beyond the largest number clv can hold (about "
                     "1.8e308) in all; the amounts are too large");
  }
  if (top && *top < selected.size()) {
    selected.resize(*top);
  }
  list.listed = std::move(selected);
  return list;
}

}  // namespace clv
