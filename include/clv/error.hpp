#pragma once
// The one error type of the library. Every expected failure (bad data, a file that cannot be
// opened or written, a wrong option) is a clv::Error carrying where it happened and which exit
// code it maps to. The CLI catches it once, at the top, and prints `clv: error: ...`.

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace clv {

// Exit codes follow BSD sysexits.h, as the tools analysts script around do.
enum class ExitCode : int {
  ok = 0,
  check_failed = 1,  // e.g. `clv validate` found problems it reports one per line
  usage = 64,        // bad command line
  data_error = 65,   // input data is malformed or inconsistent
  no_input = 66,     // an input file cannot be opened or read
  software = 70,     // an internal error: a bug in clv
  cannot_create = 73,  // an output (a file, standard output) cannot be written
};

// Where a problem is. Every part is optional: an empty file, line 0 or column 0 is left out of
// the message.
struct Location {
  Location() = default;
  explicit Location(std::string file_name, std::size_t line_number = 0, std::size_t column_number = 0,
                    std::string field_name = {})
      : file(std::move(file_name)), line(line_number), column(column_number), field(std::move(field_name)) {}

  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string field;
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message, Location where = {});

  [[nodiscard]] ExitCode code() const noexcept { return m_code; }
  [[nodiscard]] const Location& where() const noexcept { return m_where; }
  [[nodiscard]] const std::string& message() const noexcept { return m_message; }

  // "FILE:LINE:COL: field: message", leaving out the parts that are unknown.
  [[nodiscard]] std::string describe() const;

 private:
  ExitCode m_code;
  std::string m_message;
  Location m_where;
};

// Shorthands for the common kinds, so call sites read as what went wrong.
[[nodiscard]] Error data_error(const std::string& message, Location where = {});
[[nodiscard]] Error usage_error(const std::string& message);
[[nodiscard]] Error input_error(const std::string& file, const std::string& reason);
[[nodiscard]] Error output_error(const std::string& file, const std::string& reason);

// Where the rows of a table came from, for errors found after reading (a row standing for
// several customers, a spend that a model cannot take): the file, and each row's line in it
// (empty when unknown, e.g. for a table made from a log, where a customer is many lines).
struct RowSource {
  std::string file;
  std::span<const std::size_t> lines;

  [[nodiscard]] Location at(std::size_t row, std::string field) const;
};

// A row of a table with a count column that stands for `count` customers, where a result per
// customer needs one row per customer.
[[nodiscard]] Error several_customers_error(std::string_view id, double count, Location where);

// Renders `Location` as "FILE:LINE:COL" (only the known parts).
[[nodiscard]] std::string format_location(const Location& where);

// `error` naming `file` when it is a data error that names no file (its line, column and field
// kept); any other error unchanged.
[[nodiscard]] Error naming_file(const Error& error, const std::string& file);

// Runs `body()`; a data error from it that names no file is thrown again naming `file`. Code that
// computes on records (a fit, a forecast, a ranking) does not know where they came from: the
// caller that read them wraps the computation once.
template <typename Body>
void naming_file(const std::string& file, const Body& body) {
  try {
    body();
  } catch (const Error& error) {
    throw naming_file(error, file);
  }
}

}  // namespace clv
