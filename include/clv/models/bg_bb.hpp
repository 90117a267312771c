#pragma once
// BG/BB (Fader, Hardie & Shang 2010, "Customer-base analysis in a discrete-time noncontractual
// setting", Marketing Science 29(6)): customers who can buy once per period (a yearly donation,
// an annual conference), and who may drop out unseen. Each customer had `periods` opportunities
// (n) after the first purchase, bought in `frequency` of them (x), the last in opportunity
// `recency` (t_x, 0 when x = 0).

#include "clv/models/model.hpp"

#include <span>
#include <vector>

namespace clv::models::bg_bb {

struct Parameters {
  double alpha = 1.0;
  double beta = 1.0;
  double gamma = 1.0;
  double delta = 1.0;
};

// One customer's opportunities; `weight` counts identical customers (the compressed form).
struct OpportunityHistory {
  double frequency = 0.0;  // x
  double recency = 0.0;    // t_x
  double periods = 0.0;    // n
  double weight = 1.0;
};

// The likelihood sums n - t_x terms: more opportunities than this is refused as bad data.
inline constexpr double k_max_periods = 100'000;

// log L(x, t_x, n) of one customer.
[[nodiscard]] double log_likelihood(const Parameters& parameters, const OpportunityHistory& customer);
// Sum of weight x log L.
[[nodiscard]] double log_likelihood(const Parameters& parameters, std::span<const OpportunityHistory> customers);

struct Forecast {
  double expected_transactions = 0.0;  // over the next `horizon` opportunities, n+1 ... n+horizon
  double probability_alive = 0.0;      // at opportunity n+1
};
[[nodiscard]] Forecast forecast(const Parameters& parameters, const OpportunityHistory& customer, double horizon);
// P(exactly k transactions in the next `horizon` opportunities | x, t_x, n) for
// k = 0 ... max_count (FHS 2010, the conditional PMF P(X(n, n+n*) = x* | x, t_x, n)).
[[nodiscard]] std::vector<double> transaction_probabilities(const Parameters& parameters,
                                                            const OpportunityHistory& customer, int horizon,
                                                            int max_count);
// The same expectation summed opportunity by opportunity (for checks).
[[nodiscard]] double expected_transactions_sum(const Parameters& parameters, const OpportunityHistory& customer,
                                               int horizon);

// A customer just acquired: the first transaction at opportunity 0 and nothing else observed.
// E[X(n)], the expected transactions in the next n opportunities (FHS 2010, eq. 9).
[[nodiscard]] double expected_transactions_new(const Parameters& parameters, int opportunities);
// P(X(n) = x) for x = 0 ... max_count (FHS 2010, eq. 8); 0 for x > n.
[[nodiscard]] std::vector<double> transaction_probabilities_new(const Parameters& parameters, int opportunities,
                                                                int max_count);

// Mean holdout transactions against the model's expectation, by calibration frequency
// (0, 1, ..., the last group `max_frequency` or more). `holdout_frequency[i]` transactions
// were seen in the `holdout_periods[i]` opportunities after customer i's calibration.
struct HoldoutGroup {
  int frequency = 0;
  bool or_more = false;
  double customers = 0.0;
  double actual = 0.0;     // mean
  double predicted = 0.0;  // mean E[X(n, n + n*) | x, t_x, n]
};
[[nodiscard]] std::vector<HoldoutGroup> compare_holdout(const Parameters& parameters,
                                                        std::span<const OpportunityHistory> customers,
                                                        std::span<const double> holdout_frequency,
                                                        std::span<const double> holdout_periods, int max_frequency);

// Throws clv::Error (data_error) naming the first invalid history: values that are negative,
// fractional or not finite, n > k_max_periods, x > n, t_x > n, x > t_x, x = 0 with t_x > 0, x > 0 with t_x = 0;
// also for no customers.
void validate_histories(std::span<const OpportunityHistory> customers);

// Maximum likelihood fit of (alpha, beta, gamma, delta) with standard errors
// (FitResult.kind = bg_bb).
[[nodiscard]] FitResult fit(std::span<const OpportunityHistory> customers, const FitOptions& options = {});

// A purchase log as opportunities: `purchase_periods[i]` is the period (0 = first purchase's
// period) of each of a customer's purchases, any order, repeats within a period counted once;
// `last_period` is the last complete period observed. The first purchase is not an opportunity.
[[nodiscard]] OpportunityHistory opportunities_from_periods(std::span<const long long> purchase_periods,
                                                            long long last_period);

}  // namespace clv::models::bg_bb
