// Maximum likelihood for the purchase models and Gamma-Gamma: L-BFGS (LBFGSpp) over the
// log-parameters on rows grouped by identical (x, t_x, T), with the likelihood summed in fixed
// blocks (in parallel, added in block order, so results do not depend on the thread count).
#include "clv/models/fit.hpp"

#include "clv/error.hpp"
#include "clv/models/bg_bb.hpp"
#include "clv/models/sbg.hpp"
#include "kernels.hpp"
#include "workers.hpp"

#include <Eigen/Dense>
#include <LBFGS.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

namespace clv::models {
namespace {

constexpr std::size_t k_block_rows = 8192;
constexpr double k_inf = std::numeric_limits<double>::infinity();
const double k_runaway_log = std::log(1e6);

struct Row {
  double u;  // t_x (purchase models) or average spend (Gamma-Gamma)
  double v;  // T (purchase models) or log(average spend)
  double weight;
  std::uint32_t x_index;
};

struct Dataset {
  std::vector<double> frequencies;        // distinct x
  std::vector<double> frequency_weights;  // sum of weights per distinct x
  std::vector<Row> rows;                  // sorted by (x, u, v), identical rows merged
  double total_weight = 0.0;
};

struct RawRow {
  double x;
  double u;
  double v;
  double weight;
};

Dataset compress(std::vector<RawRow> raw) {
  std::sort(raw.begin(), raw.end(), [](const RawRow& l, const RawRow& r) {
    return std::tie(l.x, l.u, l.v) < std::tie(r.x, r.u, r.v);
  });
  Dataset data;
  for (const RawRow& row : raw) {
    if (row.weight == 0.0) {
      continue;
    }
    data.total_weight += row.weight;
    if (data.frequencies.empty() || data.frequencies.back() != row.x) {
      data.frequencies.push_back(row.x);
      data.frequency_weights.push_back(0.0);
    } else if (data.rows.back().u == row.u && data.rows.back().v == row.v) {
      data.rows.back().weight += row.weight;
      data.frequency_weights.back() += row.weight;
      continue;
    }
    data.frequency_weights.back() += row.weight;
    data.rows.push_back({row.u, row.v, row.weight, static_cast<std::uint32_t>(data.frequencies.size() - 1)});
  }
  return data;
}

// Sum of weight * log L and its gradient w.r.t. the natural parameters.
constexpr std::size_t k_subsample_above = 100'000;
constexpr std::size_t k_subsample_rows = 20'000;

Dataset subsample(const Dataset& data, std::size_t stride) {
  Dataset sample;
  sample.frequencies = data.frequencies;
  sample.frequency_weights.assign(data.frequencies.size(), 0.0);
  for (std::size_t i = 0; i < data.rows.size(); i += stride) {
    sample.rows.push_back(data.rows[i]);
    sample.frequency_weights[data.rows[i].x_index] += data.rows[i].weight;
    sample.total_weight += data.rows[i].weight;
  }
  return sample;
}

template <class Kernel>
double evaluate(const Dataset& data, const double* theta, unsigned threads, double* gradient) {
  constexpr int k = Kernel::k_parameters;
  std::vector<detail::PerX> per_x(data.frequencies.size());
  double total = 0.0;
  std::array<double, 4> g{};
  for (std::size_t i = 0; i < per_x.size(); ++i) {
    per_x[i] = Kernel::per_x(theta, data.frequencies[i]);
    total += data.frequency_weights[i] * per_x[i].log_likelihood;
    for (int j = 0; j < k; ++j) {
      g[j] += data.frequency_weights[i] * per_x[i].gradient[j];
    }
  }
  const std::size_t blocks = (data.rows.size() + k_block_rows - 1) / k_block_rows;
  std::vector<std::array<double, 5>> partial(blocks);
  auto work = [&](std::size_t first_block, std::size_t stride) {
    for (std::size_t block = first_block; block < blocks; block += stride) {
      std::array<double, 5> sum{};
      const std::size_t end = std::min(data.rows.size(), (block + 1) * k_block_rows);
      for (std::size_t i = block * k_block_rows; i < end; ++i) {
        const Row& row = data.rows[i];
        double rg[4] = {0.0, 0.0, 0.0, 0.0};
        const double x = data.frequencies[row.x_index];
        sum[4] += row.weight * Kernel::row(theta, per_x[row.x_index], x, row.u, row.v, rg);
        for (int j = 0; j < k; ++j) {
          sum[j] += row.weight * rg[j];
        }
      }
      partial[block] = sum;
    }
  };
  const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(std::max(1U, threads), blocks));
  detail::run_workers(workers, work);
  for (const auto& sum : partial) {
    total += sum[4];
    for (int j = 0; j < k; ++j) {
      g[j] += sum[j];
    }
  }
  for (int j = 0; j < k; ++j) {
    gradient[j] = g[j];
  }
  return total;
}

struct Penalty {
  double weight = 0.0;
  PenaltyScale scale = PenaltyScale::log_parameters;

