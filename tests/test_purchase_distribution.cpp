#include "clv/models/purchase_distribution.hpp"

#include "clv/error.hpp"
#include "clv/models/model.hpp"
#include "clv/purchase_distributions.hpp"

#include <boost/math/special_functions/beta.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using clv::models::ModelKind;
using clv::models::PurchaseHistory;

namespace {

// CDNOW estimates (weeks) of the three purchase models.
const std::vector<double> k_bg{0.242593, 4.413532, 0.792886, 2.425753};
const std::vector<double> k_mbg{0.524838, 6.182992, 0.891356, 1.613999};
const std::vector<double> k_pareto{0.553276, 10.577612, 0.606214, 11.667911};

}  // namespace

TEST_CASE("purchase distributions add up to 1 and their mean is the conditional expectation", "[distribution]") {
  // The mean of the distribution (K large enough that P(more) is negligible) is computed by a
  // different route than the closed-form E[Y(t) | x, t_x, T] (2F1 series, or the Pareto/NBD
  // closed form): they agree only if every probability is right on average.
  const std::vector<PurchaseHistory> customers{
      {0, 0, 38.86}, {2, 30.43, 38.86}, {26, 30.86, 31}, {7, 20, 38}, {1, 1, 27}, {0, 0, 0}};
  for (const auto& [kind, parameters] : {std::pair{ModelKind::bg_nbd, k_bg}, std::pair{ModelKind::mbg_nbd, k_mbg},
                                         std::pair{ModelKind::pareto_nbd, k_pareto}}) {
    for (const PurchaseHistory& customer : customers) {
      for (const double horizon : {0.0, 5.0, 39.0, 52.0}) {
        CAPTURE(clv::models::model_name(kind), customer.frequency, customer.recency, customer.age, horizon);
        const auto d = clv::models::purchase_distribution(kind, parameters, customer, horizon, 400);
        double total = d.more;
        double mean = 0.0;
        for (std::size_t k = 0; k < d.probabilities.size(); ++k) {
          CHECK(d.probabilities[k] >= 0.0);
          total += d.probabilities[k];
          mean += static_cast<double>(k) * d.probabilities[k];
        }
        CHECK(total == Approx(1.0).epsilon(1e-12));
        CHECK(d.more < 1e-12);
        const double expected = clv::models::forecast(kind, parameters, customer, horizon).expected_transactions;
        CHECK(mean == Approx(expected).epsilon(1e-8).margin(1e-12));
      }
    }
  }
}

TEST_CASE("purchase distribution: P(0) includes the customers who have left", "[distribution]") {
  // BG/NBD customer 1 of CDNOW (x = 2, t_x = 30.43, T = 38.86): P(alive) by its own closed form.
  const PurchaseHistory customer{2, 30.43, 38.86};
  const double alive = clv::models::forecast(ModelKind::bg_nbd, k_bg, customer, 39).probability_alive;
  const auto d = clv::models::purchase_distribution(ModelKind::bg_nbd, k_bg, customer, 39.0, 3);
  CHECK(d.probabilities[0] > 1.0 - alive);
  CHECK(d.probabilities.size() == 4);
  // Horizon 0: nothing can happen.
  const auto none = clv::models::purchase_distribution(ModelKind::pareto_nbd, k_pareto, customer, 0.0, 2);
  CHECK(none.probabilities[0] == 1.0);
  CHECK(none.probabilities[1] == 0.0);
  CHECK(none.more == 0.0);
}

