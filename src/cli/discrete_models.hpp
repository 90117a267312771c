#pragma once
// `clv fit` and `clv predict` for the discrete-time models, sBG (contracts) and BG/BB
// (opportunities): they read their own inputs (io/contract_reader.hpp, io/opportunity_reader.hpp)
// and write their own outputs. fit.cpp and predict.cpp hand over to these when the model is one
// of them.

#include "options.hpp"

#include "clv/customer.hpp"
#include "clv/customers_from_models.hpp"
#include "clv/io/model_file.hpp"
#include "clv/models/model.hpp"
#include "clv/summary.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clv::cli {

[[nodiscard]] bool is_discrete(models::ModelKind kind) noexcept;

// Reads the input (a cohort table or contracts for sBG; opportunities for BG/BB, or a
// transaction log cut into periods of --unit) and fits: one result, or one per cohort when a
// cohort table holds several and no --cohort is given.
struct CohortFit {
  std::string cohort;  // empty unless the table has a cohort column
  models::FitResult fit;
};
[[nodiscard]] std::vector<CohortFit> fit_discrete_model(models::ModelKind kind, const TableArguments& table,
                                                        const LogArguments& log, const std::string& unit,
                                                        const std::optional<std::string>& cohort,
                                                        const models::FitOptions& options);
// The fits of several cohorts, one row each.
void print_cohort_fits(const std::vector<CohortFit>& fits, const OutputOptions& output);

struct DiscretePredictOptions {
  std::optional<std::string> path;     // none: the sBG cohort projection (needs periods)
  TableArguments delimiter;      // -d/-t, --decimal-comma
  std::optional<int> periods;          // sBG: project periods 0..N
  std::optional<double> horizon;       // BG/BB: the next n* opportunities
  double discount_rate = 0.0;
  OutputOptions output;
  std::optional<int> distribution;     // BG/BB: columns p0 ... pK and p_more
  std::size_t top = 0;                 // --top N (0: every row)
  std::string spend_model_path;        // BG/BB: --spend-model, adds expected_average_spend and clv
  double margin = 1.0;                 // BG/BB with --spend-model
};
void predict_discrete(const io::ModelFile& model, const std::string& model_path, const DiscretePredictOptions& options);

// `clv diagnose` with an sBG model: actual (life-table) against predicted survival per period
// of the cohort table or contracts in `input`. Returns false, doing nothing, for other models.
[[nodiscard]] bool diagnose_contracts(const std::string& model_path, const TableArguments& table,
                                      const std::optional<std::string>& cohort, const OutputOptions& output);

// `clv diagnose` with a BG/BB model: mean holdout transactions against the model's, by
// calibration frequency (an opportunities file with frequency_holdout and periods_holdout).
// Returns false, doing nothing, for other models.
[[nodiscard]] bool diagnose_opportunities(const std::string& model_path, const TableArguments& table,
                                          int max_frequency, const OutputOptions& output);

// `clv value`, `clv project`, `clv rank` and `clv report` with an sBG model: with no FILE the
// cohort's typical new customer paying --revenue every period; with a contracts file
// (customer_id,tenure,churned) each customer from the next renewal on (clv/contract_value.hpp),
// with the names, referrers and acquisition costs of --attributes.
struct ContractValueOptions {
  std::optional<double> revenue;
  std::optional<double> acquisition_cost;
  double service_cost = 0.0;
  double margin = 1.0;
  std::optional<double> discount_rate;
  std::string attributes_path;
};
// The customers when `model_path` names an sBG model; nullopt otherwise (then --revenue is refused).
// With `ledger`, the same customers (FILE read once) as ledgers there too (the report ranks one
// view and projects the other).
[[nodiscard]] std::optional<CustomerSet> contract_customers(const std::string& model_path, const TableArguments& input,
                                                            const ContractValueOptions& options, CustomerView view,
                                                            int years, CustomerSet* ledger = nullptr);
// --revenue, --acquisition-cost and --discount-rate for a command that values customers with an
// sBG model (rank, report); margin, service cost and attributes are the model options'.
void add_contract_options(CLI::App& command, ContractValueOptions& options);
// `options` with the margin, service cost and attributes of the model options; refuses
// --acquisition-cost and --discount-rate when the model is not sBG.
[[nodiscard]] ContractValueOptions contract_options(const ContractValueOptions& options, const ModelArguments& models);
// Whether `model_path` names an sBG model (false when empty).
[[nodiscard]] bool is_contract_model(const std::string& model_path);

// `clv fit FILE --model gg`: the spend summary of FILE, a per-customer summary or log as for the
// other models, or a BG/BB opportunities file with monetary_value (its frequency and
// monetary_value), told apart by the header, read once (so standard input works too).
[[nodiscard]] SummaryTable spend_summary(const TableArguments& table, const LogArguments& log,
                                         const std::string& unit, bool quiet);

// `clv value`, `clv project` and `clv rank` with a BG/BB model: the customers of an
// opportunities file (clv/opportunity_forecast.hpp), valued with a fixed --average-purchase.
// nullopt, doing nothing, when `model_path` is not a BG/BB model. With `ledger`, the same
// customers (FILE read once) as ledgers there too.
struct OpportunityValueOptions {
  std::string model_path;
  std::string spend_model_path;
  std::optional<double> average_purchase;
  double margin = 1.0;
  double service_cost = 0.0;
  std::optional<double> year_length;  // opportunities per year
  std::string attributes_path;        // --attributes: names, referrers, acquisition costs
};
[[nodiscard]] std::optional<CustomerSet> opportunity_customers(const std::string& path, const TableArguments& delimiter,
                                                               const OpportunityValueOptions& options, int years,
                                                               CustomerView view, CustomerSet* ledger = nullptr);

}  // namespace clv::cli
