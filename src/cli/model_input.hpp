#pragma once
// Input plumbing shared by `clv fit`, `clv predict` and `clv diagnose`: the summary file, its
// time unit, and the fitted-model files.

#include "common.hpp"

#include "clv/io/model_file.hpp"
#include "clv/summary.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace clv::cli {

struct SummaryInputOptions {
  std::string path = "-";
  DelimiterOptions delimiter;
  std::string unit;  // empty: not stated
};

// Adds the SUMMARY positional, --delimiter/--tabs and --unit.
void add_summary_input_options(CLI::App& command, SummaryInputOptions& options);

// The --unit given, if any.
[[nodiscard]] std::optional<TimeUnit> requested_unit(const SummaryInputOptions& options);

// Reads the per-customer summary. This is the seam for raw transaction logs: when `clv rfm`'s
// summariser lands, a log given here (detected by its date column, or a --log flag) is to be
// summarised in memory before the models see it; today such a file is refused with a hint.
[[nodiscard]] SummaryTable load_summary(const SummaryInputOptions& options);

// Reads a model file and checks it can play `role` and matches --unit.
[[nodiscard]] io::ModelFile load_model(const std::string& path, io::ModelRole role,
                                       std::optional<TimeUnit> unit);

}  // namespace clv::cli