  // The penalty at the log-parameters phi, and its derivative in phi_j.
  [[nodiscard]] double value(const Eigen::VectorXd& phi) const {
    double total = 0.0;
    for (Eigen::Index j = 0; j < phi.size(); ++j) {
      total += scale == PenaltyScale::log_parameters ? phi[j] * phi[j] : std::exp(2.0 * phi[j]);
    }
    return weight * total;
  }
  [[nodiscard]] double derivative(double phi) const {
    return weight * 2.0 * (scale == PenaltyScale::log_parameters ? phi : std::exp(2.0 * phi));
  }
};

Penalty penalty_of(const FitOptions& options) { return {options.penalizer, options.penalty_scale}; }

template <class Kernel>
struct Objective {
  static constexpr int k = Kernel::k_parameters;
  const Dataset& data;
  Penalty penalizer;
  unsigned threads;
  int evaluations = 0;
  double best_value = k_inf;
  Eigen::VectorXd best_point;
  Eigen::VectorXd best_gradient;
  ProgressSink* progress = nullptr;

  // Mean negative log-likelihood plus the penalty (penalizer * |log theta|^2, or lifetimes'
  // penalizer * |theta|^2), and its gradient in log theta.
  double operator()(const Eigen::VectorXd& phi, Eigen::VectorXd& grad) {
    ++evaluations;
    if (progress != nullptr) {
      progress->advance(static_cast<std::uint64_t>(evaluations));
    }
    double theta[4] = {1.0, 1.0, 1.0, 1.0};
    bool finite = true;
    for (int j = 0; j < k; ++j) {
      theta[j] = std::exp(phi[j]);
      finite = finite && std::isfinite(theta[j]) && theta[j] > 0.0;
    }
    grad.setZero(k);
    if (!finite) {
      return k_inf;
    }
    double g[4];
    const double ll = evaluate<Kernel>(data, theta, threads, g);
    double value = -ll / data.total_weight;
    for (int j = 0; j < k; ++j) {
      grad[j] = -g[j] * theta[j] / data.total_weight + penalizer.derivative(phi[j]);
    }
    value += penalizer.value(phi);
    if (!std::isfinite(value) || !grad.allFinite()) {
      grad.setZero(k);
      return k_inf;
    }
    if (value < best_value) {
      best_value = value;
      best_point = phi;
      best_gradient = grad;
    }
    return value;
  }
};

struct Optimum {
  Eigen::VectorXd phi;
  Eigen::VectorXd gradient;  // of the mean objective in log-parameters, at phi
  double value = k_inf;
  int iterations = 0;
  bool converged = false;
};

template <class Kernel>
Optimum minimise(const Dataset& data, const FitOptions& options, unsigned threads, const Eigen::VectorXd& start) {
  Objective<Kernel> objective{data, penalty_of(options), threads, 0, k_inf, start, {}};
  objective.progress = options.progress;
  LBFGSpp::LBFGSParam<double> param;
  param.epsilon = 1e-9;
  param.epsilon_rel = 1e-9;
  param.max_iterations = options.max_iterations;
  param.max_linesearch = 30;
  param.past = 1;
  param.delta = 1e-11;
  param.linesearch = LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_WOLFE;
  LBFGSpp::LBFGSSolver<double> solver(param);
  Eigen::VectorXd phi = start;
  Optimum result;
  double value = 0.0;
  bool line_search_failed = false;
  try {
    result.iterations = solver.minimize(objective, phi, value);
  } catch (const std::exception&) {
    // The line search gives up when it cannot improve any more (at the precision limit, or in a
    // region where the likelihood is flat); the best point seen is then the answer if its
    // gradient is small, which is checked below.
    line_search_failed = true;
    result.iterations = objective.evaluations;
  }
  result.phi = objective.best_point;
  Eigen::VectorXd grad = objective.best_gradient;
  result.value = objective.best_value;
  if (!std::isfinite(result.value)) {
    return result;
  }
  result.gradient = grad;
  const double tolerance = 1e-5 * std::max(1.0, result.phi.norm());
  result.converged = std::isfinite(result.value) && grad.norm() < tolerance &&
                     (line_search_failed || result.iterations < options.max_iterations || grad.norm() < 1e-8);
  return result;
}

// Finishes a fit on all rows from the estimate on a subsample: quasi-Newton steps with the
// subsample's Hessian (of the mean objective, so it estimates the full data's) and a
// backtracking line search. The subsample Hessian is close to the full one, so each step gains
// one to two digits and a handful of passes over the data suffice, where L-BFGS would start
// from an unknown Hessian again. Returns nothing when it does not converge (the caller then
// runs L-BFGS on all rows).
template <class Kernel>
std::optional<Optimum> polish(const Dataset& data, const Dataset& sample, const FitOptions& options, unsigned threads,
                              const Eigen::VectorXd& start) {
  constexpr int k = Kernel::k_parameters;
  Objective<Kernel> sample_objective{sample, penalty_of(options), threads, 0, k_inf, start, {}};
  sample_objective.progress = options.progress;
  Eigen::VectorXd g0(k);
  if (!std::isfinite(sample_objective(start, g0))) {
    return std::nullopt;
  }
  Eigen::MatrixXd hessian(k, k);
  const double step = 1e-5;
  for (int j = 0; j < k; ++j) {
    Eigen::VectorXd moved = start;
    moved[j] += step;
    Eigen::VectorXd gj(k);
    if (!std::isfinite(sample_objective(moved, gj))) {
      return std::nullopt;
    }
    hessian.col(j) = (gj - g0) / step;
  }
  hessian = 0.5 * (hessian + hessian.transpose()).eval();
  const Eigen::LLT<Eigen::MatrixXd> llt(hessian);
  if (llt.info() != Eigen::Success) {
    return std::nullopt;
  }
  Objective<Kernel> objective{data, penalty_of(options), threads, 0, k_inf, start, {}};
  objective.progress = options.progress;
  Optimum result;
  result.phi = start;
  Eigen::VectorXd grad(k);
  result.value = objective(result.phi, grad);
  if (!std::isfinite(result.value)) {
    return std::nullopt;
  }
  for (int iteration = 1; iteration <= 30; ++iteration) {
    result.iterations = iteration;
    if (grad.norm() < 1e-9 * std::max(1.0, result.phi.norm())) {
      result.converged = true;
      result.gradient = grad;
      return result;
    }
    const Eigen::VectorXd direction = -llt.solve(grad);
    const double slope = grad.dot(direction);
    if (!(slope < 0.0)) {
      return std::nullopt;
    }
    bool accepted = false;
    double previous = result.value;
    double last_step = 0.0;
    for (double t = 1.0; t > 1e-3; t *= 0.5) {
      const Eigen::VectorXd candidate = result.phi + t * direction;
      Eigen::VectorXd candidate_grad(k);
      const double value = objective(candidate, candidate_grad);
      if (std::isfinite(value) && value <= result.value + 1e-4 * t * slope) {
        last_step = t * direction.cwiseAbs().maxCoeff();
        result.phi = candidate;
        result.value = value;
        grad = candidate_grad;
        accepted = true;
        break;
      }
    }
    if (!accepted) {
      // At the precision limit of the objective: accept if the gradient is already small.
      result.converged = grad.norm() < 1e-6;
      result.gradient = grad;
      return result.converged ? std::optional<Optimum>(result) : std::nullopt;
    }
    // Converged when the objective no longer moves or the step is below 1e-8 in every
    // log-parameter (far below any standard error), with a small gradient.
    if ((previous - result.value <= 1e-13 * std::max(1.0, std::abs(result.value)) || last_step < 1e-8) &&
        grad.norm() < 1e-6) {
      result.converged = true;
      result.gradient = grad;
      return result;
    }
  }
  return std::nullopt;
}

// Hessian of the mean objective in log-parameters at `phi` (whose gradient is `grad`), by
// forward differences (step 1e-6) of the analytic gradient: one pass over the data per
// parameter. Nothing when a neighbouring point is not finite.
template <class Kernel>
std::optional<Eigen::MatrixXd> objective_hessian(Objective<Kernel>& objective, const Eigen::VectorXd& phi,
                                                 const Eigen::VectorXd& grad) {
  constexpr int k = Kernel::k_parameters;
  constexpr double step = 1e-6;
  Eigen::MatrixXd hessian(k, k);
  for (int j = 0; j < k; ++j) {
    Eigen::VectorXd plus = phi;
    plus[j] += step;
    Eigen::VectorXd g_plus(k);
    if (!std::isfinite(objective(plus, g_plus))) {
      return std::nullopt;
    }
    hessian.col(j) = (g_plus - grad) / step;
  }
  return (0.5 * (hessian + hessian.transpose())).eval();
}

// Newton steps to the maximum-likelihood estimate from an optimiser's answer. L-BFGS stops on
// a relative change of the objective, which on real data leaves estimates 1e-6 to 1e-4 from the
// optimum; the exact Hessian (which the standard errors need anyway) takes that to the
// precision limit in one or two steps. Stops when the Newton step is below 1e-10 in every
// log-parameter, i.e. the estimate is within about 1e-10 relative of the optimum. Returns the
// finished optimum and the Hessian at (or within 1e-9 of) it; when a step fails (the Hessian is
// not positive definite, or the step makes things worse), the input unchanged and that Hessian.
template <class Kernel>
std::pair<Optimum, std::optional<Eigen::MatrixXd>> newton_finish(Objective<Kernel>& objective, Optimum optimum) {
  constexpr int k_max_steps = 8;
  constexpr double k_step_tolerance = 1e-10;
  std::optional<Eigen::MatrixXd> hessian;
  for (int attempt = 0; attempt < k_max_steps; ++attempt) {
    hessian = objective_hessian(objective, optimum.phi, optimum.gradient);
    if (!hessian) {
      return {optimum, hessian};
    }
    const Eigen::LLT<Eigen::MatrixXd> llt(*hessian);
    if (llt.info() != Eigen::Success) {
      return {optimum, hessian};
    }
    const Eigen::VectorXd step = -llt.solve(optimum.gradient);
    const double largest = step.cwiseAbs().maxCoeff();
    if (!std::isfinite(largest) || largest > 1.0) {
      // Not near a well-defined optimum: leave the optimiser's answer (and its checks) alone.
      return {optimum, hessian};
    }
    if (largest < k_step_tolerance) {
      optimum.converged = true;
      return {optimum, hessian};
    }
    Eigen::VectorXd candidate_grad(optimum.phi.size());
    const Eigen::VectorXd candidate = optimum.phi + step;
    const double value = objective(candidate, candidate_grad);
    // Near the optimum the objective changes by less than its rounding (about 1e-16 relative), so
    // a step is judged by the gradient as well as by the value.
    const bool better = std::isfinite(value) &&
                        (value < optimum.value || candidate_grad.norm() < optimum.gradient.norm());
    if (!better) {
      return {optimum, hessian};
    }
    optimum.phi = candidate;
    optimum.value = value;
    optimum.gradient = candidate_grad;
    if (largest < 1e-8) {
      // The Hessian's relative error (about the difference step, 1e-6) times this step: the
      // remaining distance is far below the tolerance, and the Hessian is good for the
      // standard errors at the new point.
      optimum.converged = true;
      return {optimum, hessian};
    }
  }
  return {optimum, hessian};
}

// `log_scale`: the log of each parameter's natural scale (the mean age for the time-scale
// parameters alpha and beta, the mean spend for gamma, 1 for the rest). An estimate more than a
// factor 1e6 away from it means the likelihood keeps rising towards a boundary of the parameter
// space: the data do not identify the model.
template <class Kernel>
int runaway_parameter(const Eigen::VectorXd& phi, const Eigen::VectorXd& log_scale) {
  for (int j = 0; j < Kernel::k_parameters; ++j) {
    if (!(std::abs(phi[j] - log_scale[j]) <= k_runaway_log)) {
      return j;
    }
  }
  return -1;
}

template <class Kernel>
FitResult fit(ModelKind kind, const Dataset& data, const FitOptions& options, const Eigen::VectorXd& start,
              const Eigen::VectorXd& log_scale) {
  constexpr int k = Kernel::k_parameters;
  const unsigned threads = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const std::string model{model_name(kind)};
  const ProgressStage progress(options.progress, "fitting " + model, "likelihood evaluations");
  Eigen::VectorXd first = start;
  std::optional<Optimum> polished;
  if (data.rows.size() > k_subsample_above) {
    // Large data: most of the optimiser's wandering happens far from the optimum, so do it on
    // every n-th distinct row (a deterministic subsample) and finish on all rows from there.
    const Dataset sample = subsample(data, data.rows.size() / k_subsample_rows);
    const Optimum rough = minimise<Kernel>(sample, options, threads, start);
    if (rough.converged && runaway_parameter<Kernel>(rough.phi, log_scale) < 0) {
      first = rough.phi;
      polished = polish<Kernel>(data, sample, options, threads, rough.phi);
    }
  }
  Optimum best = polished ? *polished : minimise<Kernel>(data, options, threads, first);
  if (!best.converged) {
    // A second start from all parameters 1 before giving up.
    Optimum other = minimise<Kernel>(data, options, threads, Eigen::VectorXd::Zero(k));
    if (other.converged || other.value < best.value) {
      best = other;
    }
  }
  if (!std::isfinite(best.value) || !best.phi.allFinite()) {
    throw data_error(fmt::format("the {} fit failed: the likelihood is not finite at any point tried", model));
  }
  Objective<Kernel> objective{data, penalty_of(options), threads, 0, k_inf, best.phi, {}};
  auto [finished, finish_hessian] = newton_finish(objective, best);
  best = std::move(finished);
  const auto names = parameter_names(kind);
  const int runaway = runaway_parameter<Kernel>(best.phi, log_scale);
  if (runaway >= 0) {
    throw data_error(fmt::format(
        "the {} fit does not converge: parameter {} runs off to {} (the data do not identify it; "
        "a small penalizer such as 0.001 keeps it finite)",
        model, names[static_cast<std::size_t>(runaway)], best.phi[runaway] > log_scale[runaway] ? "infinity" : "zero"));
  }
  if (!best.converged) {
    throw data_error(fmt::format(
        "the {} fit did not converge within --max-iterations {} (a small penalizer such as 0.001, or more iterations, "
        "may help)",
        model, options.max_iterations));
  }

  FitResult result;
  result.kind = kind;
  result.iterations = best.iterations;
  result.converged = best.converged;
  result.customers = data.total_weight;
  result.rows = data.rows.size();
  double theta[4] = {1.0, 1.0, 1.0, 1.0};
  for (int j = 0; j < k; ++j) {
    theta[j] = std::exp(best.phi[j]);
    result.parameters.push_back(theta[j]);
  }
  // The optimum's objective is the mean penalised negative log-likelihood: undo both.
  result.log_likelihood = -(best.value - penalty_of(options).value(best.phi)) * data.total_weight;

  result.gradient_norm = best.gradient.norm();

  // Observed information: Hessian of the (penalised) total negative log-likelihood, from the
  // Hessian of the mean objective in log-parameters that the Newton finish computed, converted
  // to the natural parameters:
  //   d2f/dtheta_i dtheta_j = (H_phi_ij - delta_ij df/dphi_i) / (theta_i theta_j).
  if (finish_hessian) {
    Eigen::MatrixXd hessian = *finish_hessian * data.total_weight;
    for (int i = 0; i < k; ++i) {
      hessian(i, i) -= best.gradient[i] * data.total_weight;
      for (int j = 0; j < k; ++j) {
        hessian(i, j) /= theta[i] * theta[j];
      }
    }
    const Eigen::LLT<Eigen::MatrixXd> llt(hessian);
    if (llt.info() == Eigen::Success) {
      const Eigen::MatrixXd covariance = llt.solve(Eigen::MatrixXd::Identity(k, k));
      if (covariance.allFinite() && (covariance.diagonal().array() > 0.0).all()) {
        for (int i = 0; i < k; ++i) {
          result.standard_errors.push_back(std::sqrt(covariance(i, i)));
          std::vector<double> row;
          for (int j = 0; j < k; ++j) {
            row.push_back(covariance(i, j));
          }
          result.covariance.push_back(std::move(row));
        }
      }
    }
  }
  return result;
}

std::string row_label(std::size_t index) { return fmt::format("customer {}", index + 1); }

bool is_whole(double v) { return v == std::floor(v); }

}  // namespace

