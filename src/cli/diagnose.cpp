// `clv diagnose`: how well a purchase model fitted on a calibration period predicts the holdout
// period: actual vs predicted mean repeat transactions by number of calibration transactions.
#include "commands.hpp"
#include "common.hpp"
#include "model_input.hpp"

#include "clv/customer_forecast.hpp"
#include "clv/io/table_writer.hpp"

#include <fmt/format.h>

#include <memory>

namespace clv::cli {

namespace {

struct DiagnoseCommandOptions {
  SummaryInputOptions input;
  OutputOptions output;
  std::string model_path;
  int max_frequency = 7;
  unsigned threads = 0;
};

void run_diagnose(const DiagnoseCommandOptions& options) {
  const io::ModelFile model = load_model(options.model_path, io::ModelRole::purchase, requested_unit(options.input));
  const SummaryTable summary = load_summary(options.input, model.unit);
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
      "  clv fit cal.csv --model bgnbd --save bgnbd.json && clv diagnose cal.csv --model bgnbd.json");
  add_summary_input_options(*command, options->input);
  command->add_option("-m,--model", options->model_path, "Purchase model file from `clv fit --save`")
      ->required()
      ->option_text("FILE");
  command->add_option("--max-frequency", options->max_frequency,
                      "Last group: this many calibration transactions or more (default 7)")
      ->check(CLI::Range(1, 1000));
  command->add_option("-j,--threads", options->threads, "Threads (default: one per core)");
  add_output_options(*command, options->output);
  command->callback([options] { run_diagnose(*options); });
}

}  // namespace clv::cli
