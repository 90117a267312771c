#pragma once
// The subcommands of `clv`. Each file in src/cli/ adds one: it declares its options, and its
// callback calls the library and hands the result to a writer. No formula lives here.

#include <CLI/CLI.hpp>

namespace clv::cli {

// One entry per subcommand: name, one-line description (for `clv --help`), and the function
// that registers its options and callback on the app.
struct Command {
  const char* name;
  const char* summary;
  void (*add)(CLI::App& app, const char* name, const char* summary);
};

void add_value_command(CLI::App& app, const char* name, const char* summary);
void add_project_command(CLI::App& app, const char* name, const char* summary);
void add_rank_command(CLI::App& app, const char* name, const char* summary);
void add_at_risk_command(CLI::App& app, const char* name, const char* summary);
void add_report_command(CLI::App& app, const char* name, const char* summary);
void add_rfm_command(CLI::App& app, const char* name, const char* summary);
void add_validate_command(CLI::App& app, const char* name, const char* summary);
void add_fit_command(CLI::App& app, const char* name, const char* summary);
void add_predict_command(CLI::App& app, const char* name, const char* summary);
void add_segment_command(CLI::App& app, const char* name, const char* summary);
void add_diagnose_command(CLI::App& app, const char* name, const char* summary);
void add_compare_command(CLI::App& app, const char* name, const char* summary);

// The hidden `clv __complete SHELL`: a completion script from the commands' option tables.
void add_completion_command(CLI::App& app);

// The entry point behind main(): parses, dispatches, and maps errors to exit codes.
int run(int argc, char** argv);

}  // namespace clv::cli
