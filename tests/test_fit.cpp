#include "clv/error.hpp"
#include "clv/models/model.hpp"
#include "clv/models/simulate.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace clv::models;

namespace {

SimulationOptions options(std::size_t customers, std::uint64_t seed) {
  SimulationOptions o;
  o.customers = customers;
  o.min_age = 20.0;
  o.max_age = 78.0;
  o.seed = seed;
  return o;
}

// Every estimate within 4 standard errors of the truth (a deterministic seed, so this either
// always passes or always fails; 4 SE leaves room for the four parameters at once).
void check_recovery(const FitResult& fit, const std::vector<double>& truth) {
  REQUIRE(fit.converged);
  REQUIRE(fit.standard_errors.size() == truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) {
    INFO("parameter " << i << ": " << fit.parameters[i] << " +- " << fit.standard_errors[i] << " vs " << truth[i]);
    CHECK(std::abs(fit.parameters[i] - truth[i]) < 4.0 * fit.standard_errors[i]);
  }
}

}  // namespace

TEST_CASE("fits recover the parameters of simulated populations") {
  const std::vector<double> bg{0.5, 5.0, 0.8, 2.5};
  check_recovery(fit_purchase_model(ModelKind::bg_nbd, simulate_purchases(ModelKind::bg_nbd, bg, options(20000, 1))), bg);
  const std::vector<double> mbg{0.5, 6.0, 0.9, 1.6};
  check_recovery(fit_purchase_model(ModelKind::mbg_nbd, simulate_purchases(ModelKind::mbg_nbd, mbg, options(20000, 2))), mbg);
  const std::vector<double> pnbd{0.55, 10.0, 0.6, 12.0};
  check_recovery(
      fit_purchase_model(ModelKind::pareto_nbd, simulate_purchases(ModelKind::pareto_nbd, pnbd, options(20000, 3))), pnbd);
  const std::vector<double> spend{6.0, 4.0, 15.0};
  auto purchases = simulate_purchases(ModelKind::bg_nbd, bg, options(20000, 4));
  check_recovery(fit_spend_model(simulate_spend(spend, purchases, 5)), spend);
}

TEST_CASE("the simulator is deterministic for a seed") {
  const std::vector<double> bg{0.5, 5.0, 0.8, 2.5};
  const auto first = simulate_purchases(ModelKind::bg_nbd, bg, options(50, 9));
  const auto second = simulate_purchases(ModelKind::bg_nbd, bg, options(50, 9));
  for (std::size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].frequency == second[i].frequency);
    CHECK(first[i].recency == second[i].recency);
    CHECK(first[i].age == second[i].age);
  }
}

TEST_CASE("weighted rows give the same estimates as the expanded data") {
  const std::vector<PurchaseHistory> weighted{{0, 0, 30, 40}, {1, 10, 30, 12}, {2, 25, 30, 7}, {5, 29, 30, 3},
                                              {1, 3, 20, 9},  {0, 0, 20, 25}, {3, 15, 20, 4}};
  std::vector<PurchaseHistory> expanded;
  for (const auto& c : weighted) {
    for (int i = 0; i < static_cast<int>(c.weight); ++i) {
      expanded.push_back({c.frequency, c.recency, c.age, 1.0});
    }
  }
  for (ModelKind kind : {ModelKind::bg_nbd, ModelKind::pareto_nbd, ModelKind::mbg_nbd}) {
    FitOptions small_penalty;  // this little data set does not pin the dropout parameters down
    small_penalty.penalizer = 0.01;
    const FitResult a = fit_purchase_model(kind, weighted, small_penalty);
    const FitResult b = fit_purchase_model(kind, expanded, small_penalty);
    CHECK(a.parameters == b.parameters);
    CHECK(a.log_likelihood == Approx(b.log_likelihood).epsilon(1e-12));
    CHECK(a.customers == 100.0);
    CHECK(a.rows == 7);
    CHECK(log_likelihood(kind, a.parameters, weighted) == Approx(log_likelihood(kind, a.parameters, expanded)));
  }
}

TEST_CASE("the penalizer pulls the log-parameters towards 0") {
  const std::vector<double> bg{0.5, 5.0, 0.8, 2.5};
  const auto data = simulate_purchases(ModelKind::bg_nbd, bg, options(2000, 6));
  FitOptions strong;
  strong.penalizer = 0.5;
  const FitResult free = fit_purchase_model(ModelKind::bg_nbd, data);
  const FitResult penalised = fit_purchase_model(ModelKind::bg_nbd, data, strong);
  double free_norm = 0.0, penalised_norm = 0.0;
  for (std::size_t i = 0; i < 4; ++i) {
    free_norm += std::pow(std::log(free.parameters[i]), 2);
    penalised_norm += std::pow(std::log(penalised.parameters[i]), 2);
  }
  CHECK(penalised_norm < free_norm);
  CHECK(penalised.log_likelihood < free.log_likelihood);
}

