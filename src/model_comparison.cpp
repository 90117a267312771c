#include "clv/model_comparison.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

namespace clv {

namespace {

HoldoutAccuracy holdout_accuracy(const models::FitResult& fit, const SummaryTable& summary, int max_frequency,
                                 unsigned threads) {
  const HoldoutComparison comparison = compare_holdout(fit, summary, max_frequency, threads);
  HoldoutAccuracy accuracy;
  accuracy.actual_total = comparison.actual_total;
  accuracy.predicted_total = comparison.predicted_total;
  accuracy.groups = comparison.groups;
  double weight = 0.0;
  double absolute = 0.0;
  double squared = 0.0;
  for (std::size_t i = 0; i < summary.customers.size(); ++i) {
    const CustomerSummary& customer = summary.customers[i];
    const models::PurchaseHistory history{customer.frequency, customer.recency, customer.age, customer.weight};
    const double predicted =
        models::forecast(fit.kind, fit.parameters, history, summary.holdout[i].duration).expected_transactions;
    const double error = predicted - summary.holdout[i].frequency;
    weight += customer.weight;
    absolute += customer.weight * std::abs(error);
    squared += customer.weight * error * error;
  }
  if (weight > 0.0) {
    accuracy.mean_absolute_error = absolute / weight;
    accuracy.root_mean_squared_error = std::sqrt(squared / weight);
  }
  return accuracy;
}

// The model with the smallest key (the first on ties).
models::ModelKind best_by(const std::vector<ModelScore>& scores, const std::function<double(const ModelScore&)>& key) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < scores.size(); ++i) {
    if (key(scores[i]) < key(scores[best])) {
      best = i;
    }
  }
  return scores[best].fit.kind;
}

}  // namespace

ModelComparison compare_models(const SummaryTable& summary, std::span<const models::ModelKind> kinds,
                               const models::FitOptions& options, int max_frequency) {
  if (kinds.empty()) {
    throw usage_error("--models needs at least one model");
  }
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (kinds[i] == models::ModelKind::gamma_gamma) {
      throw usage_error("--models: gg is a spend model; compare purchase models (bgnbd, pnbd, mbgnbd)");
    }
    if (kinds[i] == models::ModelKind::sbg || kinds[i] == models::ModelKind::bg_bb) {
      throw usage_error(fmt::format("--models: {} is a discrete-time model with its own inputs; compare the "
                                    "continuous-time purchase models (bgnbd, pnbd, mbgnbd)",
                                    models::model_name(kinds[i])));
    }
    if (std::find(kinds.begin(), kinds.begin() + static_cast<std::ptrdiff_t>(i), kinds[i]) !=
        kinds.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw usage_error(fmt::format("--models: {} is given twice", models::model_name(kinds[i])));
    }
  }
  std::vector<models::PurchaseHistory> histories;
  histories.reserve(summary.customers.size());
  double customers = 0.0;
  for (const CustomerSummary& customer : summary.customers) {
    histories.push_back(models::PurchaseHistory{customer.frequency, customer.recency, customer.age, customer.weight});
    customers += customer.weight;
  }
  const bool has_holdout = !summary.holdout.empty() && summary.holdout.size() == summary.customers.size();
  ModelComparison comparison;
  for (const models::ModelKind kind : kinds) {
    ModelScore score;
    score.fit = models::fit_purchase_model(kind, histories, options);
    score.parameter_count = static_cast<int>(score.fit.parameters.size());
    const double k = score.parameter_count;
    score.aic = 2.0 * k - 2.0 * score.fit.log_likelihood;
    score.bic = k * std::log(customers) - 2.0 * score.fit.log_likelihood;
    if (has_holdout) {
      score.holdout = holdout_accuracy(score.fit, summary, max_frequency, options.threads);
    }
    comparison.models.push_back(std::move(score));
  }
  const auto& scores = comparison.models;
  comparison.winners.push_back({"log_likelihood", best_by(scores, [](const ModelScore& s) { return -s.fit.log_likelihood; })});
  comparison.winners.push_back({"aic", best_by(scores, [](const ModelScore& s) { return s.aic; })});
  comparison.winners.push_back({"bic", best_by(scores, [](const ModelScore& s) { return s.bic; })});
  if (has_holdout) {
    comparison.winners.push_back({"holdout_total", best_by(scores, [](const ModelScore& s) {
                                    return std::abs(s.holdout->predicted_total - s.holdout->actual_total);
                                  })});
    comparison.winners.push_back(
        {"mae", best_by(scores, [](const ModelScore& s) { return s.holdout->mean_absolute_error; })});
    comparison.winners.push_back(
        {"rmse", best_by(scores, [](const ModelScore& s) { return s.holdout->root_mean_squared_error; })});
  }
  return comparison;
}

}  // namespace clv