void validate_purchase_histories(std::span<const PurchaseHistory> data) {
  double total_weight = 0.0;
  double repeat_weight = 0.0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const PurchaseHistory& c = data[i];
    auto fail = [&](const char* field, const std::string& what) {
      throw data_error(fmt::format("{}: {}", row_label(i), what), Location{"", 0, 0, field});
    };
    if (!std::isfinite(c.frequency) || c.frequency < 0.0 || !is_whole(c.frequency)) {
      fail("frequency", fmt::format("frequency {} is not a whole number >= 0", c.frequency));
    }
    if (!std::isfinite(c.recency) || c.recency < 0.0) {
      fail("recency", fmt::format("recency {} is negative or not finite", c.recency));
    }
    if (!std::isfinite(c.age) || c.age < 0.0) {
      fail("age", fmt::format("age {} is negative or not finite", c.age));
    }
    if (c.recency > c.age) {
      fail("recency", fmt::format("recency {} is greater than age {}", c.recency, c.age));
    }
    if (c.frequency == 0.0 && c.recency > 0.0) {
      fail("recency", fmt::format("recency {} is positive but frequency is 0", c.recency));
    }
    if (!std::isfinite(c.weight) || c.weight < 0.0) {
      fail("weight", fmt::format("weight {} is negative or not finite", c.weight));
    }
    total_weight += c.weight;
    repeat_weight += c.frequency > 0.0 ? c.weight : 0.0;
  }
  if (!(total_weight > 0.0)) {
    throw data_error("no customers to fit");
  }
  if (!(repeat_weight > 0.0)) {
    throw data_error("no customer has a repeat purchase (all frequencies are 0): the model cannot be fitted");
  }
}

