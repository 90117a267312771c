#pragma once
// Options and plumbing that every subcommand shares: the output format and file, the input
// file and its delimiter. Kept here so every command spells them the same way.

#include "clv/io/csv_reader.hpp"
#include "clv/io/output_file.hpp"
#include "clv/io/table_writer.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace clv::cli {

struct OutputOptions {
  std::string format = "table";
  std::string path = "-";
};

// Adds --format/-f and --output/-o.
void add_output_options(CLI::App& command, OutputOptions& options);

struct DelimiterOptions {
  std::string delimiter;  // empty: ',' (or '\t' for .tsv files)
  bool tabs = false;
  bool decimal_comma = false;  // "85,50" and "1.200,00"
};

// Adds --delimiter/-d, --tabs/-t and --decimal-comma.
void add_delimiter_options(CLI::App& command, DelimiterOptions& options);

// The CSV options for `path` given the command line (a .tsv name implies tabs).
[[nodiscard]] io::CsvOptions csv_options(const DelimiterOptions& options, const std::string& path);

// Refuses to wait on a terminal: with no FILE and stdin a terminal, a usage error.
void require_input(const std::string& path);

// The command line as typed (the program shown as "clv", arguments quoted for a shell where they
// need it), for outputs that record how they were made. Set once by run().
void remember_command_line(int argc, char** argv);
[[nodiscard]] const std::string& command_line();

}  // namespace clv::cli
