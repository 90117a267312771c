#include "clv/error.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/input.hpp"
#include "clv/io/output_file.hpp"
#include "clv/io/table_writer.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace clv::io;

namespace {

// The text of a file the test wrote, which is then removed.
std::string read_and_remove(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path.c_str());
  return text.str();
}

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
  return read_and_remove(path);
}

}  // namespace

// The significant digits of a number's text ("0.0300" -> 3, "1.25e-06" -> 3).
std::size_t significant_digits(const std::string& text) {
  const std::string mantissa = text.substr(0, text.find_first_of("eE"));
  std::string digits;
  for (const char c : mantissa) {
    if (c >= '0' && c <= '9') {
      digits += c;
    }
  }
  digits.erase(0, digits.find_first_not_of('0'));
  digits.erase(digits.find_last_not_of('0') + 1);
  return std::max<std::size_t>(digits.size(), 1);
}

TEST_CASE("table writer: csv numbers are whole: the shortest text that reads back the same", "[table_writer]") {
  // The writer formats numbers on a fast path (whole numbers of cents) and through fmt; both
  // must give text that strtod reads back to the very same double, with no more significant
  // digits than std::to_chars' shortest form (a different algorithm).
  std::vector<double> values{0.0,     -0.004,    0.005,     1234567.891, 1e16,      -2.5,
                             0.1 + 0.2, 5949.99, 12800,     -50,         0.07,      123456789012.345,
                             -0.5,    1e-9,      2.675,     99.995,      -1234.5678, 9.999e14,
                             3e-6,    1.0 / 3.0, 2.0 / 7.0, 1e300,       5e-324,    -123.45,
                             1e15,    999999999999999.9, 0.000123, 85.5,   0.0001, 1e-5, 0.00012};
  std::uint64_t state = 42;
  for (int i = 0; i < 2000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double unit = static_cast<double>(state >> 11) / 9007199254740992.0;
    values.push_back(i % 2 == 0 ? std::round(unit * 1e7) / 100.0 : (unit - 0.5) * std::pow(10.0, i % 40 - 20));
  }
  for (const int decimals : {0, 2, 6}) {
    std::istringstream lines(csv_of(values, decimals));
    std::string line;
    std::getline(lines, line);
    REQUIRE(line == "x");
    for (const double value : values) {
      REQUIRE(std::getline(lines, line));
      INFO(line << " for " << value << " with " << decimals << " decimals");
      CHECK(std::strtod(line.c_str(), nullptr) == value);
      std::array<char, 64> shortest{};
      const auto result = std::to_chars(shortest.data(), shortest.data() + shortest.size(), value,
                                        std::chars_format::scientific);
      CHECK(significant_digits(line) <= significant_digits(std::string(shortest.data(), result.ptr)));
      CHECK(line == format_exact(value));
    }
  }
  CHECK(format_exact(5949.99) == "5949.99");
  CHECK(format_exact(-0.0) == "0");
  CHECK(format_exact(0.1 + 0.2) == "0.30000000000000004");
  CHECK(format_exact(3e-6) == "3e-06");
  CHECK(format_exact(12800) == "12800");
  CHECK(format_exact(2.0 / 7.0) == "0.2857142857142857");
  // Titles and sentences keep their rounding.
  CHECK(format_plain(-0.004, 2) == "0");
  CHECK(format_plain(0.1 + 0.2, 2) == "0.3");
}

