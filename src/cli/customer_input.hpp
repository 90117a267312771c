#pragma once
// Reading the customer file named on the command line, shared by value, project and validate;
// and, with --model, building the customers from a summary or a transaction log and fitted
// models instead (clv/forecast_customers.hpp), shared by value, project, rank and report.

#include "common.hpp"
#include "model_input.hpp"

#include "clv/forecast_customers.hpp"

#include "clv/customer.hpp"
#include "clv/io/model_file.hpp"
#include "clv/problem_sink.hpp"
#include "clv/summary.hpp"

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

// Adds -m/--model, -s/--spend-model, --attributes, --margin, --year-length, --unit, the log options
// and, unless the command has its own (`clv value`'s one-off customer), --service-cost and
// --average-purchase.
enum class FormulaOptions { add, omit };
void add_customer_source_options(CLI::App& command, CustomerSourceOptions& options,
                                 FormulaOptions formula = FormulaOptions::add);

// Whether --model was given.
[[nodiscard]] bool has_model(const CustomerSourceOptions& options) noexcept;

// Throws a usage error when an option that only means something with --model was given
// without it.
void refuse_model_options_without_model(const CustomerSourceOptions& options);

// What forecast customers are computed from, read once (`clv report` also computes its at-risk
// list from the same summary and models).
struct ForecastSources {
  SummaryTable summary;  // its unit is the model's when the file does not say
  io::ModelFile purchase;
  std::optional<io::ModelFile> spend;
  std::optional<AttributeTable> attributes;
  std::string source;  // FILE's name in messages ("standard input" for '-')
};

// Reads the models, the summary or log at `path` and the attributes (needs --model).
[[nodiscard]] ForecastSources load_forecast_sources(const std::string& path, const DelimiterOptions& delimiter,
                                                    const CustomerSourceOptions& options);

// The customers forecast from `sources` for `years` years, as ledgers (project, report) or
// formula customers (value, rank).
[[nodiscard]] CustomerSet forecast_source_customers(const ForecastSources& sources,
                                                    const CustomerSourceOptions& options, int years,
                                                    CustomerView view);

// The customers of `path`: load_customers without --model; otherwise the summary or log at
// `path` forecast for `years` years as ledgers (project) or formula customers (value).
[[nodiscard]] CustomerSet load_customer_source(const std::string& path, const DelimiterOptions& delimiter,
                                               const CustomerSourceOptions& options, int years, CustomerView view);

}  // namespace clv::cli
