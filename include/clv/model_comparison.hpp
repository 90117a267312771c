#pragma once
// Which purchase model fits a business best (`clv compare`): each model fitted to the same
// summary, with its log-likelihood, AIC and BIC, and, when the summary has a holdout period,
// how well it predicts the holdout (totals, per-customer errors, errors per calibration
// frequency as `clv diagnose`), and which model wins on each criterion. Pure functions.

#include "clv/forecast_table.hpp"
#include "clv/models/model.hpp"
#include "clv/summary.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace clv {

struct HoldoutAccuracy {
  double actual_total = 0.0;           // repeat transactions made in the holdout (weighted)
  double predicted_total = 0.0;        // what the model predicted for each customer's holdout
  double mean_absolute_error = 0.0;    // per customer, weighted by count
  double root_mean_squared_error = 0.0;
  std::vector<HoldoutGroup> groups;    // by calibration frequency, as compare_holdout
};

struct ModelScore {
  models::FitResult fit;
  int parameter_count = 0;
  double aic = 0.0;  // 2k - 2 log L
  double bic = 0.0;  // k ln(customers) - 2 log L
  std::optional<HoldoutAccuracy> holdout;
};

// One criterion and the model that is best on it (first in the given order on ties).
struct ComparisonWinner {
  std::string criterion;  // "log_likelihood", "aic", "bic", "holdout_total", "mae", "rmse"
  models::ModelKind model = models::ModelKind::bg_nbd;
};

struct ModelComparison {
  std::vector<ModelScore> models;  // in the order asked for
  std::vector<ComparisonWinner> winners;
};

// Fits every purchase model in `kinds` to `summary`. Throws clv::Error (usage) for an empty
// list, a repeated model or a spend model, and whatever fit_purchase_model throws (data_error).
[[nodiscard]] ModelComparison compare_models(const SummaryTable& summary, std::span<const models::ModelKind> kinds,
                                             const models::FitOptions& options, int max_frequency = 7);

}  // namespace clv
