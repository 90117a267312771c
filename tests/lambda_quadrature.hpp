#pragma once
// The tests' reference for the BG/NBD family's likelihoods: with the dropout probability integrated
// out into two weights (the model's own part), what is left is one integral over the purchase rate
// lambda ~ Gamma(r, alpha), done here numerically:
// int g(lambda) lambda^x [stay e^-lambda T + drop e^-lambda t_x] dlambda.

#include <boost/math/quadrature/exp_sinh.hpp>

#include <cmath>

inline double integrate_over_lambda(double r, double alpha, double x, double t_x, double T, double stay, double drop) {
  boost::math::quadrature::exp_sinh<double> integrator;
  return integrator.integrate([&](double l) {
    if (l <= 0.0) {
      return 0.0;
    }
    const double log_front = r * std::log(alpha) + (r - 1.0 + x) * std::log(l) - alpha * l - std::lgamma(r);
    return stay * std::exp(log_front - l * T) + drop * std::exp(log_front - l * t_x);
  });
}
