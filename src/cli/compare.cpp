// `clv compare`: fits several purchase models to the same summary (or log) and shows which one
// fits this business best: log-likelihood, AIC, BIC and, with a holdout period, the accuracy of
// the holdout predictions.
#include "commands.hpp"
#include "options.hpp"

#include "clv/error.hpp"
#include "clv/io/model_comparison_json.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/model_comparison.hpp"

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace clv::cli {

namespace {

struct CompareCommandOptions {
  TableArguments table;
  LogArguments log;
  std::string unit;
  bool quiet = false;
  OutputOptions output;
  std::vector<std::string> models{"bgnbd", "pnbd", "mbgnbd"};
  double penalizer = 0.0;
  std::string penalty = "log-parameters";
  int max_frequency = 7;
  unsigned threads = 0;
};

std::string parameters_text(const models::FitResult& fit) {
  const auto names = models::parameter_names(fit.kind);
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < fit.parameters.size(); ++i) {
    text += fmt::format("{}{} {:.4f}", i == 0 ? "" : ", ", names[i], fit.parameters[i]);
  }
  return text;
}

void write_tables(const ModelComparison& comparison, const CompareCommandOptions& options, io::Output& output) {
  const io::OutputFormat format = io::parse_output_format(options.output.format);
  const bool holdout = !comparison.models.empty() && comparison.models.front().holdout.has_value();
  std::vector<io::Column> columns{
      io::Column{"model", io::ColumnType::text},
      io::Column{"parameters", io::ColumnType::text},
      io::Column{"log_likelihood", io::ColumnType::number, 4},
      io::Column{"parameter_count", io::ColumnType::number, 0},
      io::Column{"aic", io::ColumnType::number, 2},
      io::Column{"bic", io::ColumnType::number, 2},
  };
  if (holdout) {
    columns.push_back(io::Column{"holdout_actual", io::ColumnType::number, 2});
    columns.push_back(io::Column{"holdout_predicted", io::ColumnType::number, 2});
    columns.push_back(io::Column{"mae", io::ColumnType::number, 4});
    columns.push_back(io::Column{"rmse", io::ColumnType::number, 4});
  }
  const auto writer = io::make_row_writer(format, output);
  writer->begin("models", columns, "Purchase models fitted to the same customers");
  for (const ModelScore& score : comparison.models) {
    std::vector<io::Cell> cells{std::string(models::model_name(score.fit.kind)), parameters_text(score.fit),
                                score.fit.log_likelihood, static_cast<double>(score.parameter_count), score.aic,
                                score.bic};
    if (score.holdout) {
      cells.push_back(score.holdout->actual_total);
      cells.push_back(score.holdout->predicted_total);
      cells.push_back(score.holdout->mean_absolute_error);
      cells.push_back(score.holdout->root_mean_squared_error);
    }
    writer->row(cells);
  }
  std::vector<io::SummaryItem> winners;
  for (const ComparisonWinner& winner : comparison.winners) {
    winners.push_back(io::SummaryItem{"best_" + winner.criterion, "Best by " + winner.criterion,
                                      std::string(models::model_name(winner.model))});
  }
  writer->end(winners);
  // People reading a table also get the holdout error per calibration frequency (as `clv diagnose`);
  // csv and tsv stay one table.
  if (holdout && (format == io::OutputFormat::table || format == io::OutputFormat::markdown)) {
    output.write("\n");  // a blank line between the two tables
    const auto groups = io::make_row_writer(format, output);
    groups->begin("groups",
                  {io::Column{"model", io::ColumnType::text}, io::Column{"frequency_cal", io::ColumnType::text},
                   io::Column{"customers", io::ColumnType::number, 0},
                   io::Column{"actual_holdout", io::ColumnType::number, 4},
                   io::Column{"predicted_holdout", io::ColumnType::number, 4},
                   io::Column{"difference", io::ColumnType::number, 4}},
                  "Mean repeat transactions in the holdout, by calibration repeat transactions");
    for (const ModelScore& score : comparison.models) {
      for (const HoldoutGroup& group : score.holdout->groups) {
        groups->row({std::string(models::model_name(score.fit.kind)),
                     fmt::format("{}{}", group.frequency, group.or_more ? "+" : ""), group.customers, group.actual,
                     group.predicted, group.predicted - group.actual});
      }
    }
    groups->end();
  }
}

void run_compare(const CompareCommandOptions& options) {
  std::vector<models::ModelKind> kinds;
  for (const std::string& name : options.models) {
    const auto kind = models::parse_model_kind(name);
    if (!kind) {
      throw usage_error(fmt::format("--models: '{}' is not a purchase model (bgnbd, pnbd or mbgnbd)", name));
    }
    kinds.push_back(*kind);
  }
  if (!(options.penalizer >= 0.0) || !std::isfinite(options.penalizer)) {
    throw usage_error(fmt::format("--penalizer must be a non-negative number, not {}", options.penalizer));
  }
  const SummaryTable summary =
      read_summary_input(options.table, options.log, requested_unit(options.unit), std::nullopt, options.quiet);
  models::FitOptions fit_options;
  fit_options.penalizer = options.penalizer;
  fit_options.penalty_scale =
      options.penalty == "parameters" ? models::PenaltyScale::parameters : models::PenaltyScale::log_parameters;
  fit_options.threads = options.threads;
  const ModelComparison comparison = compare_models(summary, kinds, fit_options, options.max_frequency);
  io::Output output(options.output.path);
  if (io::parse_output_format(options.output.format) == io::OutputFormat::json) {
    output.write(io::model_comparison_json(comparison));
  } else {
    write_tables(comparison, options, output);
  }
  output.commit();
}

}  // namespace

void add_compare_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<CompareCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->footer(
      "Fits each model to the same customers: log-likelihood, AIC, BIC (lower is better) and, when the\n"
      "input has a holdout period (a log with --calibration-end, or a calibration/holdout summary), the\n"
      "holdout's actual vs predicted repeat transactions, per-customer MAE and RMSE, and the error by\n"
      "calibration frequency. Example:\n"
      "  clv compare orders.csv --models bgnbd,pnbd,mbgnbd --unit weeks --calibration-end 2024-06-30");
  add_summary_file_options(*command, options->table, options->log, options->unit, KeepOption::omit);
  command->add_option("--models", options->models, "Purchase models to compare, comma-separated (default bgnbd,pnbd,mbgnbd)")
      ->delimiter(',')
      ->option_text("LIST");
  command->add_option("--penalizer", options->penalizer, "L2 penalty on the log-parameters, as in `clv fit` (default 0)")
      ->option_text("L");
  command->add_option("--penalty", options->penalty,
                      "What --penalizer pulls in, as in `clv fit`: log-parameters (towards 1, the default) or "
                      "parameters (towards 0, lifetimes' penalizer_coef)")
      ->check(CLI::IsMember({"log-parameters", "parameters"}))
      ->option_text("ON");
  command->add_option("--max-frequency", options->max_frequency,
                      "Holdout groups: the last is this many calibration transactions or more (default 7)")
      ->check(CLI::Range(1, 1000));
  add_threads_option(*command, options->threads);
  add_quiet_option(*command, options->quiet);
  add_output_options(*command, options->output);
  command->callback([options] { naming_input(options->table.path, [&] { run_compare(*options); }); });
}

}  // namespace clv::cli