TEST_CASE("the fit gives the same answer with one or two threads") {
  const std::vector<double> bg{0.5, 5.0, 0.8, 2.5};
  const auto data = simulate_purchases(ModelKind::bg_nbd, bg, options(30000, 8));
  FitOptions one, two;
  one.threads = 1;
  two.threads = 2;
  CHECK(fit_purchase_model(ModelKind::bg_nbd, data, one).parameters ==
        fit_purchase_model(ModelKind::bg_nbd, data, two).parameters);
}

TEST_CASE("invalid data is a data error, not NaN parameters") {
  auto fails = [](std::vector<PurchaseHistory> data) {
    try {
      (void)fit_purchase_model(ModelKind::bg_nbd, data);
    } catch (const clv::Error& e) {
      return e.code() == clv::ExitCode::data_error;
    }
    return false;
  };
  CHECK(fails({}));
  CHECK(fails({{0, 0, 10, 1}, {0, 0, 12, 1}}));               // no repeat purchases
  CHECK(fails({{1, 12, 10, 1}}));                              // recency > age
  CHECK(fails({{0, 3, 10, 1}}));                               // frequency 0, recency > 0
  CHECK(fails({{-1, 0, 10, 1}}));                              // negative
  CHECK(fails({{1.5, 3, 10, 1}}));                             // not a count
  CHECK(fails({{1, std::nan(""), 10, 1}}));                    // NaN
  CHECK(fails({{1, 3, 10, -2}}));                              // negative weight
  CHECK(fails({{1, 5, 10, 1}}));                               // one customer: r runs off to infinity
  auto spend_fails = [](std::vector<SpendHistory> data) {
    try {
      (void)fit_spend_model(data);
    } catch (const clv::Error& e) {
      return e.code() == clv::ExitCode::data_error;
    }
    return false;
  };
  CHECK(spend_fails({{2, 0.0, 1}}));
  CHECK(spend_fails({{2, -5.0, 1}}));
  CHECK(spend_fails({{0, 0.0, 1}}));
}

TEST_CASE("model names round-trip") {
  for (ModelKind kind : {ModelKind::bg_nbd, ModelKind::pareto_nbd, ModelKind::mbg_nbd, ModelKind::gamma_gamma}) {
    CHECK(parse_model_kind(model_name(kind)) == kind);
  }
  CHECK_FALSE(parse_model_kind("nbd").has_value());
  CHECK(parameter_names(ModelKind::pareto_nbd) == std::vector<std::string>{"r", "alpha", "s", "beta"});
}

TEST_CASE("large data (subsample, then quasi-Newton on all rows) recovers the parameters, same for 1 and 2 threads") {
  const std::vector<double> pnbd{0.55, 10.0, 0.6, 12.0};
  const auto data = simulate_purchases(ModelKind::pareto_nbd, pnbd, options(120000, 12));
  FitOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const FitResult a = fit_purchase_model(ModelKind::pareto_nbd, data, one);
  const FitResult b = fit_purchase_model(ModelKind::pareto_nbd, data, two);
  CHECK(a.parameters == b.parameters);
  CHECK(a.rows > 100000);
  check_recovery(a, pnbd);
  // The same optimum as L-BFGS reaches on a small data set: the gradient there is ~0, so the
  // log-likelihood cannot be improved by a small step in any parameter.
  std::vector<double> moved = a.parameters;
  for (std::size_t i = 0; i < moved.size(); ++i) {
    moved = a.parameters;
    moved[i] *= 1.001;
    CHECK(log_likelihood(ModelKind::pareto_nbd, moved, data) < a.log_likelihood);
    moved[i] = a.parameters[i] / 1.001;
    CHECK(log_likelihood(ModelKind::pareto_nbd, moved, data) < a.log_likelihood);
  }
}

