// ChunkBuffer, the buffer under CsvReader and the JSON-lines reader: records are the same however
// the input is split into reads, a BOM is skipped only at the very start, and a record longer
// than the limit is an error at the line where it starts.
#include "clv/io/chunk_buffer.hpp"

#include "clv/error.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/input.hpp"
#include "clv/io/transaction_reader.hpp"

#include <catch2/catch.hpp>

#include "error_description.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace {

// Serves `text` at most `step` bytes per read, to put record ends on every read boundary.
class TrickleInput final : public clv::io::InputSource {
 public:
  TrickleInput(std::string text, std::size_t step) : m_text(std::move(text)), m_step(step) {}
  std::size_t read(char* into, std::size_t size) override {
    const std::size_t count = std::min({size, m_step, m_text.size() - m_offset});
    std::memcpy(into, m_text.data() + m_offset, count);
    m_offset += count;
    return count;
  }
  [[nodiscard]] const std::string& name() const noexcept override { return m_name; }

 private:
  std::string m_text;
  std::size_t m_step;
  std::size_t m_offset = 0;
  std::string m_name = "t.csv";
};

// `head`, then `fill` bytes without end (never a newline), like a runaway record.
class EndlessInput final : public clv::io::InputSource {
 public:
  explicit EndlessInput(std::string head, char fill = 'a') : m_head(std::move(head)), m_fill(fill) {}
  std::size_t read(char* into, std::size_t size) override {
    if (m_offset < m_head.size()) {
      const std::size_t count = std::min(size, m_head.size() - m_offset);
      std::memcpy(into, m_head.data() + m_offset, count);
      m_offset += count;
      return count;
    }
    std::memset(into, m_fill, size);
    return size;
  }
  [[nodiscard]] const std::string& name() const noexcept override { return m_name; }

 private:
  std::string m_head;
  char m_fill;
  std::size_t m_offset = 0;
  std::string m_name = "endless.csv";
};

// Each record as "LINE:field|field|..." (columns too: "@COL" after each field).
std::vector<std::string> records(clv::io::InputSource& input, clv::io::CsvOptions options = {}) {
  clv::io::CsvReader reader(input, options);
  clv::io::CsvRecord record;
  std::vector<std::string> result;
  while (reader.next(record)) {
    std::string text = std::to_string(record.line) + ":";
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      text += std::string(record.fields[i]) + "@" + std::to_string(record.columns[i]) + "|";
    }
    result.push_back(text);
  }
  return result;
}

std::string error_of(clv::io::InputSource& input, clv::io::CsvOptions options = {}) {
  return clv::test::error_description([&] { return records(input, options); }, clv::ExitCode::data_error);
}

}  // namespace

TEST_CASE("chunk buffer: CSV records are the same whatever the read sizes", "[chunk_buffer]") {
  const std::string text =
      "\xEF\xBB\xBF" "id,name,note\r\n"
      "a,\"Smith, J\",x\r\n"
      "\n"
      "b,\"two\nlines\",\"say \"\"hi\"\"\"\n"
      "c,,\n"
      "d,last,no newline";
  const std::vector<std::string> expected = {
      "1:id@1|name@4|note@9|",
      "2:a@1|Smith, J@3|x@14|",
      "4:b@1|two\nlines@3|say \"hi\"@15|",
      "6:c@1|@3|@4|",
      "7:d@1|last@3|no newline@8|",
  };
  for (std::size_t step : {1, 2, 3, 5, 7, 64, 1 << 20}) {
    INFO("step " << step);
    TrickleInput input(text, step);
    CHECK(records(input) == expected);
  }
  // Whitespace-separated, CRLF, blank lines.
  for (std::size_t step : {1, 4, 1 << 20}) {
    TrickleInput input(" 0001  19970101 1 11.77\r\n\r\n0002 19970112 2 12.00", step);
    CHECK(records(input, {clv::io::Separator::whitespace, ','}) ==
          std::vector<std::string>{"1:0001@2|19970101@8|1@17|11.77@19|", "3:0002@1|19970112@6|2@15|12.00@17|"});
  }
}

