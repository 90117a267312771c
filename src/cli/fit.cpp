// `clv fit`: fits a purchase model (BG/NBD, Pareto/NBD, MBG/NBD) or the Gamma-Gamma spend model
// to a per-customer summary, prints the estimates and fit statistics, and saves the model file
// that `clv predict` and `clv diagnose` read.
#include "commands.hpp"
#include "discrete_models.hpp"
#include "option_range.hpp"
#include "options.hpp"
#include "progress.hpp"

#include "clv/error.hpp"
#include "clv/io/model_file.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/models/gamma_gamma.hpp"
#include "clv/models/model.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

namespace clv::cli {

namespace {

struct FitCommandOptions {
  TableArguments table;
  LogArguments log;
  std::string unit;
  bool quiet = false;
  OutputOptions output;
  std::string model;
  std::string save_path;
  double penalizer = 0.0;
  std::string penalty = "log-parameters";
  int max_iterations = 1000;
  unsigned threads = 0;
  std::optional<std::string> cohort;  // sBG cohort tables
};

models::FitResult fit(models::ModelKind kind, const SummaryTable& summary, const models::FitOptions& options,
                      const std::string& source) {
  if (kind == models::ModelKind::gamma_gamma) {
    // Gamma-Gamma describes the spend of repeat purchases: customers without any carry no
    // information about it.
    // The customer's line and the field (a summary made from a log has no lines: the customer's id).
    if (!summary.has_amounts) {
      throw data_error("the log has no amount column: a Gamma-Gamma fit needs the purchase amounts",
                       Location{source, 1, 0, "amount"});
    }
    naming_input(source, [&] { require_positive_spend(summary); });
    std::vector<models::SpendHistory> spend;
    for (const CustomerSummary& customer : summary.customers) {
      if (customer.frequency <= 0.0) {
        continue;
      }
      spend.push_back(models::SpendHistory{customer.frequency, customer.monetary_value, customer.weight});
    }
    if (spend.empty()) {
      throw data_error("no customer has repeat purchases: Gamma-Gamma cannot be fitted", Location{source});
    }
    return models::fit_spend_model(spend, options);
  }
  std::vector<models::PurchaseHistory> histories;
  histories.reserve(summary.customers.size());
  for (const CustomerSummary& customer : summary.customers) {
    histories.push_back(models::PurchaseHistory{customer.frequency, customer.recency, customer.age, customer.weight});
  }
  return models::fit_purchase_model(kind, histories, options);
}

// The gradient norm is tiny (1e-12): a number in csv/tsv/json (as in the model file), shown as
// "1.2e-12" in a table, whose fixed decimals would print 0. Absent (an old model file): empty.
io::Cell gradient_norm_cell(double gradient_norm, io::OutputFormat format) {
  if (!std::isfinite(gradient_norm)) {
    return format == io::OutputFormat::table || format == io::OutputFormat::markdown ? io::Cell{std::string("unknown")}
                                                                                      : io::Cell{};
  }
  if (format == io::OutputFormat::table || format == io::OutputFormat::markdown) {
    return io::Cell{fmt::format("{:.1e}", gradient_norm)};
  }
  return io::Cell{gradient_norm};
}

void print(const io::ModelFile& model, const FitCommandOptions& options, io::Output& output) {
  const models::FitResult& result = model.fit;
  const io::OutputFormat format = io::parse_output_format(options.output.format);
  const auto writer = io::make_row_writer(format, output);
  const std::vector<std::string> names = models::parameter_names(result.kind);
  writer->begin("parameters",
                {io::Column{"parameter", io::ColumnType::text},
                 io::Column{"estimate", io::ColumnType::number, 6},
                 io::Column{"standard_error", io::ColumnType::number, 6}},
                fmt::format("{} fit", models::model_display_name(result.kind)));
  for (std::size_t i = 0; i < names.size(); ++i) {
    io::Cell error;
    if (i < result.standard_errors.size() && std::isfinite(result.standard_errors[i])) {
      error = result.standard_errors[i];
    }
    writer->row({names[i], result.parameters[i], error});
  }
  writer->end({
      io::SummaryItem{"model", "Model", std::string(models::model_name(result.kind))},
      io::SummaryItem{"log_likelihood", "Log-likelihood", result.log_likelihood, 4},
      io::SummaryItem{"iterations", "Iterations", static_cast<double>(result.iterations), 0},
      io::SummaryItem{"converged", "Converged", result.converged ? 1.0 : 0.0, 0, io::ColumnType::flag},
      io::SummaryItem{"gradient_norm", "Gradient norm", gradient_norm_cell(result.gradient_norm, format)},
      io::SummaryItem{"customers", "Customers", result.customers, 0},
      io::SummaryItem{"rows", "Rows", static_cast<double>(result.rows), 0},
      io::SummaryItem{"penalizer", "Penalizer", model.penalizer, 6},
      io::SummaryItem{"penalty", "Penalty on",
                      std::string(model.penalty_scale == models::PenaltyScale::parameters ? "parameters"
                                                                                           : "log-parameters")},
      io::SummaryItem{"time_unit", "Time unit",
                      model.unit           ? io::Cell{std::string(time_unit_name(*model.unit))}
                      : is_discrete(result.kind) ? io::Cell{std::string("periods")}  // sBG, BG/BB
                                                 : io::Cell{std::string("summary units")}},
  });
}

void run_fit(const FitCommandOptions& options) {
  const auto kind = models::parse_model_kind(options.model);
  if (!kind) {
    throw usage_error(fmt::format("--model must be bgnbd, pnbd, mbgnbd, gg, sbg or bgbb, not '{}'", options.model));
  }
  if (!(options.penalizer >= 0.0) || !std::isfinite(options.penalizer)) {
    throw usage_error(fmt::format("--penalizer must be a non-negative number, not {}", options.penalizer));
  }
  models::FitOptions fit_options;
  fit_options.progress = terminal_progress();
  fit_options.penalizer = options.penalizer;
  fit_options.penalty_scale =
      options.penalty == "parameters" ? models::PenaltyScale::parameters : models::PenaltyScale::log_parameters;
  fit_options.max_iterations = options.max_iterations;
  fit_options.threads = options.threads;

  io::require_distinct_outputs(options.save_path, options.output.path, "--save and -o");
  io::ModelFile model;
  if (is_discrete(*kind)) {
    // sBG and BG/BB read their own inputs (discrete_models.cpp); their time unit is the period.
    std::vector<CohortFit> fits = fit_discrete_model(*kind, options.table, options.log, options.unit, options.cohort, fit_options);
    if (fits.size() > 1) {
      if (!options.save_path.empty()) {
        throw usage_error(fmt::format("{} holds {} cohorts: --save writes one model, pick its cohort with --cohort",
                                      options.table.path, fits.size()));
      }
      print_cohort_fits(fits, options.output);
      return;
    }
    model.fit = std::move(fits.front().fit);
  } else {
    if (options.cohort) {
      throw usage_error("--cohort is for sBG cohort tables (--model sbg)");
    }
    // Gamma-Gamma also fits the spend column of a BG/BB opportunities file (discrete_models.cpp).
    const SummaryTable summary =
        *kind == models::ModelKind::gamma_gamma
            ? spend_summary(options.table, options.log, options.unit, options.quiet)
            : read_summary_input(options.table, options.log, requested_unit(options.unit), std::nullopt,
                                 options.quiet);
    const std::string source = options.table.path.empty() || options.table.path == "-" ? "standard input" : options.table.path;
    model.fit = fit(*kind, summary, fit_options, source);
    model.unit = summary.unit;
    model.observation_end = summary.observation_end;
    if (*kind == models::ModelKind::gamma_gamma && model.fit.converged) {
      // A converged fit with q <= 1 is no model of spend at all: refuse it here, in words, rather
      // than save a file that would make predict/value/project print nan.
      if (const auto problem = models::gamma_gamma::infinite_mean_problem(
              {model.fit.parameters[0], model.fit.parameters[1], model.fit.parameters[2]})) {
        throw data_error(fmt::format("the Gamma-Gamma fit converged, but {}", *problem),
                         Location{source, 0, 0, "monetary_value"});
      }
    }
  }
  model.penalizer = options.penalizer;
  model.penalty_scale = fit_options.penalty_scale;
  if (!model.fit.converged) {
    std::fprintf(stderr, "clv: warning: the optimiser stopped after %d iterations without converging\n",
                 model.fit.iterations);
  }
  if (model.fit.standard_errors.empty()) {
    std::fprintf(stderr,
                 "clv: warning: no standard errors (the information matrix is singular): the data do not pin "
                 "the parameters down; treat the estimates with suspicion\n");
  }
  // The model file and the table are committed together: if either cannot be written (exit
  // 73), neither is left behind as if all went well.
  std::optional<io::Output> saved;
  if (!options.save_path.empty()) {
    saved.emplace(options.save_path);
    saved->write(io::model_to_json(model));
  }
  io::Output output(options.output.path);
  print(model, options, output);
  if (saved) {
    io::commit_outputs({&*saved, &output});
  } else {
    output.commit();
  }
}

}  // namespace

void add_fit_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<FitCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->footer(
      "Prints the estimates with standard errors and the fit statistics; --save writes the model file\n"
      "for `clv predict` and `clv diagnose`. Example:\n"
      "  clv fit customers.csv --model bgnbd --unit weeks --save bgnbd.json\n"
      "  clv fit customers.csv --model gg --save gg.json\n"
      "The input is a per-customer summary, or a transaction log summarised in memory as `clv rfm`\n"
      "does (detected by --log, a log option, or a 'date' column; see docs/models-cli.md):\n"
      "  clv fit orders.csv --model bgnbd --unit weeks --save bgnbd.json\n"
      "Discrete-time models (docs/models.md):\n"
      "  clv fit examples/retention-cohorts.csv --model sbg --cohort regular --save sbg.json\n"
      "  clv fit donations.csv --model bgbb --save bgbb.json");
  add_summary_file_options(*command, options->table, options->log, options->unit, KeepOption::omit,
                           UnitChoice::opportunities);
  command->add_option("-m,--model", options->model,
                      "Model to fit: bgnbd, pnbd, mbgnbd, gg (Gamma-Gamma spend), sbg (contract renewals: a cohort "
                      "table period,alive or customer_id,tenure,churned) or bgbb (discrete opportunities: "
                      "customer_id,frequency,recency,periods [,count])")
      ->required()
      ->check(CLI::IsMember({"bgnbd", "pnbd", "mbgnbd", "gg", "sbg", "bgbb"}));
  command->add_option("--cohort", options->cohort, "sbg: the cohort to fit, in a table with a cohort column")
      ->option_text("NAME");
  command->add_option("-s,--save", options->save_path, "Write the fitted model (JSON) to FILE, atomically")
      ->option_text("FILE");
  in_range(command->add_option("--penalizer", options->penalizer,
                               "L2 penalty on the log-parameters (default 0: plain maximum likelihood)"),
           numbers(0, 1e6))
      ->option_text("L");
  command->add_option("--penalty", options->penalty,
                      "What --penalizer pulls in: log-parameters (towards 1, the default) or parameters (towards 0, "
                      "lifetimes' penalizer_coef)")
      ->check(CLI::IsMember({"log-parameters", "parameters"}))
      ->option_text("ON");
  in_range(command->add_option("--max-iterations", options->max_iterations, "Optimiser iteration limit (default 1000)"),
           whole_numbers(1, 1000000));
  in_range(command->add_option("-j,--threads", options->threads, "Threads for the likelihood (default: one per core)"),
           thread_counts());
  add_quiet_option(*command, options->quiet);
  add_output_options(*command, options->output);
  command->callback([options] { naming_input(options->table.path, [&] { run_fit(*options); }); });
}

}  // namespace clv::cli