TEST_CASE("table writer: the output format from a file's extension", "[table_writer]") {
  CHECK(output_format_for_file("summary.csv") == OutputFormat::csv);
  CHECK(output_format_for_file("dir.x/OUT.TSV") == OutputFormat::tsv);
  CHECK(output_format_for_file("a.json") == OutputFormat::json);
  CHECK(output_format_for_file("a.md") == OutputFormat::markdown);
  CHECK(output_format_for_file("a.markdown") == OutputFormat::markdown);
  CHECK_FALSE(output_format_for_file("a.txt"));
  CHECK_FALSE(output_format_for_file("dir.csv/out"));
  CHECK_FALSE(output_format_for_file("csv"));
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

namespace {

// The text a layout gives for some rows, written with row() or formatted apart in two batches.
enum class Way { row_by_row, formatted_apart };

std::string written(OutputFormat format, Way way, const std::string& third_id = "C\tD") {
  const std::string path = "clv-test-apart-" + std::to_string(getpid()) + ".txt";
  const std::vector<std::vector<Cell>> rows{
      {std::string("A"), 1.5, Cell()}, {std::string("B, \"quoted\""), -2.0, 3.25}, {third_id, 0.0, 1e6}};
  {
    Output output(path);
    const auto writer = make_row_writer(format, output);
    writer->begin("rows", {{"id", ColumnType::text, 0}, {"x", ColumnType::number, 2}, {"y", ColumnType::number, 2}});
    if (way == Way::row_by_row) {
      for (const auto& row : rows) {
        writer->row(row);
      }
    } else {
      REQUIRE(writer->formats_rows_apart());
      std::string first;
      std::string rest;
      writer->format_row(rows[0], first);
      writer->format_row(rows[1], rest);
      writer->format_row(rows[2], rest);
      writer->write_formatted(first);
      writer->write_formatted(rest);
    }
    writer->end({{"total", "total", 2.0, 0}});
    output.commit();
  }
  return read_and_remove(path);
}

}  // namespace

TEST_CASE("table writer: rows formatted apart read the same as rows written one by one", "[table_writer]") {
  CHECK(written(OutputFormat::csv, Way::formatted_apart) ==
        "id,x,y\nA,1.5,\n\"B, \"\"quoted\"\"\",-2,3.25\nC\tD,0,1000000\n");
  CHECK(written(OutputFormat::tsv, Way::formatted_apart, "C D") ==
        "id\tx\ty\nA\t1.5\t\n\"B, \"\"quoted\"\"\"\t-2\t3.25\nC D\t0\t1000000\n");
  CHECK(written(OutputFormat::tsv, Way::formatted_apart, "C D") == written(OutputFormat::tsv, Way::row_by_row, "C D"));
  CHECK(written(OutputFormat::json, Way::formatted_apart) ==
        "{\"rows\":[\n{\"id\":\"A\",\"x\":1.5,\"y\":null},\n{\"id\":\"B, \\\"quoted\\\"\",\"x\":-2,\"y\":3.25},\n"
        "{\"id\":\"C\\tD\",\"x\":0,\"y\":1000000}\n],\n\"summary\":{\"total\":2}}\n");
  for (const auto format : {OutputFormat::csv, OutputFormat::json}) {
    CHECK(written(format, Way::formatted_apart) == written(format, Way::row_by_row));
  }
  for (const auto format : {OutputFormat::table, OutputFormat::markdown}) {
    std::string path = "clv-test-apart-table-" + std::to_string(getpid()) + ".txt";
    Output output(path);
    CHECK_FALSE(make_row_writer(format, output)->formats_rows_apart());
  }
}

namespace {

// One row of a share and a flag column, and the same two as summary items, in `format`.
std::string shares_and_flags(OutputFormat format) {
  const std::string path = "clv-test-table-writer-shares-" + std::to_string(getpid()) + ".out";
  {
    Output output(path);
    const auto writer = make_row_writer(format, output);
    writer->begin("rows", {{"share", ColumnType::share, 4}, {"done", ColumnType::flag, 0}});
    writer->row({0.8674, 1.0});
    writer->row({1.0, 0.0});
    writer->end({{"peak", "peak", 0.8333, 4, ColumnType::share}, {"converged", "converged", 1.0, 0, ColumnType::flag}});
    output.commit();
  }
  return read_and_remove(path);
}

}  // namespace

TEST_CASE("table writer: shares are fractions in machine formats, percentages for people", "[table_writer]") {
  CHECK(shares_and_flags(OutputFormat::csv) == "share,done\n0.8674,true\n1,false\n");
  CHECK(shares_and_flags(OutputFormat::json) ==
        "{\"rows\":[\n{\"share\":0.8674,\"done\":true},\n{\"share\":1,\"done\":false}\n],\n"
        "\"summary\":{\"peak\":0.8333,\"converged\":true}}\n");
  // 0.8674 is 86.74%; a column shows decimals only when one of its values needs them.
  CHECK(shares_and_flags(OutputFormat::table) ==
        "  share  done\n-------  ----\n 86.74%   yes\n100.00%    no\n\npeak: 83.33%\nconverged: yes\n");
}

TEST_CASE("table writer: tsv refuses a tab or line break in text instead of changing it", "[table_writer]") {
  const auto error_of = [](Way way, const std::string& id) {
    try {
      (void)written(OutputFormat::tsv, way, id);
    } catch (const clv::Error& error) {
      CHECK(error.code() == clv::ExitCode::data_error);
      return error.describe();
    }
    return std::string("no error");
  };
  for (const auto way : {Way::formatted_apart, Way::row_by_row}) {
    CHECK(error_of(way, "C\tD") == "id: 'C\\tD' contains a tab, which tsv output cannot hold (use -f csv or -f json)");
    CHECK(error_of(way, "C\nD") ==
          "id: 'C\\nD' contains a line break, which tsv output cannot hold (use -f csv or -f json)");
  }
}

TEST_CASE("table writer: tsv output reads back through clv's tab-separated reading", "[table_writer]") {
  // Quotes anywhere (clv's reader, like most, takes a '"' as quoting), commas, semicolons, pipes,
  // blanks and UTF-8; the header's names too (a --keep column is named by the input).
  const std::vector<std::string> ids{"A\"1", "\"q\"", "\"", "\"\"", "a\"\"b", "x, y", "semi;colon", "|pipe|",
                                     " padded ", "caf\xC3\xA9 \xE6\x9D\xB1", "plain"};
  const std::string path = "clv-test-tsv-round-trip-" + std::to_string(getpid()) + ".tsv";
  {
    Output output(path);
    const auto writer = make_row_writer(OutputFormat::tsv, output);
    writer->begin("rows", {{"customer_id", ColumnType::text, 0}, {"seg\"ment", ColumnType::text, 0},
                           {"value", ColumnType::number, 2}});
    for (std::size_t i = 0; i < ids.size(); ++i) {
      writer->row({ids[i], ids[ids.size() - 1 - i], static_cast<double>(i) + 0.5});
    }
    writer->end();
    output.commit();
  }
  const std::string text = read_and_remove(path);
  CHECK(text.substr(0, text.find('\n')) == "customer_id\t\"seg\"\"ment\"\tvalue");
  const auto input = memory_input(text, "rows.tsv");
  CsvOptions options;
  options.delimiter = '\t';
  CsvReader reader(*input, options);
  CsvRecord record;
  REQUIRE(reader.next(record));
  REQUIRE(record.fields.size() == 3);
  CHECK(record.fields[1] == "seg\"ment");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    REQUIRE(reader.next(record));
    REQUIRE(record.fields.size() == 3);
    CHECK(record.line == i + 2);
    CHECK(record.fields[0] == ids[i]);
    CHECK(record.fields[1] == ids[ids.size() - 1 - i]);
    CHECK(record.fields[2] == std::to_string(i) + ".5");
  }
  CHECK_FALSE(reader.next(record));
}

