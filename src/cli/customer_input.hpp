#pragma once
// Reading the customer file named on the command line, shared by value, project and validate;
// and, with --model, building the customers from a summary or a transaction log and fitted
// models instead (clv/forecast_customers.hpp), shared by value and project.

#include "common.hpp"
#include "model_input.hpp"

#include "clv/forecast_customers.hpp"

#include "clv/customer.hpp"
#include "clv/problem_sink.hpp"

#include <optional>
#include <string>

namespace clv::cli {

[[nodiscard]] CustomerSet load_customers(const std::string& path, const DelimiterOptions& delimiter,
                                         const ProblemSink* sink = nullptr);

// The options that turn `FILE` into forecast customers. Without --model, FILE is a customer
// file read by load_customers.
struct CustomerSourceOptions {
  std::string model_path;        // --model: purchase model file
  std::string spend_model_path;  // --spend-model: Gamma-Gamma model file
  std::string attributes_path;   // --attributes
  double service_cost = 0.0;     // per year
  double margin = 1.0;
  std::optional<double> average_purchase;
  std::optional<double> year_length;
  SummaryInputOptions input;     // unit, log options (path and delimiter are copied in)
};

// Adds --model, --spend-model, --attributes, --margin, --year-length, --unit, the log options
// and, unless the command has its own (`clv value`'s one-off customer), --service-cost and
// --average-purchase.
enum class FormulaOptions { add, omit };
void add_customer_source_options(CLI::App& command, CustomerSourceOptions& options,
                                 FormulaOptions formula = FormulaOptions::add);

// Whether --model was given.
[[nodiscard]] bool has_model(const CustomerSourceOptions& options) noexcept;

// The customers of `path`: load_customers without --model; otherwise the summary or log at
// `path` forecast for `years` years as ledgers (project) or formula customers (value).
[[nodiscard]] CustomerSet load_customer_source(const std::string& path, const DelimiterOptions& delimiter,
                                               const CustomerSourceOptions& options, int years, CustomerView view);

}  // namespace clv::cli
