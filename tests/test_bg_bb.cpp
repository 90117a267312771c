#include "clv/models/bg_bb.hpp"

#include "clv/error.hpp"

#include <boost/math/special_functions/binomial.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace bb = clv::models::bg_bb;

namespace {

const bb::Parameters k_published{1.204, 0.750, 0.657, 2.783};  // FHS (2010), the donations data

// ../shared/data/donations.csv (frequency,recency,periods,weights), read when present.
std::vector<bb::OpportunityHistory> read_donations() {
  namespace fs = std::filesystem;
  const char* override_dir = std::getenv("CLV_SHARED_DATA");
  const fs::path path = override_dir != nullptr
                            ? fs::path(override_dir) / "donations.csv"
                            : fs::path(CLV_TEST_DATA_DIR) / ".." / ".." / ".." / "shared" / "data" / "donations.csv";
  std::ifstream in(path);
  std::vector<bb::OpportunityHistory> rows;
  if (!in) {
    return rows;
  }
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    bb::OpportunityHistory row;
    char comma = 0;
    fields >> row.frequency >> comma >> row.recency >> comma >> row.periods >> comma >> row.weight;
    rows.push_back(row);
  }
  return rows;
}

// Brute force: P(a specific 0/1 sequence over n opportunities) by enumerating every dropout
// time and integrating nothing: the sequences' probabilities, summed over all 2^n sequences
// with the model's formula, must be 1; and P(x repeat purchases in n) follows by counting.
double sequence_count(int x, int t_x) {
  if (x == 0) {
    return t_x == 0 ? 1.0 : 0.0;
  }
  return boost::math::binomial_coefficient<double>(static_cast<unsigned>(t_x - 1), static_cast<unsigned>(x - 1));
}

double probability_of_frequency(const bb::Parameters& p, int x, int n) {
  double sum = 0.0;
  for (int t_x = x; t_x <= n; ++t_x) {
    if (x == 0 && t_x > 0) {
      break;
    }
    sum += sequence_count(x, t_x) * std::exp(bb::log_likelihood(p, bb::OpportunityHistory{double(x), double(t_x), double(n), 1.0}));
  }
  return sum;
}

}  // namespace

TEST_CASE("BG/BB likelihoods of all purchase sequences add up to 1", "[bgbb]") {
  const bb::Parameters p{1.3, 0.8, 0.6, 2.5};
  for (const int n : {1, 4, 9}) {
    double total = 0.0;
    for (int x = 0; x <= n; ++x) {
      total += probability_of_frequency(p, x, n);
    }
    CHECK(total == Approx(1.0).epsilon(1e-12));
  }
}

TEST_CASE("BG/BB likelihood of one sequence agrees with summing over dropout times", "[bgbb]") {
  // Independent route: condition on p and theta, sum the sequence's probability over the
  // period the customer dies, and integrate p and theta by midpoint rules on a fine grid
  // (Beta(2, 2) etc. keep the densities smooth).
  const bb::Parameters p{2.0, 3.0, 2.0, 4.0};
  const int n = 5, x = 2, t_x = 3;
  const int grid = 1200;
  double integral = 0.0;
  const double norm_pq = std::tgamma(p.alpha + p.beta) / (std::tgamma(p.alpha) * std::tgamma(p.beta));
  const double norm_gd = std::tgamma(p.gamma + p.delta) / (std::tgamma(p.gamma) * std::tgamma(p.delta));
  for (int i = 0; i < grid; ++i) {
    const double buy = (i + 0.5) / grid;
    const double f_buy = norm_pq * std::pow(buy, p.alpha - 1) * std::pow(1 - buy, p.beta - 1);
    for (int j = 0; j < grid; ++j) {
      const double die = (j + 0.5) / grid;
      const double f_die = norm_gd * std::pow(die, p.gamma - 1) * std::pow(1 - die, p.delta - 1);
      // Alive through n, or alive through t_x + i and dead from the next opportunity on.
      double given = std::pow(buy, x) * std::pow(1 - buy, n - x) * std::pow(1 - die, n);
      for (int k = 0; k < n - t_x; ++k) {
        given += std::pow(buy, x) * std::pow(1 - buy, t_x - x + k) * die * std::pow(1 - die, t_x + k);
      }
      integral += f_buy * f_die * given / (double(grid) * grid);
    }
  }
  CHECK(std::exp(bb::log_likelihood(p, bb::OpportunityHistory{double(x), double(t_x), double(n), 1.0})) ==
        Approx(integral).epsilon(1e-5));
}

