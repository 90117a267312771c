// `clv at-risk`: valuable customers a purchase model thinks have probably stopped buying, sorted
// by the value at stake. The numbers come from clv/at_risk_forecast.hpp and clv/at_risk.hpp.
#include "at_risk_input.hpp"
#include "option_range.hpp"
#include "commands.hpp"
#include "common.hpp"

#include "clv/io/table_writer.hpp"

#include <fmt/format.h>

#include <memory>

namespace clv::cli {

namespace {

struct AtRiskCommandOptions {
  SummaryInputOptions input;
  AtRiskSources sources;
  OutputOptions output;
};

io::Cell optional_cell(const std::optional<double>& value) {
  return value ? io::Cell{*value} : io::Cell{};
}

void run_at_risk(const AtRiskCommandOptions& options) {
  const io::OutputFormat format = io::parse_output_format(options.output.format);
  const std::vector<AtRiskCustomer> customers = load_at_risk(options.input, options.sources);
  io::Output output(options.output.path);
  const auto writer = io::make_row_writer(format, output);
  writer->begin("at_risk",
                {{"customer_id", io::ColumnType::text, 0},
                 {"probability_alive", io::ColumnType::number, 4},
                 {"value_if_alive", io::ColumnType::number, 2},
                 {"value_at_stake", io::ColumnType::number, 2},
                 {"days_since_last_purchase", io::ColumnType::number, 1},
                 {"usual_gap_days", io::ColumnType::number, 1},
                 {"gaps_overdue", io::ColumnType::number, 1}},
                fmt::format("Customers at risk: P(alive) < {}, sorted by value at stake",
                            io::format_plain(options.sources.selection.alive_threshold, 4)));
  double total_at_stake = 0.0;
  for (const AtRiskCustomer& customer : customers) {
    writer->row({customer.id, customer.probability_alive, customer.value_if_alive, customer.value_at_stake,
                 optional_cell(customer.days_since_last_purchase), optional_cell(customer.usual_gap_days),
                 optional_cell(customer.gaps_overdue)});
    total_at_stake += customer.value_at_stake;
  }
  writer->end({{"customers", "customers listed", static_cast<double>(customers.size()), 0},
               {"value_at_stake", "their value at stake", total_at_stake, 2}});
  output.commit();
}

}  // namespace

void add_at_risk_command(CLI::App& app, const char* name, const char* summary) {
  auto options = std::make_shared<AtRiskCommandOptions>();
  CLI::App* command = app.add_subcommand(name, summary);
  command->footer(
      "value if alive = E[transactions over the horizon | alive] x expected average purchase\n"
      "(Gamma-Gamma, or monetary_value without --spend-model) x margin; value at stake =\n"
      "(1 - P(alive)) x value if alive. Days come from the summary's unit (--unit overrides).\n"
      "Example:\n"
      "  clv at-risk examples/summary.csv --model examples/bgnbd.json --spend-model examples/gg.json \\\n"
      "      --horizon 52 --margin 0.3 --top 10");
  add_summary_input_options(*command, options->input);
  add_at_risk_options(*command, options->sources, AtRiskModelOptions::add);
  in_range(command->add_option("--top", options->sources.top, "Only the N customers with the most value at stake"),
           row_counts(1))
      ->option_text("N");
  in_range(command->add_option("-j,--threads", options->sources.forecast.threads, "Threads (default: one per core)"),
           thread_counts());
  add_output_options(*command, options->output);
  command->callback([options] { run_at_risk(*options); });
}

}  // namespace clv::cli