TEST_CASE("new customer: BG/NBD P(X(t) = x) is Fader, Hardie & Lee (2005) eq. 8", "[distribution]") {
  // Eq. 8 written with beta functions and the finite sum, as in the paper.
  using boost::math::beta;
  const double r = k_bg[0], alpha = k_bg[1], a = k_bg[2], b = k_bg[3];
  const double t = 78.0;
  auto equation_8 = [&](int x) {
    const double nb = [&](int j) {
      return std::exp(std::lgamma(r + j) - std::lgamma(r) - std::lgamma(j + 1.0) + r * std::log(alpha / (alpha + t)) +
                      j * std::log(t / (alpha + t)));
    }(x);
    double value = beta(a, b + x) / beta(a, b) * nb;
    if (x > 0) {
      double sum = 0.0;
      for (int j = 0; j < x; ++j) {
        sum += std::exp(std::lgamma(r + j) - std::lgamma(r) - std::lgamma(j + 1.0) + j * std::log(t / (alpha + t)));
      }
      value += beta(a + 1.0, b + x - 1.0) / beta(a, b) * (1.0 - std::pow(alpha / (alpha + t), r) * sum);
    }
    return value;
  };
  clv::models::FitResult fit;
  fit.kind = ModelKind::bg_nbd;
  fit.parameters = k_bg;
  clv::ForecastOptions options;
  options.horizon = t;
  const clv::NewCustomerForecast forecast = clv::forecast_new_customer(fit, nullptr, options, 6);
  // Hardie's spreadsheet: E[X(78)] = 1.8576 (../shared/data/SOURCES.md); 1.8580 from our
  // estimates, which differ in r's fifth digit (test_bg_nbd.cpp).
  CHECK(forecast.expected_transactions == Approx(1.8576).margin(5e-4));
  REQUIRE(forecast.distribution.probabilities.size() == 7);
  for (int x = 0; x <= 6; ++x) {
    CHECK(forecast.distribution.probabilities[static_cast<std::size_t>(x)] == Approx(equation_8(x)).epsilon(1e-12));
  }
  CHECK_FALSE(forecast.lifetime_value);
}

TEST_CASE("new customer: lifetime value is spend x discounted E[X(t)]", "[distribution]") {
  clv::models::FitResult purchase;
  purchase.kind = ModelKind::bg_nbd;
  purchase.parameters = k_bg;
  clv::models::FitResult spend;
  spend.kind = ModelKind::gamma_gamma;
  spend.parameters = {6.25, 3.74, 15.44};
  clv::ForecastOptions options;
  options.horizon = 52.0;
  options.margin = 0.5;
  auto forecast = clv::forecast_new_customer(purchase, &spend, options, std::nullopt);
  // Gamma-Gamma population mean p gamma / (q - 1).
  const double mean_spend = 6.25 * 15.44 / 2.74;
  REQUIRE(forecast.expected_average_spend);
  CHECK(*forecast.expected_average_spend == Approx(mean_spend).epsilon(1e-12));
  const double x52 = clv::models::expected_transactions_new(ModelKind::bg_nbd, k_bg, 52.0);
  CHECK(*forecast.lifetime_value == Approx(0.5 * mean_spend * x52).epsilon(1e-12));
  CHECK(forecast.distribution.probabilities.empty());
  // Discounted in two periods of 26: the halves' increments at 1.1 and 1.21.
  options.period = 26.0;
  options.discount_rate = 0.1;
  forecast = clv::forecast_new_customer(purchase, &spend, options, std::nullopt);
  const double x26 = clv::models::expected_transactions_new(ModelKind::bg_nbd, k_bg, 26.0);
  CHECK(*forecast.lifetime_value == Approx(0.5 * mean_spend * (x26 / 1.1 + (x52 - x26) / 1.21)).epsilon(1e-12));
  // 3,000 weekly periods, hundreds of times alpha: the expectations carried along the periods
  // (linear in their number) against E[X(t)] evaluated afresh at each period end, for BG/NBD and
  // MBG/NBD.
  for (const ModelKind kind : {ModelKind::bg_nbd, ModelKind::mbg_nbd}) {
    purchase.kind = kind;
    options.horizon = 3000.0;
    options.period = 1.0;
    options.discount_rate = 0.002;
    forecast = clv::forecast_new_customer(purchase, &spend, options, std::nullopt);
    double by_period = 0.0;
    double previous = 0.0;
    for (int k = 1; k <= 3000; ++k) {
      const double now = clv::models::expected_transactions_new(kind, k_bg, k);
      by_period += (now - previous) / std::pow(1.002, k);
      previous = now;
    }
    CHECK(*forecast.lifetime_value == Approx(0.5 * mean_spend * by_period).epsilon(1e-10));
  }
}

