#pragma once
// Shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007, "How to project
// customer retention", J. Interactive Marketing 21(1); Fader & Hardie 2010, "Customer-base
// valuation in a contractual setting: the perils of ignoring heterogeneity", Marketing Science
// 29(1)). A contractual, discrete-time setting: every customer pays at the start of each period
// while active and is seen leaving. Periods are counted from 0 (the acquisition period).
// tenure = periods completed; survival(t) = P(still active at the start of period t).

#include "clv/models/model.hpp"

#include <optional>
#include <span>
#include <vector>

namespace clv::models::sbg {

struct Parameters {
  double alpha = 1.0;
  double beta = 1.0;
};

// S(t): probability that a new customer is still active at the start of period t (S(0) = 1).
[[nodiscard]] double survival(const Parameters& parameters, double period);
// r(t) = S(t) / S(t-1): the share of the customers active in period t-1 who renew for period t
// (t >= 1).
[[nodiscard]] double retention_rate(const Parameters& parameters, double period);
// P(T = t): probability that a new customer's last period is t-1, i.e. that they leave after
// completing t periods (t >= 1).
[[nodiscard]] double churn_probability(const Parameters& parameters, double period);

// Mean number of periods a new customer pays for, sum over t >= 0 of S(t); infinite (nullopt)
// when alpha <= 1.
[[nodiscard]] std::optional<double> expected_lifetime(const Parameters& parameters);
// DEL = sum over t >= 0 of S(t) / (1 + d)^t: the discounted number of payments of a new customer,
// the first (at t = 0) undiscounted. Infinite (nullopt) when d = 0 and alpha <= 1.
[[nodiscard]] std::optional<double> discounted_expected_lifetime(const Parameters& parameters,
                                                                 double discount_rate);
// The same sum taken term by term up to `periods` (for checks and for finite horizons).
[[nodiscard]] double discounted_lifetime_sum(const Parameters& parameters, double discount_rate,
                                             int periods);

// The cohort's projection: S(t) and r(t) for periods 0..periods, with the lifetime measures.
struct ProjectedPeriod {
  int period = 0;
  double survival = 1.0;
  std::optional<double> retention_rate;  // none for period 0
};
struct RetentionProjection {
  std::vector<ProjectedPeriod> periods;
  std::optional<double> expected_lifetime;             // none when infinite (alpha <= 1)
  std::optional<double> discounted_expected_lifetime;  // none when infinite (d = 0, alpha <= 1)
  double discount_rate = 0.0;
};
[[nodiscard]] RetentionProjection project(const Parameters& parameters, int periods, double discount_rate);

// Longer tenures are refused as bad data (a life table has a row per period).
inline constexpr double k_max_tenure = 1'000'000;

// One contract: periods completed and whether the customer has left (churned at the end of
// period `tenure`, i.e. T = tenure) or is still active. `weight` counts identical customers.
enum class ContractStatus { active, churned };
struct Contract {
  double tenure = 0.0;
  ContractStatus status = ContractStatus::active;
  double weight = 1.0;
};

// What the model says about a customer who is still active after `tenure` periods.
struct ContractForecast {
  double renewal_probability = 0.0;  // of renewing for the next period, r(tenure + 1)
  // DERL: the discounted number of payments still to come, from the next renewal on (that one
  // undiscounted), Fader & Hardie (2010).
  std::optional<double> discounted_expected_residual_lifetime;
};
[[nodiscard]] ContractForecast forecast(const Parameters& parameters, double tenure, double discount_rate);

// log L of one contract: log S(tenure) if active, log P(T = tenure) if churned.
[[nodiscard]] double log_likelihood(const Parameters& parameters, const Contract& contract);
[[nodiscard]] double log_likelihood(const Parameters& parameters, std::span<const Contract> contracts);

// A cohort table (customers still active at the start of periods 0, 1, ..., n) as contracts:
// the customers lost between two periods have churned, those left at period n are active.
// Throws clv::Error (data_error) for an empty table, negative or non-finite counts, counts that
// increase, or a cohort of 0 customers.
[[nodiscard]] std::vector<Contract> contracts_from_cohort(std::span<const double> alive);

// Throws clv::Error (data_error) naming the first invalid contract: negative or fractional
// tenure, a churned contract with tenure < 1, a negative weight; also for no customers, or no
// churn at all (the model then cannot be fitted).
void validate_contracts(std::span<const Contract> contracts);

// Actual against predicted survival, period by period: the actual is the life-table
// (Kaplan-Meier) estimate, prod over k <= t of (1 - churned(k)/at_risk(k)), where at_risk(k)
// counts the contracts with tenure >= k and churned(k) those that churned with tenure k; for a
// cohort table it is alive(t)/alive(0). Periods 0 up to the longest tenure.
struct SurvivalCheck {
  int period = 0;
  double at_risk = 0.0;  // contracts observed through period `period` (tenure >= period)
  double churned = 0.0;  // of them, churned after completing exactly `period` periods
  double actual_survival = 1.0;
  double predicted_survival = 1.0;
};
[[nodiscard]] std::vector<SurvivalCheck> compare_survival(const Parameters& parameters,
                                                          std::span<const Contract> contracts);

// Maximum likelihood fit of (alpha, beta) with standard errors (FitResult.kind = sbg).
[[nodiscard]] FitResult fit(std::span<const Contract> contracts, const FitOptions& options = {});

}  // namespace clv::models::sbg