TEST_CASE("fits stop at the maximum-likelihood estimate, not short of it", "[fit-precision]") {
  // The gradient of the mean log-likelihood, summed independently of the fitter from the
  // per-customer analytic gradients (natural parameters, times theta: log-parameters), must
  // vanish at the estimate. L-BFGS alone left 1e-7 to 2e-6 here.
  for (const ModelKind kind : {ModelKind::bg_nbd, ModelKind::mbg_nbd, ModelKind::pareto_nbd}) {
    const std::vector<double> truth = kind == ModelKind::pareto_nbd ? std::vector<double>{0.55, 10.6, 0.6, 11.7}
                                                                    : std::vector<double>{0.5, 5.0, 0.8, 2.5};
    const std::vector<PurchaseHistory> data = simulate_purchases(kind, truth, options(3000, 7));
    const FitResult fit = fit_purchase_model(kind, data);
    CAPTURE(model_name(kind));
    REQUIRE(fit.converged);
    // Central differences of the library's log_likelihood in log-parameters (step 1e-5: error
    // about 1e-10 of the curvature), an evaluation path separate from the fitter's.
    double norm = 0.0;
    for (std::size_t j = 0; j < 4; ++j) {
      std::vector<double> plus = fit.parameters;
      std::vector<double> minus = fit.parameters;
      plus[j] *= std::exp(1e-5);
      minus[j] *= std::exp(-1e-5);
      const double slope = (log_likelihood(kind, plus, data) - log_likelihood(kind, minus, data)) / 2e-5 / 3000.0;
      norm += slope * slope;
    }
    CHECK(std::sqrt(norm) < 1e-8);
    CHECK(fit.gradient_norm < 1e-10);
  }
}

TEST_CASE("penalty on the parameters is the penalizer_coef of lifetimes, mean NLL plus c times the sum of squares", "[fit-precision]") {
  const std::vector<double> truth{0.5, 5.0, 0.8, 2.5};
  const std::vector<PurchaseHistory> data = simulate_purchases(ModelKind::bg_nbd, truth, options(2000, 9));
  FitOptions plain;
  FitOptions lifetimes;
  lifetimes.penalizer = 0.01;
  lifetimes.penalty_scale = PenaltyScale::parameters;
  const FitResult unpenalised = fit_purchase_model(ModelKind::bg_nbd, data, plain);
  const FitResult penalised = fit_purchase_model(ModelKind::bg_nbd, data, lifetimes);
  // The penalised estimate is where lifetimes' objective is flat (central differences in
  // log-parameters of the library's log-likelihood plus the penalty written out here).
  auto objective = [&](const std::vector<double>& theta) {
    double penalty = 0.0;
    for (double t : theta) {
      penalty += t * t;
    }
    return -log_likelihood(ModelKind::bg_nbd, theta, data) / 2000.0 + 0.01 * penalty;
  };
  for (std::size_t j = 0; j < 4; ++j) {
    std::vector<double> plus = penalised.parameters;
    std::vector<double> minus = penalised.parameters;
    plus[j] *= std::exp(1e-5);
    minus[j] *= std::exp(-1e-5);
    CHECK(std::abs(objective(plus) - objective(minus)) / 2e-5 < 1e-8);
  }
  // Pulled towards 0: alpha (about 5) shrinks; the log-likelihood is the unpenalised one.
  CHECK(penalised.parameters[1] < unpenalised.parameters[1]);
  CHECK(penalised.log_likelihood == Approx(log_likelihood(ModelKind::bg_nbd, penalised.parameters, data)));
  CHECK(penalised.log_likelihood < unpenalised.log_likelihood);
}

TEST_CASE("Gamma-Gamma fit is the same for amounts 1e100 times larger, gamma scaled") {
  // gamma is the model's scale: multiplying every amount by c multiplies gamma by c and leaves
  // p, q and the maximised likelihood's shape alone. The start of gamma was clamped to e^30, so
  // amounts around 1e100 ended in "p runs off to infinity".
  const std::vector<double> spend{0.8, 2.5, 12.5};
  const std::vector<double> bg{0.5, 5.0, 0.8, 2.5};
  const auto purchases = simulate_purchases(ModelKind::bg_nbd, bg, options(2000, 7));
  const std::vector<SpendHistory> data = simulate_spend(spend, purchases, 11);
  std::vector<SpendHistory> scaled = data;
  for (SpendHistory& c : scaled) {
    c.average_spend *= 1e100;
  }
  const FitResult small = fit_spend_model(data);
  const FitResult large = fit_spend_model(scaled);
  CHECK(large.parameters[0] == Approx(small.parameters[0]).epsilon(1e-8));
  CHECK(large.parameters[1] == Approx(small.parameters[1]).epsilon(1e-8));
  CHECK(large.parameters[2] / 1e100 == Approx(small.parameters[2]).epsilon(1e-8));
}