TEST_CASE("table writer: control characters are shown escaped in text for terminals", "[table_writer]") {
  CHECK(clv::io::visible_text("plain café 東京") == "plain café 東京");
  CHECK(clv::io::visible_text("a\x1b]0;title\x07" "b") == "a\\x1b]0;title\\x07b");
  CHECK(clv::io::visible_text("1\t2\n3\r4\x7f") == "1\\t2\\n3\\r4\\x7f");
  CHECK(clv::io::visible_text(std::string("x\0y", 3)) == "x\\x00y");
  CHECK(clv::io::visible_text("csi\xc2\x9b" "31m") == "csi\\u009b31m");  // U+009B, the 8-bit CSI
  CHECK(clv::io::visible_text("\xc2\xa0" "nbsp") == "\xc2\xa0" "nbsp");     // U+00A0 is printable
  const std::string path = "clv-test-visible-" + std::to_string(getpid()) + ".txt";
  {
    Output output(path);
    const auto writer = make_row_writer(OutputFormat::markdown, output);
    writer->begin("rows", {{"id", ColumnType::text, 0}}, "t\x1b" "itle");
    writer->row({std::string("A\nB|C")});
    writer->end({{"currency", "currency", std::string("E\rUR"), 0}});
    output.commit();
  }
  CHECK(read_and_remove(path) == "### t\\x1bitle\n\n| id      |\n| ------- |\n| A\\nB\\|C |\n\n- currency: E\\rUR\n");
}