TEST_CASE("BG/BB expected transactions: closed form equals the sum over opportunities", "[bgbb]") {
  const bb::OpportunityHistory customer{2.0, 4.0, 6.0, 1.0};
  for (const bb::Parameters p : {k_published, bb::Parameters{1.0, 2.0, 1.5, 3.0}, bb::Parameters{1.0, 2.0, 1.0, 3.0}}) {
    for (const int horizon : {1, 5, 30}) {
      CHECK(bb::forecast(p, customer, horizon).expected_transactions ==
            Approx(bb::expected_transactions_sum(p, customer, horizon)).epsilon(1e-10));
    }
  }
}

TEST_CASE("BG/BB reproduces Fader, Hardie & Shang (2010) on the donations data", "[bgbb]") {
  const auto donations = read_donations();
  if (donations.empty()) {
    WARN("../shared/data/donations.csv not found: skipping the published BG/BB numbers");
    return;
  }
  const auto result = bb::fit(donations);
  REQUIRE(result.kind == clv::models::ModelKind::bg_bb);
  CHECK(result.customers == 11104.0);
  CHECK(result.parameters[0] == Approx(1.204).margin(0.0005));
  CHECK(result.parameters[1] == Approx(0.750).margin(0.0005));
  CHECK(result.parameters[2] == Approx(0.657).margin(0.0005));
  CHECK(result.parameters[3] == Approx(2.783).margin(0.0005));
  CHECK(result.log_likelihood == Approx(-33225.58).margin(0.01));
  REQUIRE(result.standard_errors.size() == 4);

  // Table 6: P(alive in 2002) for n = 6.
  CHECK(bb::forecast(k_published, {0, 0, 6, 1}, 0).probability_alive == Approx(0.11).margin(0.005));
  CHECK(bb::forecast(k_published, {2, 4, 6, 1}, 0).probability_alive == Approx(0.59).margin(0.005));
  CHECK(bb::forecast(k_published, {6, 6, 6, 1}, 0).probability_alive == Approx(0.93).margin(0.005));

  // Sum over donors of the expected transactions in the next 5 years, and the expected numbers
  // of donors with 0 and with 6 repeat donations in 1996-2001.
  const bb::Parameters fitted{result.parameters[0], result.parameters[1], result.parameters[2], result.parameters[3]};
  double next_five = 0.0;
  for (const auto& row : donations) {
    next_five += row.weight * bb::forecast(fitted, row, 5).expected_transactions;
  }
  CHECK(next_five == Approx(12884.2).margin(1.0));
  CHECK(11104.0 * probability_of_frequency(fitted, 0, 6) == Approx(3454.9).margin(0.5));
  CHECK(11104.0 * probability_of_frequency(fitted, 6, 6) == Approx(1253.1).margin(0.5));
}

TEST_CASE("BG/BB turns purchase periods into opportunities", "[bgbb]") {
  const std::vector<long long> periods{0, 2, 2, 5, 7};  // 7 is beyond the last period observed
  const auto history = bb::opportunities_from_periods(periods, 6);
  CHECK(history.frequency == 2.0);
  CHECK(history.recency == 5.0);
  CHECK(history.periods == 6.0);
}

TEST_CASE("BG/BB rejects impossible histories", "[bgbb]") {
  CHECK_THROWS_AS(bb::validate_histories(std::vector<bb::OpportunityHistory>{{7, 6, 6, 1}}), clv::Error);
  CHECK_THROWS_AS(bb::validate_histories(std::vector<bb::OpportunityHistory>{{2, 7, 6, 1}}), clv::Error);
  CHECK_THROWS_AS(bb::validate_histories(std::vector<bb::OpportunityHistory>{{3, 2, 6, 1}}), clv::Error);
  CHECK_THROWS_AS(bb::validate_histories(std::vector<bb::OpportunityHistory>{{0, 2, 6, 1}}), clv::Error);
  CHECK_THROWS_AS(bb::validate_histories(std::vector<bb::OpportunityHistory>{{1, 1, 6, -1}}), clv::Error);
  CHECK_NOTHROW(bb::validate_histories(std::vector<bb::OpportunityHistory>{{1, 1, 6, 1}, {0, 0, 6, 3}}));
}

#include "clv/opportunities.hpp"

TEST_CASE("BG/BB opportunities from a customer's purchase days", "[bgbb]") {
  // Yearly periods from the first purchase on day 100: [100, 465.25), [465.25, 830.5),
  // [830.5, 1195.75): with whole days, period 2 runs from day 831 to day 1195.
  const std::vector<clv::io::DayNumber> days{100, 120, 500, 520, 900, 1300};
  const auto history = clv::opportunities_of_customer(days, 365.25, 1195);
  CHECK(history.periods == 2.0);
  CHECK(history.frequency == 2.0);  // two purchases in period 1 count once; 900 is period 2
  CHECK(history.recency == 2.0);
  const auto earlier = clv::opportunities_of_customer(days, 365.25, 1194);
  CHECK(earlier.periods == 1.0);  // period 2 is not over on day 1194
  CHECK(earlier.recency == 1.0);
}

#include <random>