TEST_CASE("chunk buffer: transaction logs read the same whatever the read sizes", "[chunk_buffer]") {
  const auto read = [](const std::string& text, std::size_t step) {
    TrickleInput input(text, step);
    clv::io::TransactionReader reader(input, {});
    clv::io::Transaction transaction;
    std::string rows;
    while (reader.next(transaction)) {
      rows += std::string(transaction.customer_id) + " " + clv::io::format_day(transaction.day) + " " +
              std::to_string(transaction.line) + ";";
    }
    return rows;
  };
  const std::string json = "\xEF\xBB\xBF{\"customer_id\": \"a\", \"date\": \"2014-03-08\"}\r\n\n"
                           "{\"customer_id\": \"b\", \"date\": \"2014-03-09\"}";
  const std::string csv = "\xEF\xBB\xBF" "customer_id,date\r\na,2014-03-08\r\n\nb,2014-03-09";
  for (std::size_t step : {1, 2, 3, 5, 1 << 20}) {
    INFO("step " << step);
    CHECK(read(json, step) == "a 2014-03-08 1;b 2014-03-09 3;");
    CHECK(read(csv, step) == "a 2014-03-08 2;b 2014-03-09 4;");
  }
}

TEST_CASE("chunk buffer: a BOM is skipped only as the first bytes of the input", "[chunk_buffer]") {
  for (std::size_t step : {1, 2, 3, 4, 1 << 20}) {
    INFO("step " << step);
    TrickleInput bom("\xEF\xBB\xBFid\n", step);
    CHECK(records(bom) == std::vector<std::string>{"1:id@1|"});
    // After a first record of two bytes, the same bytes are data.
    TrickleInput later("a\n\xEF\xBB\xBFid\n", step);
    CHECK(records(later) == std::vector<std::string>{"1:a@1|", "2:\xEF\xBB\xBFid@1|"});
    // A lone BOM is an empty input; two bytes of one are a record.
    TrickleInput only("\xEF\xBB\xBF", step);
    CHECK(records(only).empty());
    TrickleInput part("\xEF\xBB", step);
    CHECK(records(part) == std::vector<std::string>{"1:\xEF\xBB@1|"});
  }
}

TEST_CASE("chunk buffer: a record longer than 64 MiB is an error at the line where it starts", "[chunk_buffer]") {
  EndlessInput csv("id,value\na,1\n\nb,");
  CHECK(error_of(csv) == "endless.csv:4: record is longer than 64 MiB");
  // Inside quotes the record spans lines; the error names its first line.
  EndlessInput quoted("id,value\na,\"1\n2\n", '\n');
  CHECK(error_of(quoted) == "endless.csv:2: record is longer than 64 MiB");
  // JSON lines (the transaction reader's own line splitting) say "line".
  EndlessInput json("{\"customer_id\": \"a\", \"date\": \"2014-03-08\"}\n{\"customer_id\": \"");
  std::string message;
  try {
    clv::io::TransactionReader reader(json, {});
    clv::io::Transaction transaction;
    while (reader.next(transaction)) {
    }
  } catch (const clv::Error& error) {
    message = error.describe();
  }
  CHECK(message == "endless.csv:2: line is longer than 64 MiB");
}

TEST_CASE("chunk buffer: fill keeps the unconsumed bytes and the scan position", "[chunk_buffer]") {
  TrickleInput input("abcdef", 4);
  clv::io::ChunkBuffer buffer(input, "record", std::size_t{1} << 20);
  CHECK(buffer.begin() == 0);
  CHECK(buffer.end() == 0);
  REQUIRE(buffer.fill(1));
  CHECK(std::string(buffer.data() + buffer.begin(), buffer.end() - buffer.begin()) == "abcd");
  buffer.consume_to(2);
  buffer.set_scan(3);
  REQUIRE(buffer.fill(1));
  CHECK(buffer.begin() == 0);
  CHECK(buffer.scan() == 1);  // still on 'd'
  CHECK(std::string(buffer.data(), buffer.end()) == "cdef");
  CHECK_FALSE(buffer.fill(1));
  CHECK(buffer.eof());
  CHECK(buffer.source_name() == "t.csv");
}
