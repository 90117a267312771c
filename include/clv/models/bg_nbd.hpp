#pragma once
// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): the formulas for one customer,
// in the model's time unit. frequency = x (repeat purchases), recency = t_x, age = T.

#include <array>
#include <span>
#include <vector>

namespace clv::models::bg_nbd {

struct Parameters {
  double r = 1.0;
  double alpha = 1.0;
  double a = 1.0;
  double b = 1.0;
};

// log L(x, t_x, T) of one customer.
[[nodiscard]] double log_likelihood(const Parameters& parameters, double frequency, double recency,
                                    double age);
// d log L / d(r, alpha, a, b).
[[nodiscard]] std::array<double, 4> gradient(const Parameters& parameters, double frequency,
                                             double recency, double age);
// E[X(t)]: expected repeat purchases of a new customer in (0, t].
[[nodiscard]] double expected_transactions_new(const Parameters& parameters, double t);
// E[Y(horizon) | x, t_x, T]: expected purchases in the next `horizon` time units.
[[nodiscard]] double conditional_expected_transactions(const Parameters& parameters, double frequency,
                                                       double recency, double age, double horizon);
// E[Y(horizon) | alive, x, T]: the expected purchases of a customer known to be alive; it does
// not depend on t_x. conditional_expected_transactions = this * probability_alive.
[[nodiscard]] double expected_transactions_if_alive(const Parameters& parameters, double frequency, double age,
                                                    double horizon);
// The same at increasing horizons t_1 <= t_2 <= ... (the ends of discounting periods), in time
// linear in their number (hypergeometric.hpp, log_hyp2f1_path); and E[X(t_k)] likewise.
[[nodiscard]] std::vector<double> expected_transactions_if_alive_path(const Parameters& parameters, double frequency,
                                                                     double age, std::span<const double> horizons);
[[nodiscard]] std::vector<double> expected_transactions_new_path(const Parameters& parameters,
                                                                 std::span<const double> times);
// P(alive | x, t_x, T).
[[nodiscard]] double probability_alive(const Parameters& parameters, double frequency, double recency,
                                       double age);

}  // namespace clv::models::bg_nbd