TEST_CASE("BG/BB holdout expectation agrees with simulated customers", "[bgbb]") {
  // Simulate 6 calibration and 5 holdout opportunities; the model's E[X(n, n+5) | x, t_x, n]
  // averaged per calibration frequency must match what the simulated customers then did.
  const bb::Parameters p{1.204, 0.750, 0.657, 2.783};
  std::mt19937_64 engine(7);
  std::gamma_distribution<double> ga(p.alpha, 1.0), gb(p.beta, 1.0), gg(p.gamma, 1.0), gd(p.delta, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<bb::OpportunityHistory> calibration;
  std::vector<double> holdout, periods;
  for (int i = 0; i < 200'000; ++i) {
    const double a = ga(engine), b = gb(engine), g = gg(engine), d = gd(engine);
    const double buy = a / (a + b), die = g / (g + d);
    bool alive = true;
    bb::OpportunityHistory history{0, 0, 6, 1};
    double later = 0.0;
    for (int t = 1; t <= 11; ++t) {
      alive = alive && uniform(engine) >= die;
      const bool bought = alive && uniform(engine) < buy;
      if (bought && t <= 6) {
        history.frequency += 1;
        history.recency = t;
      } else if (bought) {
        later += 1;
      }
    }
    calibration.push_back(history);
    holdout.push_back(later);
    periods.push_back(5);
  }
  const auto groups = bb::compare_holdout(p, calibration, holdout, periods, 6);
  REQUIRE(groups.size() == 7);
  for (const auto& group : groups) {
    // Standard error of a mean of at most 5 transactions over thousands of customers: < 0.05.
    CHECK(group.predicted == Approx(group.actual).margin(0.05));
  }
}

TEST_CASE("BG/BB purchase distribution: adds up to 1, its mean is the expected transactions", "[bgbb][distribution]") {
  for (const bb::Parameters p : {k_published, bb::Parameters{2.0, 3.0, 1.0, 4.0}}) {
    for (const bb::OpportunityHistory customer : {bb::OpportunityHistory{0, 0, 6, 1}, bb::OpportunityHistory{2, 4, 6, 1},
                                                  bb::OpportunityHistory{6, 6, 6, 1}}) {
      for (const int horizon : {1, 5, 12}) {
        const std::vector<double> probabilities = bb::transaction_probabilities(p, customer, horizon, horizon);
        double total = 0.0;
        double mean = 0.0;
        for (std::size_t k = 0; k < probabilities.size(); ++k) {
          total += probabilities[k];
          mean += static_cast<double>(k) * probabilities[k];
        }
        CHECK(total == Approx(1.0).epsilon(1e-12));
        CHECK(mean == Approx(bb::forecast(p, customer, horizon).expected_transactions).epsilon(1e-10));
        // K below the horizon: the first K+1 probabilities are the same.
        const std::vector<double> shorter = bb::transaction_probabilities(p, customer, horizon, 1);
        REQUIRE(shorter.size() == 2);
        CHECK(shorter[1] == probabilities[1]);
      }
    }
  }
}

TEST_CASE("BG/BB purchase distribution agrees with enumerating every future sequence", "[bgbb][distribution]") {
  // Independent route through the likelihood: P(future sequence s | history) =
  // L(x + |s|, last purchase, n + n*) / L(x, t_x, n), the likelihood of one whole sequence
  // (checked above against a numerical integral), summed over the 2^n* sequences by count.
  const bb::Parameters p{1.3, 0.8, 0.6, 2.5};
  const bb::OpportunityHistory history{2, 3, 5, 1};
  const int horizon = 6;
  std::vector<double> by_count(horizon + 1, 0.0);
  const double log_l = bb::log_likelihood(p, history);
  for (unsigned bits = 0; bits < (1U << horizon); ++bits) {
    int bought = 0;
    int last = static_cast<int>(history.recency);
    for (int j = 0; j < horizon; ++j) {
      if ((bits >> j) & 1U) {
        ++bought;
        last = static_cast<int>(history.periods) + j + 1;
      }
    }
    const bb::OpportunityHistory whole{history.frequency + bought, double(last), history.periods + horizon, 1};
    by_count[static_cast<std::size_t>(bought)] += std::exp(bb::log_likelihood(p, whole) - log_l);
  }
  const std::vector<double> closed = bb::transaction_probabilities(p, history, horizon, horizon + 2);
  REQUIRE(closed.size() == static_cast<std::size_t>(horizon + 3));
  for (int k = 0; k <= horizon; ++k) {
    CHECK(closed[static_cast<std::size_t>(k)] == Approx(by_count[static_cast<std::size_t>(k)]).epsilon(1e-11));
  }
  CHECK(closed[static_cast<std::size_t>(horizon + 1)] == 0.0);
  CHECK(closed[static_cast<std::size_t>(horizon + 2)] == 0.0);
}
