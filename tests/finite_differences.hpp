#pragma once
// The tests' reference for the models' analytic gradients: central finite differences.

#include <array>

// The derivative of f at `at` along each of `fields` (members of Parameters), in that order:
// (f(at + h) - f(at - h)) / 2h with h = 1e-6.
template <typename Parameters, typename Function, typename... Fields>
std::array<double, sizeof...(Fields)> central_differences(const Parameters& at, Function f, Fields... fields) {
  constexpr double k_step = 1e-6;
  const auto along = [&](double Parameters::*field) {
    Parameters plus = at;
    Parameters minus = at;
    plus.*field += k_step;
    minus.*field -= k_step;
    return (f(plus) - f(minus)) / (2 * k_step);
  };
  return {along(fields)...};
}
