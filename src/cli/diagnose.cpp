// `clv diagnose`: how well a purchase model fitted on a calibration period predicts the holdout
// period: actual vs predicted mean repeat transactions by number of calibration transactions.
#include "commands.hpp"
#include "discrete_models.hpp"
#include "option_range.hpp"
#include "options.hpp"

#include "clv/forecast_table.hpp"
#include "clv/error.hpp"
#include "clv/io/plural.hpp"
#include "clv/io/purchase_days.hpp"
#include "clv/io/table_writer.hpp"
#include "clv/rfm.hpp"
#include "clv/tracking.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace clv::cli {

namespace {

struct DiagnoseCommandOptions {
  TableArguments table;
  LogArguments log;
  std::string unit;
  bool quiet = false;
  OutputOptions output;
  std::string model_path;
  int max_frequency = 7;
  unsigned threads = 0;
  bool curve = false;
  double period = 1.0;
  std::optional<std::string> cohort;  // sBG cohort tables
  bool max_frequency_given = false;
};

// sBG and BG/BB diagnose their own file (contracts, a cohort table, opportunities): the log
// options and --unit, and with sBG --max-frequency, would change nothing.
void refuse_options_the_discrete_model_ignores(const DiagnoseCommandOptions& options, models::ModelKind kind) {
  const bool sbg = kind == models::ModelKind::sbg;
  refuse_unit_and_log_options(
      options.unit, options.log,
      sbg && options.max_frequency_given ? std::vector<std::string>{"--max-frequency"} : std::vector<std::string>{},
      fmt::format("not used with {} {}, whose FILE is {}", sbg ? "the sBG model" : "the BG/BB model",
                  options.model_path,
                  sbg ? "contracts or a cohort table" : "opportunities (customer_id,frequency,recency,periods)"));
}

// The tracking curve: repeat transactions per calendar period, actual vs expected.
void run_curve(const DiagnoseCommandOptions& options, const io::ModelFile& model) {
  require_input(options.table.path);
  const input::TableOptions table = table_options(options.table, &options.log);
  const input::LogReading log = log_reading(options.log);
  const TimeUnit unit = input::log_unit(requested_unit(options.unit), input::ModelUnit{model.unit, options.model_path});
  const RfmOptions rfm = input::log_options(table, log, unit);
  io::PurchaseDays days;
  std::string source;
  if (log.is_log) {
    const auto file = io::open_input(table.path);
    source = file->name();
    days = io::read_purchase_days(*file, rfm.log, rfm.observation_end);
  } else {
    input::OpenedTable opened = input::open_table(table);
    source = opened.name;
    if (!input::is_log_table(opened, log)) {
      throw usage_error(fmt::format("--curve needs a transaction log (the calendar time of each purchase); {} is {}: "
                                    "give the log, with --log if it is not recognised",
                                    opened.name, input::describe(opened.kind)));
    }
    days = io::read_purchase_days(*opened.input, rfm.log, rfm.observation_end);
  }
  if (days.rows_after_end > 0 && !options.quiet) {
    std::fprintf(stderr, "clv: warning: %s: left out %llu purchase%s after the observation end\n", source.c_str(),
                 static_cast<unsigned long long>(days.rows_after_end), days.rows_after_end == 1 ? "" : "s");
  }
  TrackingOptions tracking;
  tracking.unit_days = unit_days(unit);
  tracking.period = options.period;
  tracking.end = rfm.observation_end.value_or(days.last_day);
  tracking.calibration_end = rfm.calibration_end;
  const TrackingCurve curve = tracking_curve(model.fit, days, tracking);

  io::Output output(options.output.path);
  const auto writer = io::make_row_writer(io::parse_output_format(options.output.format), output);
  writer->begin("periods",
                {io::Column{"period", io::ColumnType::number, 0}, io::Column{"start", io::ColumnType::text},
                 io::Column{"phase", io::ColumnType::text}, io::Column{"actual", io::ColumnType::number, 0},
                 io::Column{"expected", io::ColumnType::number, 2},
                 io::Column{"cumulative_actual", io::ColumnType::number, 0},
                 io::Column{"cumulative_expected", io::ColumnType::number, 2}},
                fmt::format("Repeat transactions per period of {}, actual vs expected",
                            io::counted(options.period, io::format_plain(options.period, 4),
                                        io::singular_unit(time_unit_name(unit)), time_unit_name(unit))));
  for (const TrackingPeriod& period : curve.periods) {
    writer->row({static_cast<double>(period.period), io::format_day(period.start),
                 std::string(period.holdout ? "holdout" : "calibration"), period.actual, period.expected,
                 period.cumulative_actual, period.cumulative_expected});
  }
  const TrackingPeriod& last = curve.periods.back();
  writer->end({
      io::SummaryItem{"customers", "Customers", curve.customers, 0},
      io::SummaryItem{"cumulative_actual", "Repeat transactions", last.cumulative_actual, 0},
      io::SummaryItem{"cumulative_expected", "Expected repeat transactions", last.cumulative_expected, 2},
      io::SummaryItem{"time_unit", "Time unit", std::string(time_unit_name(unit))},
  });
  output.commit();
}

void run_diagnose(const DiagnoseCommandOptions& options) {
  if (!options.curve && options.period != 1.0) {
    throw usage_error("--period is the length of the tracking curve's periods: add --curve or leave it out");
  }
  const models::ModelKind kind = input::model_file(options.model_path).fit.kind;
  if (options.curve && is_discrete(kind)) {
    throw usage_error("--curve is the tracking curve of a transaction log under a bgnbd, pnbd or mbgnbd model, not "
                      "of an sBG or BG/BB model");
  }
  if (is_discrete(kind)) {
    refuse_options_the_discrete_model_ignores(options, kind);
  }
  // sBG (discrete_models.cpp): actual against predicted survival per period.
  if (diagnose_contracts(options.model_path, options.table, options.cohort, options.output)) {
    return;
  }
  // BG/BB (discrete_models.cpp): the holdout table of an opportunities file.
  if (diagnose_opportunities(options.model_path, options.table, options.max_frequency, options.output)) {
    return;
  }
  const io::ModelFile model =
      input::read_model(options.model_path, io::ModelRole::purchase, requested_unit(options.unit));
  if (options.curve) {
    run_curve(options, model);
    return;
  }
  const SummaryTable summary =
      read_summary_input(options.table, options.log, requested_unit(options.unit),
                         input::ModelUnit{model.unit, options.model_path}, options.quiet);
  const HoldoutComparison comparison = compare_holdout(model.fit, summary, options.max_frequency, options.threads);

  io::Output output(options.output.path);
  const auto writer = io::make_row_writer(io::parse_output_format(options.output.format), output);
  writer->begin("groups",
                {io::Column{"frequency_cal", io::ColumnType::text}, io::Column{"customers", io::ColumnType::number, 0},
                 io::Column{"actual_holdout", io::ColumnType::number, 4},
                 io::Column{"predicted_holdout", io::ColumnType::number, 4},
                 io::Column{"difference", io::ColumnType::number, 4}},
                "Mean repeat transactions in the holdout, by calibration repeat transactions");
  for (const HoldoutGroup& group : comparison.groups) {
    writer->row({fmt::format("{}{}", group.frequency, group.or_more ? "+" : ""), group.customers, group.actual,
                 group.predicted, group.predicted - group.actual});
  }
  writer->end({
      io::SummaryItem{"customers", "Customers", comparison.customers, 0},
      io::SummaryItem{"actual_total", "Actual holdout transactions", comparison.actual_total, 2},
      io::SummaryItem{"predicted_total", "Predicted holdout transactions", comparison.predicted_total, 2},
  });
  output.commit();
}

}  // namespace

