// Fuzzes the per-customer summary reader (CSV, TSV, and semicolons with decimal commas): any
// bytes either read or throw clv::Error; nothing else may happen.
#include "clv/error.hpp"
#include "clv/io/input.hpp"
#include "clv/io/summary_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const char delimiter : {',', '\t'}) {
    try {
      auto input = clv::io::memory_input(text, "fuzz.csv");
      (void)clv::io::read_summary(*input, clv::io::CsvOptions{clv::io::Separator::delimiter, delimiter});
    } catch (const clv::Error&) {
    }
  }
  try {
    auto input = clv::io::memory_input(text, "fuzz.csv");
    (void)clv::io::read_summary(
        *input, clv::io::CsvOptions{clv::io::Separator::delimiter, ';', clv::io::DecimalMark::comma});
  } catch (const clv::Error&) {
  }
  try {
    auto input = clv::io::memory_input(text, "fuzz.txt");
    (void)clv::io::read_summary(*input, clv::io::CsvOptions{clv::io::Separator::whitespace, ','});
  } catch (const clv::Error&) {
  }
  return 0;
}
