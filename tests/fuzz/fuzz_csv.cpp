// Fuzzes the delimited-text reader and strict number parsing: any bytes either parse or throw
// clv::Error; nothing else may happen (crash, hang, sanitizer report, other exception).
#include "clv/error.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/input.hpp"
#include "clv/io/number.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const auto separator : {clv::io::Separator::delimiter, clv::io::Separator::whitespace}) {
    auto input = clv::io::memory_input(text, "fuzz.csv");
    clv::io::CsvReader reader(*input, clv::io::CsvOptions{separator, ','});
    clv::io::CsvRecord record;
    try {
      while (reader.next(record)) {
        for (const auto field : record.fields) {
          (void)clv::io::parse_number(field);
          (void)clv::io::parse_count(field);
        }
      }
    } catch (const clv::Error&) {
      // Bad data is reported, never crashed on.
    }
  }
  return 0;
}