TEST_CASE("purchase distribution errors", "[distribution]") {
  const PurchaseHistory customer{1, 2, 3};
  CHECK_THROWS_AS(clv::models::purchase_distribution(ModelKind::bg_nbd, k_bg, customer, 1.0, -1), clv::Error);
  CHECK_THROWS_AS(clv::models::purchase_distribution(ModelKind::bg_nbd, k_bg, customer, -1.0, 3), clv::Error);
  const std::vector<double> spend{1.0, 2.0, 3.0};
  CHECK_THROWS_AS(clv::models::purchase_distribution(ModelKind::gamma_gamma, spend, customer, 1.0, 3), clv::Error);
}

namespace {

double poisson(int k, double mean) { return std::exp(k * std::log(mean) - mean - std::lgamma(k + 1.0)); }

// P(k repeat transactions in (T, T + t] | x, t_x, T) by brute force, with none of the closed
// forms: the joint probability of the history and of k, integrated over the customers' purchase
// rate and dropout (their gamma and beta mixing densities, the trapezoid rule over log rate and
// logit p, which converges fast for such smooth integrands: 1e-8 at this step, 5e-5 at twice
// it), divided by the integrated
// likelihood. Each customer is alive at T (purchases then go on from T, memoryless) or dropped
// out before T (then k = 0).
struct Node {
  double value = 0.0;
  double weight = 0.0;  // density x step
};

std::vector<Node> gamma_nodes(double shape, double rate) {
  std::vector<Node> nodes;
  const double step = 0.25;
  for (double z = -130.0; z <= 7.0; z += step) {
    nodes.push_back({std::exp(z), std::exp(shape * std::log(rate) + shape * z - rate * std::exp(z) - std::lgamma(shape)) * step});
  }
  return nodes;
}

std::vector<Node> beta_nodes(double a, double b) {
  std::vector<Node> nodes;
  const double step = 0.25;
  const double log_beta = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
  for (double w = -60.0; w <= 60.0; w += step) {
    const double log_p = -std::log1p(std::exp(-w));
    const double log_q = -std::log1p(std::exp(w));
    nodes.push_back({std::exp(log_p), std::exp(a * log_p + b * log_q - log_beta) * step});
  }
  return nodes;
}

std::vector<double> integrated_distribution(ModelKind kind, const std::vector<double>& theta,
                                            const PurchaseHistory& customer, double horizon, int most) {
  const std::vector<Node> rates = gamma_nodes(theta[0], theta[1]);
  // p (BG/NBD, MBG/NBD) or the dropout rate mu (Pareto/NBD)
  const std::vector<Node> dropouts =
      kind == ModelKind::pareto_nbd ? gamma_nodes(theta[2], theta[3]) : beta_nodes(theta[2], theta[3]);
  const double x = customer.frequency;
  std::vector<double> joint(static_cast<std::size_t>(most) + 1, 0.0);
  double likelihood = 0.0;
  for (const Node& rate : rates) {
    for (const Node& drop : dropouts) {
      const double lambda = rate.value;
      const double dropout = drop.value;
      const double weight = rate.weight * drop.weight;
      double alive = 0.0;
      double dead = 0.0;
      if (kind == ModelKind::pareto_nbd) {
        const double mu = dropout;
        alive = std::pow(lambda, x) * std::exp(-(lambda + mu) * customer.age);
        dead = std::pow(lambda, x) * mu / (lambda + mu) *
               (std::exp(-(lambda + mu) * customer.recency) - std::exp(-(lambda + mu) * customer.age));
      } else {
        const double p = dropout;
        const double survived = kind == ModelKind::mbg_nbd ? x + 1 : x;  // MBG/NBD may drop at time 0 too
        alive = std::pow(1 - p, survived) * std::pow(lambda, x) * std::exp(-lambda * customer.age);
        if (kind == ModelKind::mbg_nbd || x > 0) {
          dead = p * std::pow(1 - p, survived - 1) * std::pow(lambda, x) * std::exp(-lambda * customer.recency);
        }
      }
      alive *= weight;
      dead *= weight;
      likelihood += alive + dead;
      // Poisson probabilities and their upper tails P(N >= k) (the regularised gamma P(k, m)).
      double below_rate = 0.0;   // P(N < k), N ~ Poisson(lambda t)
      double below_total = 0.0;  // P(N < k + 1), N ~ Poisson((lambda + mu) t)
      for (int k = 0; k <= most; ++k) {
        double future = 0.0;  // P(k in the horizon | alive at T)
        const double at_rate = poisson(k, lambda * horizon);
        if (kind == ModelKind::pareto_nbd) {
          // Alive all along, or dying at tau with k purchases before: the integral of
          // mu e^(-mu tau) Poisson(k; lambda tau) over (0, t) is mu lambda^k / (lambda+mu)^(k+1) P(k+1, (lambda+mu) t).
          const double mu = dropout;
          below_total += poisson(k, (lambda + mu) * horizon);
          future = at_rate * std::exp(-mu * horizon) +
                   mu * std::pow(lambda, k) / std::pow(lambda + mu, k + 1) * (1.0 - below_total);
        } else {
          // k purchases surviving each dropout chance, or the k-th purchase (of k or more in the
          // horizon) being the last.
          const double p = dropout;
          future = std::pow(1 - p, k) * at_rate;
          if (k > 0) {
            future += p * std::pow(1 - p, k - 1) * (1.0 - below_rate);
          }
        }
        below_rate += at_rate;
        joint[static_cast<std::size_t>(k)] += alive * future + (k == 0 ? dead : 0.0);
      }
    }
  }
  for (double& probability : joint) {
    probability /= likelihood;
  }
  return joint;
}

}  // namespace