void validate_spend_histories(std::span<const SpendHistory> data) {
  double weight = 0.0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const SpendHistory& c = data[i];
    auto fail = [&](const char* field, const std::string& what) {
      throw data_error(fmt::format("{}: {}", row_label(i), what), Location{"", 0, 0, field});
    };
    if (!std::isfinite(c.frequency) || c.frequency < 0.0 || !is_whole(c.frequency)) {
      fail("frequency", fmt::format("frequency {} is not a whole number >= 0", c.frequency));
    }
    if (!std::isfinite(c.weight) || c.weight < 0.0) {
      fail("weight", fmt::format("weight {} is negative or not finite", c.weight));
    }
    if (c.frequency > 0.0 && (!std::isfinite(c.average_spend) || c.average_spend <= 0.0)) {
      fail("monetary_value",
           fmt::format("average spend {} must be positive for a customer with repeat purchases", c.average_spend));
    }
    weight += c.frequency > 0.0 ? c.weight : 0.0;
  }
  if (!(weight > 0.0)) {
    throw data_error("no customer with repeat purchases (frequency > 0) to fit the spend model on");
  }
}

FitResult fit_purchase_model(ModelKind kind, std::span<const PurchaseHistory> data, const FitOptions& options) {
  if (kind == ModelKind::gamma_gamma) {
    throw data_error("gamma-gamma is a spend model: fit it with spend histories");
  }
  if (kind == ModelKind::sbg || kind == ModelKind::bg_bb) {
    throw data_error(fmt::format("{} is a discrete-time model: fit it with its own histories", model_name(kind)));
  }
  validate_purchase_histories(data);
  std::vector<RawRow> raw;
  raw.reserve(data.size());
  double weight = 0.0;
  double purchases = 0.0;
  double age = 0.0;
  for (const PurchaseHistory& c : data) {
    raw.push_back({c.frequency, c.recency, c.age, c.weight});
    weight += c.weight;
    purchases += c.weight * c.frequency;
    age += c.weight * c.age;
  }
  const Dataset dataset = compress(std::move(raw));
  // Start: r = 1 and alpha from the mean purchase rate (r/alpha = sum x / sum T), dropout
  // parameters 1 (Pareto/NBD: s = 1, beta = mean age).
  const double rate = purchases / std::max(age, 1e-300);
  Eigen::VectorXd start = Eigen::VectorXd::Zero(4);
  start[1] = std::clamp(std::log(1.0 / rate), -30.0, 30.0);
  const double log_mean_age = std::log(std::max(age / weight, 1e-300));
  Eigen::VectorXd log_scale = Eigen::VectorXd::Zero(4);
  log_scale[1] = log_mean_age;
  if (kind == ModelKind::pareto_nbd) {
    start[3] = std::clamp(log_mean_age, -30.0, 30.0);
    log_scale[3] = log_mean_age;
    return fit<detail::ParetoKernel>(kind, dataset, options, start, log_scale);
  }
  if (kind == ModelKind::mbg_nbd) {
    return fit<detail::MbgKernel>(kind, dataset, options, start, log_scale);
  }
  return fit<detail::BgKernel>(kind, dataset, options, start, log_scale);
}

