#pragma once
// The forecasting models of Fader, Hardie et al., behind one small interface:
//  - purchase models (BG/NBD, Pareto/NBD, MBG/NBD): how many repeat purchases a customer makes
//    and whether they are still "alive", from (frequency, recency, age),
//  - the Gamma-Gamma spend model: a customer's expected average purchase,
//  - the discrete-time models, with their own headers: sBG (contract renewals, sbg.hpp) and
//    BG/BB (one purchase opportunity per period, bg_bb.hpp).
// Parameters are kept in the papers' order and symbols (r, alpha, a, b ...), which appear only
// inside src/models/. Everything here is a pure function of its arguments.

#include "clv/progress.hpp"

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clv::models {

enum class ModelKind { bg_nbd, pareto_nbd, mbg_nbd, gamma_gamma, sbg, bg_bb };

// Command-line names: "bgnbd", "pnbd", "mbgnbd", "gg", "sbg", "bgbb".
[[nodiscard]] std::string_view model_name(ModelKind kind) noexcept;
// The name people know the model by, for titles and reports ("BG/NBD", "Gamma-Gamma", "sBG").
[[nodiscard]] std::string_view model_display_name(ModelKind kind) noexcept;
[[nodiscard]] std::optional<ModelKind> parse_model_kind(std::string_view name) noexcept;
// Parameter names in order: {"r","alpha","a","b"}, {"r","alpha","s","beta"}, {"p","q","gamma"},
// {"alpha","beta"} (sBG), {"alpha","beta","gamma","delta"} (BG/BB).
[[nodiscard]] std::vector<std::string> parameter_names(ModelKind kind);

// One customer's repeat purchases in the model's time unit. `weight` counts identical customers.
struct PurchaseHistory {
  double frequency = 0.0;  // x
  double recency = 0.0;    // t_x
  double age = 0.0;        // T
  double weight = 1.0;
};

// One customer's repeat spending, for Gamma-Gamma (customers with frequency > 0 only).
struct SpendHistory {
  double frequency = 0.0;      // x
  double average_spend = 0.0;  // mean amount of the x repeat purchases (z-bar)
  double weight = 1.0;
};

// What --penalizer penalises. log_parameters: penalizer * sum(log(parameter)^2), pulling every
// parameter towards 1 whatever its scale (clv's default). parameters: penalizer *
// sum(parameter^2), pulling them towards 0, as lifetimes' penalizer_coef does.
enum class PenaltyScale { log_parameters, parameters };

struct FitOptions {
  double penalizer = 0.0;     // L2 penalty (see PenaltyScale), added to the mean negative log-likelihood
  PenaltyScale penalty_scale = PenaltyScale::log_parameters;
  int max_iterations = 1000;
  unsigned threads = 0;       // 0: one per core
  ProgressSink* progress = nullptr;  // told the likelihood evaluations so far; none: not told
};

struct FitResult {
  ModelKind kind = ModelKind::bg_nbd;
  std::vector<double> parameters;        // in parameter_names() order
  std::vector<double> standard_errors;   // from the observed information; empty if singular
  std::vector<std::vector<double>> covariance;  // of the parameters; empty if singular
  double log_likelihood = 0.0;           // at the estimate, without the penalty
  int iterations = 0;
  bool converged = false;
  // Euclidean norm of the gradient of the mean penalised negative log-likelihood per customer,
  // in log-parameters, at the estimate: how close to the optimum the fit stopped (NaN: unknown,
  // e.g. a model file written before it was recorded).
  double gradient_norm = std::numeric_limits<double>::quiet_NaN();
  double customers = 0.0;                // sum of the weights
  std::size_t rows = 0;                  // distinct rows fitted
};

// Maximum likelihood fit of a purchase model. Throws clv::Error (data_error) for invalid
// histories (negative or non-finite values, recency > age, frequency 0 with recency > 0, no
// customers, no repeat purchases at all) and when the optimiser cannot converge.
[[nodiscard]] FitResult fit_purchase_model(ModelKind kind, std::span<const PurchaseHistory> data,
                                           const FitOptions& options = {});
// Maximum likelihood fit of Gamma-Gamma on customers with repeat purchases (same errors).
[[nodiscard]] FitResult fit_spend_model(std::span<const SpendHistory> data,
                                        const FitOptions& options = {});

// Sum over `data` of weight x log-likelihood at `parameters` (no penalty).
[[nodiscard]] double log_likelihood(ModelKind kind, std::span<const double> parameters,
                                    std::span<const PurchaseHistory> data);
[[nodiscard]] double spend_log_likelihood(std::span<const double> parameters,
                                          std::span<const SpendHistory> data);

// What a purchase model says about one customer over the next `horizon` time units.
struct PurchaseForecast {
  double expected_transactions = 0.0;  // E[Y(horizon) | x, t_x, T]
  double probability_alive = 0.0;      // P(alive | x, t_x, T)
  // E[Y(horizon) | alive, x, T], computed directly: finite even where P(alive) underflows to 0.
  double expected_transactions_if_alive = 0.0;
};
[[nodiscard]] PurchaseForecast forecast(ModelKind kind, std::span<const double> parameters,
                                        const PurchaseHistory& customer, double horizon);

// The two factors of forecast(): for BG/NBD, MBG/NBD and Pareto/NBD, E[Y(horizon) | x, t_x, T] =
// P(alive | x, t_x, T) x E[Y(horizon) | alive, x, T], and the second factor does not depend on
// the recency, so callers forecasting many customers compute it once per (frequency, age).
// forecast().expected_transactions is exactly forecast_if_alive(...) * probability_alive(...)
// (0 when P(alive) is 0).
[[nodiscard]] double expected_transactions_if_alive(ModelKind kind, std::span<const double> parameters,
                                                    double frequency, double age, double horizon);
[[nodiscard]] double probability_alive(ModelKind kind, std::span<const double> parameters,
                                       const PurchaseHistory& customer);

// expected_transactions_if_alive at increasing horizons (the ends of discounting periods), the
// same numbers as one call per horizon where the series is short, in time linear in their count
// (BG/NBD and MBG/NBD: hypergeometric.hpp, log_hyp2f1_path; Pareto/NBD is closed-form).
[[nodiscard]] std::vector<double> expected_transactions_if_alive_path(ModelKind kind,
                                                                     std::span<const double> parameters,
                                                                     double frequency, double age,
                                                                     std::span<const double> horizons);
// expected_transactions_new at increasing times, likewise.
[[nodiscard]] std::vector<double> expected_transactions_new_path(ModelKind kind, std::span<const double> parameters,
                                                                 std::span<const double> times);

// Expected repeat transactions of a new customer in (0, t]: E[X(t)].
[[nodiscard]] double expected_transactions_new(ModelKind kind, std::span<const double> parameters,
                                               double t);

// Gamma-Gamma: expected average purchase of a customer with `frequency` repeat purchases of mean
// `average_spend` (the conditional expectation); the population mean for frequency 0.
[[nodiscard]] double expected_average_spend(std::span<const double> parameters, double frequency,
                                            double average_spend);

}  // namespace clv::models