void add_diagnose_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<DiagnoseCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->footer(
      "SUMMARY is a calibration/holdout summary (`clv rfm --calibration-end DATE`); fit the model on\n"
      "the same file first. Example:\n"
      "  clv fit cal.csv --model bgnbd --save bgnbd.json && clv diagnose cal.csv --model bgnbd.json\n"
      "SUMMARY may also be the log itself with --calibration-end DATE; --curve then shows the tracking curve:\n"
      "  clv diagnose log.csv --model bgnbd.json --unit weeks --calibration-end 1997-09-30 --curve\n"
      "With an sBG model, FILE is a cohort table or contracts: actual against predicted survival per period:\n"
      "  clv diagnose examples/retention-cohorts.csv --model examples/retention-sbg.json --cohort regular");
  add_summary_file_options(*command, options->table, options->log, options->unit, KeepOption::omit);
  command->add_option("-m,--model", options->model_path, "Purchase model file from `clv fit --save`")
      ->required()
      ->option_text("FILE");
  in_range(command->add_option("--max-frequency", options->max_frequency,
                               "Last group: this many calibration transactions or more (default 7)"),
           whole_numbers(1, 1000));
  add_threads_option(*command, options->threads);
  add_quiet_option(*command, options->quiet);
  command->add_flag("--curve", options->curve,
                    "Instead of the groups: the tracking curve of a log, repeat transactions per period, actual vs "
                    "expected, over calibration and holdout");
  in_range(command->add_option("--period", options->period, "With --curve: period length in the model's time units (default 1)"),
           periods())
      ->option_text("P");
  command->add_option("--cohort", options->cohort, "With an sBG model: the cohort of a table with a cohort column")
      ->option_text("NAME");
  add_output_options(*command, options->output);
  command->callback([options, command] {
    options->max_frequency_given = command->count("--max-frequency") > 0;
    naming_input(options->table.path, [&] { run_diagnose(*options); });
  });
}

}  // namespace clv::cli
