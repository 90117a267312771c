#pragma once
// The input layer for forecasts: fitted model files, the summary or log they are applied to,
// and the attributes a model cannot know, read once and turned into the customers that value,
// project, rank and report compute on (clv/customers_from_models.hpp), or into the at-risk list.

#include "clv/at_risk_selection.hpp"
#include "clv/at_risk_inputs.hpp"
#include "clv/customer.hpp"
#include "clv/customers_from_models.hpp"
#include "clv/input/table.hpp"
#include "clv/io/input.hpp"
#include "clv/io/model_file.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clv::input {

// A model file named on the command line, read once: the first call reads and parses `path`,
// later calls with the same path give the records read then. A command looks at its model in
// several steps (which kind it is, then the forecast), and a pipe or process substitution
// (`--model <(...)`) can be read only once. Throws what io::read_model_file throws.
[[nodiscard]] const io::ModelFile& model_file(const std::string& path);

// The model file of `path` (model_file()), checked that it can play `role` and matches --unit
// (usage errors).
[[nodiscard]] io::ModelFile read_model(const std::string& path, io::ModelRole role, std::optional<TimeUnit> unit);

// The file of --attributes, opened: `clv segment --by` and `clv project --by` read it twice (the
// customers' attributes, then the columns to group by), so a pipe or process substitution is read
// once and its text kept for the second time; a regular file is opened again.
[[nodiscard]] std::unique_ptr<io::InputSource> open_attributes(const std::string& path);

// The attributes file of --attributes (customer_id, acquisition_cost, referred_by, name).
[[nodiscard]] AttributeTable read_attribute_file(const std::string& path);

// What turns a summary or log into forecast customers.
struct ModelOptions {
  std::string model_path;        // --model: purchase model file
  std::string spend_model_path;  // --spend-model: Gamma-Gamma model file (optional)
  std::string attributes_path;   // --attributes (optional)
  double service_cost = 0.0;     // per year
  double margin = 1.0;
  std::optional<double> average_purchase;
  std::optional<double> year_length;
  std::optional<TimeUnit> unit;  // --unit
  unsigned threads = 0;          // for the forecasts; 0: one per core
};

struct ForecastSources {
  SummaryInput input;  // its unit is the model's when the file does not say
  io::ModelFile purchase;
  std::optional<io::ModelFile> spend;
  std::optional<AttributeTable> attributes;
};

// Reads the models, then FILE (a summary or a log, summarised in the model's unit), then the
// attributes. Throws a usage error when FILE's unit and the model's differ.
[[nodiscard]] ForecastSources read_forecast_sources(const TableOptions& table, const LogReading& log,
                                                    const ModelOptions& models);

// The forecast options forecast_source_customers uses (for intervals on the same customers).
[[nodiscard]] CustomerForecastOptions customer_forecast_options(const ModelOptions& models, int years,
                                                                CustomerView view);

// The customers forecast for `years` years, as ledgers (project, report) or formula customers
// (value, rank), with FILE's kept columns.
[[nodiscard]] CustomerSet forecast_source_customers(const ForecastSources& sources, const ModelOptions& models,
                                                    int years, CustomerView view);

// The at-risk selection: forecast options, selection and how many to list.
struct AtRiskChoice {
  AtRiskForecastOptions forecast;
  AtRiskOptions selection;
  std::size_t top = 0;  // 0: all
};

// The at-risk list of a summary and models already read. Day counts in `unit` (--unit), else the
// summary's, else the model's. Names from `names` (may be null), matched by id.
[[nodiscard]] std::vector<AtRiskCustomer> at_risk_customers(const SummaryTable& summary,
                                                            const io::ModelFile& purchase,
                                                            const io::ModelFile* spend, const AtRiskChoice& choice,
                                                            std::optional<TimeUnit> unit, const CustomerSet* names);

}  // namespace clv::input
