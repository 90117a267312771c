#pragma once
// Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, "A note on deriving the
// Pareto/NBD model and related expressions"): the formulas for one customer, in the model's
// time unit. frequency = x (repeat purchases), recency = t_x, age = T.

#include <array>

namespace clv::models::pareto_nbd {

struct Parameters {
  double r = 1.0;
  double alpha = 1.0;
  double s = 1.0;
  double beta = 1.0;
};

// log L(x, t_x, T) of one customer.
[[nodiscard]] double log_likelihood(const Parameters& parameters, double frequency, double recency,
                                    double age);
// d log L / d(r, alpha, s, beta), analytic (including the 2F1 terms).
[[nodiscard]] std::array<double, 4> gradient(const Parameters& parameters, double frequency,
                                             double recency, double age);
// E[X(t)]: expected repeat purchases of a new customer in (0, t].
[[nodiscard]] double expected_transactions_new(const Parameters& parameters, double t);
// E[Y(horizon) | x, t_x, T]: expected purchases in the next `horizon` time units.
[[nodiscard]] double conditional_expected_transactions(const Parameters& parameters, double frequency,
                                                       double recency, double age, double horizon);
// E[Y(horizon) | alive, x, T]: the first factor of the above, which does not depend on t_x.
[[nodiscard]] double expected_transactions_if_alive(const Parameters& parameters, double frequency, double age,
                                                    double horizon);
// P(alive | x, t_x, T).
[[nodiscard]] double probability_alive(const Parameters& parameters, double frequency, double recency,
                                       double age);

}  // namespace clv::models::pareto_nbd
