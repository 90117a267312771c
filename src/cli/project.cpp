// Placeholder: replaced by the real `clv project` command.
#include "commands.hpp"
#include "clv/error.hpp"
namespace clv::cli {
void add_project_command(CLI::App& app, const char* name, const char* summary) {
  app.add_subcommand(name, summary)->callback([] { throw usage_error("not implemented yet"); });
}
}  // namespace clv::cli
