#pragma once
// How sure the forecasts are, as far as the fitted parameters are uncertain: a parametric
// bootstrap. The parameters are drawn from the fit's asymptotic normal distribution on the log
// scale (mean: the log of the estimates; covariance: the model file's, carried to the log
// scale), every forecast is recomputed for each draw, and the interval is the central `level`
// share of those values. This covers the uncertainty of the parameters, not the chance in one
// customer's purchases (for which there is the purchase distribution). Pure functions.
// bootstrap_intervals below refits on resampled customers instead.

#include "clv/bounds.hpp"
#include "clv/forecast_table.hpp"
#include "clv/models/model.hpp"
#include "clv/summary.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace clv {

// The most parameter draws: each customer's bounds keep one forecast per draw in memory while
// they are computed, and the forecasts take draws x customers model evaluations.
inline constexpr int k_max_draws = 100000;

struct IntervalOptions {
  double level = 0.9;      // share of the draws inside the interval, in (0, 1)
  int draws = 1000;        // parameter draws, 2 to k_max_draws
  std::uint64_t seed = 1;  // same seed, same draws, same output
};


// The central `level` share of `values` (one value per draw): the quantiles at (1 - level) / 2
// and (1 + level) / 2, each interpolated between two order statistics (R's type 7), so the
// interval does not jump with the number of draws. Exact; reorders `values`; `scratch` is reused
// memory. Needs at least one value.
[[nodiscard]] Bounds central_bounds(std::span<double> values, double level, std::vector<double>& scratch);

struct CustomerIntervals {
  Bounds expected_transactions;
  Bounds probability_alive;
  Bounds expected_average_spend;  // only with a spend model
  Bounds lifetime_value;          // only with a spend model
};

struct ForecastIntervals {
  std::vector<CustomerIntervals> customers;  // summary order
  Bounds total_transactions;                 // of the weighted totals
  Bounds total_alive;
  Bounds total_value;
};

// Throws clv::Error (usage) for a level outside (0, 1) or fewer than 2 draws, (data_error) for a
// model without a covariance (a fit with a singular information matrix), and what
// forecast_customers throws.
[[nodiscard]] ForecastIntervals forecast_intervals(const models::FitResult& purchase, const models::FitResult* spend,
                                                   const SummaryTable& summary, const ForecastOptions& options,
                                                   const IntervalOptions& interval);

// The same intervals by the nonparametric bootstrap (as CLVTools does), for when the normal
// approximation is doubtful: customers resampled with replacement `replicates` times, both
// models refitted to each resample (with `fit`: the original fit's penalizer), and the forecasts
// of the original customers recomputed with each refit. Resamples that cannot be fitted are
// left out; throws clv::Error (data_error) if fewer than 2 remain, (usage) for a level outside
// (0, 1) or fewer than 2 replicates.
struct BootstrapOptions {
  double level = 0.9;
  int replicates = 200;
  std::uint64_t seed = 1;
  models::FitOptions fit;
};
[[nodiscard]] ForecastIntervals bootstrap_intervals(const models::FitResult& purchase, const models::FitResult* spend,
                                                    const SummaryTable& summary, const ForecastOptions& options,
                                                    const BootstrapOptions& bootstrap);

// The models' parameters, one set per draw (spend empty without a spend model).
struct ParameterDraws {
  std::vector<std::vector<double>> purchase;
  std::vector<std::vector<double>> spend;
};

// The draws behind forecast_intervals (same options: the same draws) and bootstrap_intervals, for
// other forecasts (value_intervals.hpp). Throw what those throw for the options and the models.
[[nodiscard]] ParameterDraws normal_parameter_draws(const models::FitResult& purchase, const models::FitResult* spend,
                                                    const IntervalOptions& interval);
[[nodiscard]] ParameterDraws bootstrap_parameter_draws(const models::FitResult& purchase,
                                                       const models::FitResult* spend, const SummaryTable& summary,
                                                       const BootstrapOptions& bootstrap);

// The intervals over given draws (either kind). Throws what forecast_intervals throws.
[[nodiscard]] ForecastIntervals forecast_intervals(const models::FitResult& purchase, const models::FitResult* spend,
                                                   const SummaryTable& summary, const ForecastOptions& options,
                                                   const ParameterDraws& draws, double level);

// The fitted parameters drawn `draws` times from their asymptotic normal on the log scale.
[[nodiscard]] std::vector<std::vector<double>> draw_parameters(const models::FitResult& fit, int draws,
                                                               std::uint64_t seed);

}  // namespace clv
