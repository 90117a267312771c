#pragma once
// The fitted-model file written by `clv fit --save` and read by `clv predict` and
// `clv diagnose`: JSON, self-describing, numbers written with 17 significant digits so that a
// model read back predicts exactly what the fitted one did.
//
//   {"clv_model": 1, "model": "bgnbd",
//    "parameters": {"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43},
//    "standard_errors": {...} or null, "covariance": [[...], ...] or null,
//    "log_likelihood": -9582.43, "iterations": 31, "converged": true, "gradient_norm": 3e-13,
//    "time_unit": "weeks" or null, "observation_end": "1997-09-30" or null,
//    "customers": 2357, "rows": 2357, "penalizer": 0, "penalty": "log_parameters"}

#include "clv/models/model.hpp"
#include "clv/summary.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace clv::io {

inline constexpr int k_model_file_version = 1;

struct ModelFile {
  models::FitResult fit;
  std::optional<TimeUnit> unit;               // absent: "the summary's units", whatever they were
  std::optional<std::string> observation_end;  // "YYYY-MM-DD" when known
  double penalizer = 0.0;
  models::PenaltyScale penalty_scale = models::PenaltyScale::log_parameters;  // "penalty": "log_parameters"/"parameters"
};

// The JSON text of `model` (one object, keys in the order above, ending in a newline).
[[nodiscard]] std::string model_to_json(const ModelFile& model);

// Parses and validates a model file's text; `name` is used in messages. Throws clv::Error
// (data_error, exit 65) for malformed JSON, a missing or unknown "clv_model" version or
// "model" kind, missing or extra parameters, and parameters that are not finite and positive.
[[nodiscard]] ModelFile parse_model_json(std::string_view text, const std::string& name);

// Reads `path` (exit 66 if it cannot be opened) and parses it.
[[nodiscard]] ModelFile read_model_file(const std::string& path);

// Writes `model` to `path` atomically (exit 73 if it cannot be written).
void write_model_file(const ModelFile& model, const std::string& path);

// What a command needs a model for.
enum class ModelRole {
  purchase,  // BG/NBD, Pareto/NBD, MBG/NBD: transactions and probability alive
  spend,     // Gamma-Gamma: average purchase value
  contract,  // sBG: survival and renewals of contracts
  discrete_purchase,  // BG/BB: purchases at discrete opportunities
};

// Throws clv::Error (usage, exit 64) naming `name` when `model` cannot play `role`, e.g. a
// Gamma-Gamma model given to --model where a purchase model is required, or an sBG model where
// a BG/NBD is.
void require_role(const ModelFile& model, ModelRole role, const std::string& name);

// Throws clv::Error (usage, exit 64) when `requested` (from --unit) and the model's unit are both
// known and differ: predictions in days from a model fitted in weeks would be silently wrong.
void require_unit(const ModelFile& model, std::optional<TimeUnit> requested, const std::string& name);

}  // namespace clv::io
