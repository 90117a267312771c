#pragma once
// `clv compare --format json`: the comparison as one nested object,
//   {"models": [{"model": "bgnbd", "log_likelihood": ..., "parameters": {"r": ..., ...},
//                "parameter_count": 4, "aic": ..., "bic": ...,
//                "holdout": {"actual_total": ..., "predicted_total": ..., "mae": ..., "rmse": ...,
//                            "groups": [{"frequency_cal": "0", "customers": ..., "actual": ...,
//                                        "predicted": ...}, ...]}}, ...],
//    "winners": {"log_likelihood": "bgnbd", "aic": ..., ...}}
// "holdout" is null without a holdout period. Numbers as the shortest text that reads back exactly.

#include "clv/model_comparison.hpp"

#include <string>

namespace clv::io {

[[nodiscard]] std::string model_comparison_json(const ModelComparison& comparison);

}  // namespace clv::io
