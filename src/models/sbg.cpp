#include "clv/models/sbg.hpp"

#include "clv/error.hpp"
#include "clv/models/hypergeometric.hpp"
#include "kernels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace clv::models::sbg {
namespace {

double log_term(const Parameters& p, const Contract& contract) {
  const double theta[2] = {p.alpha, p.beta};
  return detail::single_log_likelihood<detail::SbgKernel>(
      theta, contract.status == ContractStatus::churned ? 1.0 : 0.0, contract.tenure, 0.0);
}

// 2F1(1, b; c; z) with 0 <= z < 1: the discounted sums below.
double hyp2f1_one(double b, double c, double z) {
  const double value = hyp2f1(1.0, b, c, z);
  if (!std::isfinite(value)) {
    throw data_error(fmt::format("the sBG discounted lifetime does not converge (2F1(1, {}; {}; {}))", b, c, z));
  }
  return value;
}

}  // namespace

double survival(const Parameters& p, double period) {
  // FH (2007): S(t) = B(alpha, beta+t) / B(alpha, beta).
  return std::exp(detail::log_beta(p.alpha, p.beta + period) - detail::log_beta(p.alpha, p.beta));
}

double retention_rate(const Parameters& p, double period) {
  // FH (2007): r(t) = (beta + t - 1) / (alpha + beta + t - 1).
  return (p.beta + period - 1.0) / (p.alpha + p.beta + period - 1.0);
}

double churn_probability(const Parameters& p, double period) {
  // FH (2007): P(T = t) = B(alpha+1, beta+t-1) / B(alpha, beta).
  return std::exp(detail::log_beta(p.alpha + 1.0, p.beta + period - 1.0) - detail::log_beta(p.alpha, p.beta));
}

std::optional<double> expected_lifetime(const Parameters& p) {
  // sum_{t>=0} S(t) = 2F1(1, beta; alpha+beta; 1) = (alpha+beta-1)/(alpha-1) by Gauss's theorem,
  // finite only for alpha > 1.
  if (!(p.alpha > 1.0)) {
    return std::nullopt;
  }
  return (p.alpha + p.beta - 1.0) / (p.alpha - 1.0);
}

std::optional<double> discounted_expected_lifetime(const Parameters& p, double discount_rate) {
  // FH (2010): DEL = 2F1(1, beta; alpha+beta; 1/(1+d)), since S(t) = (beta)_t/(alpha+beta)_t.
  if (discount_rate <= 0.0) {
    return expected_lifetime(p);
  }
  return hyp2f1_one(p.beta, p.alpha + p.beta, 1.0 / (1.0 + discount_rate));
}

double discounted_lifetime_sum(const Parameters& p, double discount_rate, int periods) {
  double sum = 0.0;
  double survival_t = 1.0;
  double discount = 1.0;
  for (int t = 0; t < periods; ++t) {
    sum += survival_t * discount;
    survival_t *= retention_rate(p, t + 1.0);
    discount /= 1.0 + discount_rate;
  }
  return sum;
}

RetentionProjection project(const Parameters& p, int periods, double discount_rate) {
  RetentionProjection projection;
  projection.discount_rate = discount_rate;
  for (int t = 0; t <= periods; ++t) {
    ProjectedPeriod row;
    row.period = t;
    row.survival = survival(p, t);
    if (t > 0) {
      row.retention_rate = retention_rate(p, t);
    }
    projection.periods.push_back(row);
  }
  projection.expected_lifetime = expected_lifetime(p);
  projection.discounted_expected_lifetime = discounted_expected_lifetime(p, discount_rate);
  return projection;
}

ContractForecast forecast(const Parameters& p, double tenure, double discount_rate) {
  // A customer active after `tenure` periods has made n - 1 = tenure renewals. FH (2010), DERL:
  //   DERL = (beta+n-1)/(alpha+beta+n-1) 2F1(1, beta+n; alpha+beta+n; 1/(1+d)),
  // and with d = 0 (Gauss's theorem) (beta+n-1)/(alpha-1) when alpha > 1.
  ContractForecast result;
  result.renewal_probability = retention_rate(p, tenure + 1.0);
  if (discount_rate > 0.0) {
    result.discounted_expected_residual_lifetime =
        result.renewal_probability *
        hyp2f1_one(p.beta + tenure + 1.0, p.alpha + p.beta + tenure + 1.0, 1.0 / (1.0 + discount_rate));
  } else if (p.alpha > 1.0) {
    result.discounted_expected_residual_lifetime = (p.beta + tenure) / (p.alpha - 1.0);
  }
  return result;
}

double log_likelihood(const Parameters& p, const Contract& contract) { return log_term(p, contract); }

double log_likelihood(const Parameters& p, std::span<const Contract> contracts) {
  double total = 0.0;
  for (const Contract& contract : contracts) {
    if (contract.weight != 0.0) {
      total += contract.weight * log_term(p, contract);
    }
  }
  return total;
}