TEST_CASE("purchase distributions equal a brute-force integration over the customers' rates", "[distribution]") {
  const std::vector<PurchaseHistory> customers{{0, 0, 38.86}, {2, 30.43, 38.86}, {7, 20, 38}};
  for (const auto& [kind, parameters] : {std::pair{ModelKind::bg_nbd, k_bg}, std::pair{ModelKind::mbg_nbd, k_mbg},
                                         std::pair{ModelKind::pareto_nbd, k_pareto}}) {
    for (const PurchaseHistory& customer : customers) {
      CAPTURE(clv::models::model_name(kind), customer.frequency, customer.recency, customer.age);
      const auto d = clv::models::purchase_distribution(kind, parameters, customer, 39.0, 3);
      const auto expected = integrated_distribution(kind, parameters, customer, 39.0, 3);
      for (std::size_t k = 0; k <= 3; ++k) {
        CAPTURE(k, d.probabilities[k], expected[k]);
        CHECK(d.probabilities[k] == Approx(expected[k]).margin(1e-8));
      }
    }
  }
}

TEST_CASE("Pareto/NBD P(k) when the dropout and purchase scales are tiny next to the horizon", "[distribution]") {
  // References: mpmath at 40 digits, the survival term plus the integral over the dropout time
  // by tanh-sinh quadrature. Eight equal panels over [0, 520] missed the density's mass within
  // a few (beta+T)/(s+1) of 0: up to 8e-8 relative in the first case and 83% in the second.
  const PurchaseHistory customer{3, 0.1, 0.5};
  const std::vector<double> slow_dropout{0.3, 5.0, 1.0, 5.0};
  const std::vector<double> fast_dropout{2.0, 0.01, 20.0, 0.3};
  const auto first = clv::models::purchase_distribution(ModelKind::pareto_nbd, slow_dropout, customer, 520.0, 4);
  const double first_reference[] = {0.29541247047216828043, 0.13294105073944241438, 0.090737552711518945829,
                                    0.065877964482786124522, 0.05000377701515223111};
  for (std::size_t k = 0; k < 5; ++k) {
    CHECK(first.probabilities[k] == Approx(first_reference[k]).epsilon(1e-12));
  }
  const auto second = clv::models::purchase_distribution(ModelKind::pareto_nbd, fast_dropout, customer, 520.0, 4);
  const double second_reference[] = {0.99999999977098092658, 1.5754983050017449658e-10, 4.6987773417293369266e-11,
                                     1.5425910545319323577e-11, 5.4820052499014802338e-12};
  for (std::size_t k = 0; k < 5; ++k) {
    CHECK(second.probabilities[k] == Approx(second_reference[k]).epsilon(1e-9));
  }
}
