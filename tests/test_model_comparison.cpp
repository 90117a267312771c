#include "clv/model_comparison.hpp"

#include "clv/error.hpp"
#include "clv/models/simulate.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using clv::models::ModelKind;

namespace {

// Simulated BG/NBD customers with a holdout: the holdout counts are made up from the customer
// index (the comparison only has to score them, not explain them).
clv::SummaryTable simulated_summary() {
  clv::models::SimulationOptions options;
  options.customers = 800;
  options.min_age = 20.0;
  options.max_age = 40.0;
  options.seed = 11;
  const std::vector<double> truth{0.5, 5.0, 0.8, 2.5};
  const auto histories = clv::models::simulate_purchases(ModelKind::bg_nbd, truth, options);
  clv::SummaryTable summary;
  for (std::size_t i = 0; i < histories.size(); ++i) {
    clv::CustomerSummary customer;
    customer.id = std::to_string(i);
    customer.frequency = histories[i].frequency;
    customer.recency = histories[i].recency;
    customer.age = histories[i].age;
    customer.weight = i % 5 == 0 ? 2.0 : 1.0;
    summary.customers.push_back(customer);
    clv::HoldoutSummary holdout;
    holdout.frequency = static_cast<double>((i * 7) % 4) * (histories[i].frequency > 0 ? 1.0 : 0.3);
    holdout.frequency = std::floor(holdout.frequency);
    holdout.duration = 26.0;
    summary.holdout.push_back(holdout);
  }
  return summary;
}

}  // namespace

TEST_CASE("compare_models: information criteria, holdout errors and winners", "[compare]") {
  const clv::SummaryTable summary = simulated_summary();
  const std::vector<ModelKind> kinds{ModelKind::bg_nbd, ModelKind::pareto_nbd, ModelKind::mbg_nbd};
  const clv::ModelComparison comparison = clv::compare_models(summary, kinds, {}, 7);
  REQUIRE(comparison.models.size() == 3);
  double customers = 0.0;
  std::vector<clv::models::PurchaseHistory> histories;
  for (const auto& c : summary.customers) {
    customers += c.weight;
    histories.push_back({c.frequency, c.recency, c.age, c.weight});
  }
  for (std::size_t m = 0; m < kinds.size(); ++m) {
    const clv::ModelScore& score = comparison.models[m];
    CAPTURE(m);
    CHECK(score.fit.kind == kinds[m]);
    // The log-likelihood evaluated again from the parameters, and the criteria by definition.
    const double ll = clv::models::log_likelihood(kinds[m], score.fit.parameters, histories);
    CHECK(score.fit.log_likelihood == Approx(ll).epsilon(1e-12));
    CHECK(score.parameter_count == 4);
    CHECK(score.aic == Approx(8.0 - 2.0 * ll).epsilon(1e-12));
    CHECK(score.bic == Approx(4.0 * std::log(customers) - 2.0 * ll).epsilon(1e-12));
    REQUIRE(score.holdout);
    double actual = 0.0, predicted = 0.0, absolute = 0.0, squared = 0.0;
    for (std::size_t i = 0; i < summary.customers.size(); ++i) {
      const double p = clv::models::forecast(kinds[m], score.fit.parameters, histories[i], 26.0).expected_transactions;
      const double w = summary.customers[i].weight;
      actual += w * summary.holdout[i].frequency;
      predicted += w * p;
      absolute += w * std::abs(p - summary.holdout[i].frequency);
      squared += w * (p - summary.holdout[i].frequency) * (p - summary.holdout[i].frequency);
    }
    CHECK(score.holdout->actual_total == Approx(actual).epsilon(1e-12));
    CHECK(score.holdout->predicted_total == Approx(predicted).epsilon(1e-10));
    CHECK(score.holdout->mean_absolute_error == Approx(absolute / customers).epsilon(1e-10));
    CHECK(score.holdout->root_mean_squared_error == Approx(std::sqrt(squared / customers)).epsilon(1e-10));
    CHECK_FALSE(score.holdout->groups.empty());
  }
  REQUIRE(comparison.winners.size() == 6);
  CHECK(comparison.winners[0].criterion == "log_likelihood");
  double best = -INFINITY;
  ModelKind best_model = ModelKind::gamma_gamma;
  for (const auto& score : comparison.models) {
    if (score.fit.log_likelihood > best) {
      best = score.fit.log_likelihood;
      best_model = score.fit.kind;
    }
  }
  CHECK(comparison.winners[0].model == best_model);
  // Equal numbers of parameters: AIC and BIC rank like the likelihood.
  CHECK(comparison.winners[1].model == best_model);
  CHECK(comparison.winners[2].model == best_model);
  CHECK(comparison.winners[5].criterion == "rmse");
}

TEST_CASE("compare_models without a holdout, and its usage errors", "[compare]") {
  clv::SummaryTable summary = simulated_summary();
  summary.holdout.clear();
  const std::vector<ModelKind> one{ModelKind::bg_nbd};
  const clv::ModelComparison comparison = clv::compare_models(summary, one, {});
  REQUIRE(comparison.models.size() == 1);
  CHECK_FALSE(comparison.models[0].holdout);
  CHECK(comparison.winners.size() == 3);
  const std::vector<ModelKind> twice{ModelKind::bg_nbd, ModelKind::bg_nbd};
  CHECK_THROWS_AS(clv::compare_models(summary, twice, {}), clv::Error);
  const std::vector<ModelKind> spend{ModelKind::gamma_gamma};
  CHECK_THROWS_AS(clv::compare_models(summary, spend, {}), clv::Error);
  CHECK_THROWS_AS(clv::compare_models(summary, std::vector<ModelKind>{}, {}), clv::Error);
  // Discrete-time models have inputs of their own: a usage error, not a failed fit.
  for (const ModelKind discrete : {ModelKind::sbg, ModelKind::bg_bb}) {
    try {
      (void)clv::compare_models(summary, std::vector<ModelKind>{ModelKind::bg_nbd, discrete}, {});
      FAIL("a discrete-time model was compared");
    } catch (const clv::Error& error) {
      CHECK(error.code() == clv::ExitCode::usage);
      CHECK(error.describe().find("discrete-time") != std::string::npos);
    }
  }
}
