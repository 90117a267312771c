#pragma once
// The tests' independent 2F1(a, b; c; z): its power series summed term by term until the terms
// no longer change the sum (|z| < 1), instead of the library's transformations.

#include <cmath>

inline double hypergeometric_series(double a, double b, double c, double z) {
  double term = 1.0;
  double sum = 1.0;
  for (int n = 0; n < 100000 && std::abs(term) > 1e-17 * std::abs(sum); ++n) {
    term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    sum += term;
  }
  return sum;
}
