#include "clv/io/output_file.hpp"
#include "clv/io/table_writer.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace clv::io;

namespace {

std::string csv_of(const std::vector<double>& values, int decimals) {
  const std::string path = "clv-test-table-writer-" + std::to_string(getpid()) + ".csv";
  {
    Output output(path);
    const auto writer = make_row_writer(OutputFormat::csv, output);
    writer->begin("rows", {{"x", ColumnType::number, decimals}});
    for (const double value : values) {
      writer->row({value});
    }
    writer->end();
    output.commit();
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path.c_str());
  return text.str();
}

}  // namespace

TEST_CASE("table writer: csv numbers are the shortest text of the rounded value", "[table_writer]") {
  // The csv writer formats numbers on a fast path; it must agree with format_plain (fmt).
  const std::vector<double> values{0.0,     -0.004, 0.005,   1234567.891, 1e16,      -2.5,
                                   0.1 + 0.2, 5949.99, 12800, -50,         0.07,      123456789012.345,
                                   -0.5,    1e-9,   2.675,   99.995,      -1234.5678, 9.999e14};
  for (const int decimals : {0, 2, 6}) {
    std::string expected = "x\n";
    for (const double value : values) {
      expected += format_plain(value, decimals) + "\n";
    }
    CHECK(csv_of(values, decimals) == expected);
  }
  CHECK(format_plain(5949.99, 2) == "5949.99");
  CHECK(format_plain(-0.004, 2) == "0");
  CHECK(format_plain(0.1 + 0.2, 2) == "0.3");
}

TEST_CASE("table writer: table cells have no trailing blanks", "[table_writer]") {
  const std::string path = "clv-test-table-writer-t-" + std::to_string(getpid()) + ".txt";
  {
    Output output(path);
    const auto writer = make_row_writer(OutputFormat::table, output);
    writer->begin("rows", {{"label", ColumnType::text, 0}, {"total", ColumnType::number, 2}});
    writer->row({std::string("with"), 1234.0});
    writer->row({std::string("without"), Cell()});
    writer->end();
    output.commit();
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path.c_str());
  CHECK(text.str() == "label    total\n-------  -----\nwith     1,234\nwithout\n");
}