FitResult fit_spend_model(std::span<const SpendHistory> data, const FitOptions& options) {
  validate_spend_histories(data);
  std::vector<RawRow> raw;
  double weight = 0.0;
  double spend = 0.0;
  double largest = 0.0;
  for (const SpendHistory& c : data) {
    if (c.frequency > 0.0) {
      raw.push_back({c.frequency, c.average_spend, std::log(c.average_spend), c.weight});
      weight += c.weight;
      spend += c.weight * c.average_spend;
      largest = std::max(largest, c.average_spend);
    }
  }
  double log_mean_spend = std::log(spend / weight);
  if (!std::isfinite(spend)) {
    // Amounts near the largest double add up to inf: the mean relative to the largest.
    double relative = 0.0;
    for (const RawRow& row : raw) {
      relative += row.weight * (row.u / largest);  // u: the average spend
    }
    log_mean_spend = std::log(largest) + std::log(relative / weight);
  }
  const Dataset dataset = compress(std::move(raw));
  // Start: p = 1, q = 2 and gamma so that the population mean p gamma/(q-1) is the mean spend.
  // gamma is a scale (amounts 1e100 times larger fit gamma 1e100 times larger, p and q the
  // same), so its start is not clamped: clamped to e^30 the fit of amounts around 1e100 started
  // 200 log units away and reported p running off to infinity.
  Eigen::VectorXd start(3);
  start << 0.0, std::log(2.0), log_mean_spend;
  Eigen::VectorXd log_scale(3);
  log_scale << 0.0, 0.0, log_mean_spend;
  return fit<detail::GammaGammaKernel>(ModelKind::gamma_gamma, dataset, options, start, log_scale);
}

