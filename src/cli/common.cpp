#include "common.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace clv::cli {

void add_output_options(CLI::App& command, OutputOptions& options) {
  CLI::Option* format =
      command
          .add_option("-f,--format", options.format,
                      "Output format: table, csv, tsv, json or markdown (default: from the -o FILE's extension "
                      ".csv, .tsv, .json, .md; otherwise table)")
          ->default_val("table")
          ->check(CLI::IsMember({"table", "csv", "tsv", "json", "markdown", "md"}));
  command.add_option("-o,--output", options.path, "Write to FILE (atomically) instead of standard output")
      ->option_text("FILE")
      ->each([&options, format](const std::string& path) {
        // Without --format, `-o summary.csv` means CSV.
        if (format->count() == 0) {
          if (const auto by_name = io::output_format_for_file(path)) {
            options.format = std::string(io::output_format_name(*by_name));
          }
        }
      });
}

void add_delimiter_options(CLI::App& command, DelimiterOptions& options) {
  command.add_option("-d,--delimiter", options.delimiter, "Field delimiter of CSV input (one character; default ',')")
      ->option_text("CHAR");
  command.add_flag("-t,--tabs", options.tabs, "Input is tab-separated (same as -d '\\t')");
  command.add_flag("--decimal-comma", options.decimal_comma,
                   "Numbers in the input have a decimal comma and may group thousands with dots: 85,50 and "
                   "1.200,00 (usually with -d ';')");
}

io::CsvOptions csv_options(const DelimiterOptions& options, const std::string& path) {
  io::CsvOptions csv;
  csv.decimal = options.decimal_comma ? io::DecimalMark::comma : io::DecimalMark::point;
  const bool tsv_name = path.size() >= 4 && path.compare(path.size() - 4, 4, ".tsv") == 0;
  if (options.tabs || (options.delimiter.empty() && tsv_name)) {
    csv.delimiter = '\t';
  } else if (options.delimiter == "\\t") {
    csv.delimiter = '\t';
  } else if (!options.delimiter.empty()) {
    if (options.delimiter.size() != 1 || options.delimiter == "\"" || options.delimiter == "\n") {
      throw usage_error(fmt::format("--delimiter takes one character other than a quote or newline, not '{}'",
                                    options.delimiter));
    }
    csv.delimiter = options.delimiter[0];
  }
  return csv;
}

void require_input(const std::string& path) {
  if ((path.empty() || path == "-") && isatty(STDIN_FILENO) != 0) {
    throw usage_error("no input: give a FILE, or pipe data to standard input (see --help)");
  }
}

namespace {

std::string& remembered_command_line() {
  static std::string line;
  return line;
}

}  // namespace

void remember_command_line(int argc, char** argv) {
  std::string line = "clv";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool plain = !arg.empty() && arg.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                             "0123456789-_./:=,+@%") == std::string_view::npos;
    line += ' ';
    if (plain) {
      line += arg;
      continue;
    }
    line += '\'';
    for (const char c : arg) {
      line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    line += '\'';
  }
  remembered_command_line() = std::move(line);
}

const std::string& command_line() { return remembered_command_line(); }

}  // namespace clv::cli