std::vector<Contract> contracts_from_cohort(std::span<const double> alive) {
  if (alive.empty()) {
    throw data_error("the cohort table is empty");
  }
  if (static_cast<double>(alive.size()) > k_max_tenure) {
    throw data_error(fmt::format("the cohort table has more than {} periods", k_max_tenure));
  }
  std::vector<Contract> contracts;
  for (std::size_t t = 0; t < alive.size(); ++t) {
    const std::string field = fmt::format("period {}", t);
    if (!std::isfinite(alive[t]) || alive[t] < 0.0) {
      throw data_error(fmt::format("{}: the count {} is negative or not finite", field, alive[t]),
                       Location{"", 0, 0, "alive"});
    }
    if (t == 0) {
      if (!(alive[0] > 0.0)) {
        throw data_error("period 0: the cohort has no customers", Location{"", 0, 0, "alive"});
      }
      continue;
    }
    if (alive[t] > alive[t - 1]) {
      throw data_error(fmt::format("{}: {} customers active, more than the {} of period {} (survivor counts cannot "
                                   "increase)",
                                   field, alive[t], alive[t - 1], t - 1),
                       Location{"", 0, 0, "alive"});
    }
    if (alive[t - 1] > alive[t]) {
      contracts.push_back({static_cast<double>(t), ContractStatus::churned, alive[t - 1] - alive[t]});
    }
  }
  if (alive.back() > 0.0) {
    contracts.push_back({static_cast<double>(alive.size() - 1), ContractStatus::active, alive.back()});
  }
  return contracts;
}

std::vector<SurvivalCheck> compare_survival(const Parameters& p, std::span<const Contract> contracts) {
  validate_contracts(contracts);
  std::size_t longest = 0;
  for (const Contract& c : contracts) {
    longest = std::max(longest, static_cast<std::size_t>(c.tenure));
  }
  // Contracts by tenure, churned and active apart.
  std::vector<double> churned(longest + 1, 0.0);
  std::vector<double> ending(longest + 1, 0.0);
  for (const Contract& c : contracts) {
    const auto t = static_cast<std::size_t>(c.tenure);
    ending[t] += c.weight;
    if (c.status == ContractStatus::churned) {
      churned[t] += c.weight;
    }
  }
  std::vector<SurvivalCheck> rows;
  double at_risk = 0.0;
  for (const double w : ending) {
    at_risk += w;
  }
  double actual = 1.0;
  for (std::size_t t = 0; t <= longest; ++t) {
    SurvivalCheck row;
    row.period = static_cast<int>(t);
    row.at_risk = at_risk;
    row.churned = churned[t];
    if (t > 0 && at_risk > 0.0) {
      actual *= 1.0 - churned[t] / at_risk;
    }
    row.actual_survival = actual;
    row.predicted_survival = survival(p, static_cast<double>(t));
    rows.push_back(row);
    at_risk -= ending[t];
  }
  return rows;
}

void validate_contracts(std::span<const Contract> contracts) {
  double total = 0.0;
  double churned = 0.0;
  double renewed = 0.0;
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    const Contract& c = contracts[i];
    auto fail = [&](const char* field, const std::string& what) {
      throw data_error(fmt::format("customer {}: {}", i + 1, what), Location{"", 0, 0, field});
    };
    if (!std::isfinite(c.tenure) || c.tenure < 0.0 || c.tenure != std::floor(c.tenure)) {
      fail("tenure", fmt::format("tenure {} is not a whole number >= 0", c.tenure));
    }
    if (c.tenure > k_max_tenure) {
      fail("tenure", fmt::format("tenure {} is more than {} periods", c.tenure, k_max_tenure));
    }
    if (c.status == ContractStatus::churned && c.tenure < 1.0) {
      fail("tenure", "a customer who churned has completed at least one period (tenure >= 1)");
    }
    if (!std::isfinite(c.weight) || c.weight < 0.0) {
      fail("weight", fmt::format("weight {} is negative or not finite", c.weight));
    }
    total += c.weight;
    churned += c.status == ContractStatus::churned ? c.weight : 0.0;
    // Renewals observed: active customers renewed `tenure` times, churned ones tenure - 1.
    renewed += c.weight * (c.status == ContractStatus::churned ? c.tenure - 1.0 : c.tenure);
  }
  if (!(total > 0.0)) {
    throw data_error("no customers to fit");
  }
  if (!(churned > 0.0)) {
    throw data_error("no customer has churned: the sBG model cannot be fitted (retention looks like 100%)");
  }
  if (!(renewed > 0.0)) {
    throw data_error("no customer has renewed: the sBG model cannot be fitted (retention looks like 0%)");
  }
}

}  // namespace clv::models::sbg