FitResult sbg::fit(std::span<const sbg::Contract> contracts, const FitOptions& options) {
  sbg::validate_contracts(contracts);
  // Rows: x = 1 churned / 0 active, u = tenure (see detail::SbgKernel). Identical contracts merge,
  // so a million contracts cost a sort and a few hundred distinct rows.
  std::vector<RawRow> raw;
  raw.reserve(contracts.size());
  for (const sbg::Contract& c : contracts) {
    raw.push_back({c.status == sbg::ContractStatus::churned ? 1.0 : 0.0, c.tenure, 0.0, c.weight});
  }
  const Dataset dataset = compress(std::move(raw));
  // Start at alpha = beta = 1 (churn probability uniform on [0, 1]); both are scale-free.
  return fit<detail::SbgKernel>(ModelKind::sbg, dataset, options, Eigen::VectorXd::Zero(2), Eigen::VectorXd::Zero(2));
}

FitResult bg_bb::fit(std::span<const bg_bb::OpportunityHistory> customers, const FitOptions& options) {
  bg_bb::validate_histories(customers);
  std::vector<RawRow> raw;
  raw.reserve(customers.size());
  double opportunities = 0.0;
  for (const bg_bb::OpportunityHistory& c : customers) {
    raw.push_back({c.frequency, c.recency, c.periods, c.weight});
    opportunities += c.weight * c.periods;
  }
  if (!(opportunities > 0.0)) {
    // Every likelihood is 1 whatever the parameters: the fit would return its starting point.
    throw data_error("no customer has had an opportunity after the first purchase (every periods is 0): the BG/BB "
                     "model cannot be fitted (from a log: a shorter --unit, or a later --observation-end)");
  }
  const Dataset dataset = compress(std::move(raw));
  return fit<detail::BgbbKernel>(ModelKind::bg_bb, dataset, options, Eigen::VectorXd::Zero(4),
                                 Eigen::VectorXd::Zero(4));
}

}  // namespace clv::models
