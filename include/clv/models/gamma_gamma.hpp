#pragma once
// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013, "The
// Gamma-Gamma model of monetary value"): one customer with x repeat purchases of mean z.

#include <array>
#include <optional>
#include <string>

namespace clv::models::gamma_gamma {

struct Parameters {
  double p = 1.0;
  double q = 1.0;
  double gamma = 1.0;
};

// log f(z | x): density of the mean of x purchase amounts (x > 0, z > 0).
[[nodiscard]] double log_likelihood(const Parameters& parameters, double frequency, double average_spend);
// d log f / d(p, q, gamma).
[[nodiscard]] std::array<double, 3> gradient(const Parameters& parameters, double frequency,
                                             double average_spend);
// E[Z | x, z] = (p gamma + p x z) / (p x + q - 1); p gamma / (q - 1) for x = 0 (needs q > 1,
// NaN otherwise).
[[nodiscard]] double conditional_expected_average_spend(const Parameters& parameters, double frequency,
                                                        double average_spend);

// The population mean spend p gamma / (q - 1) is finite only for q > 1. With q <= 1 the spend
// is so heavy-tailed that the expected average purchase of a customer without repeat purchases
// is infinite: such a model cannot value anyone. Returns the reason in an analyst's words, or
// nothing when the model is usable.
[[nodiscard]] std::optional<std::string> infinite_mean_problem(const Parameters& parameters);

}  // namespace clv::models::gamma_gamma
