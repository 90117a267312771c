#pragma once
// Intervals on the at-risk list (`clv at-risk --interval`): for each listed customer, P(alive)
// and the value at stake recomputed with every parameter draw (forecast_interval.hpp) as
// at_risk_inputs and value_at_stake compute them (at_risk_inputs.hpp, at_risk_selection.hpp),
// and the list's total value at stake per draw. The list itself is the point estimates'. Exact
// type-7 bounds (draw_bounds.hpp); the same output for any thread count. Pure.

#include "clv/at_risk_inputs.hpp"
#include "clv/forecast_interval.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace clv {

struct AtRiskIntervals {
  std::vector<Bounds> probability_alive;  // one per listed row, in `rows` order
  std::vector<Bounds> value_at_stake;
  Bounds total_value_at_stake;            // of the listed customers, per draw
};

// `rows`: the summary rows of the listed customers. Throws clv::Error (usage) for a level
// outside (0, 1) or fewer than 2 draws.
[[nodiscard]] AtRiskIntervals at_risk_intervals(const SummaryTable& summary, std::span<const std::size_t> rows,
                                                const models::FitResult& purchase, const models::FitResult* spend,
                                                const AtRiskForecastOptions& options, const ParameterDraws& draws,
                                                double level);

}  // namespace clv
