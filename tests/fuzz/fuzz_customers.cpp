// Fuzzes the customer reader in both of its formats (JSON and CSV, with and without a problem
// sink): any bytes either parse or throw clv::Error; nothing else may happen.
#include "clv/error.hpp"
#include "clv/io/customer_reader.hpp"
#include "clv/io/input.hpp"
#include "clv/problem_sink.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

void read_as(const std::string& text, clv::io::InputFormat format, bool with_sink) {
  auto input = clv::io::memory_input(text, "fuzz.in");
  clv::io::ReadOptions options;
  options.format = format;
  try {
    if (with_sink) {
      std::size_t problems = 0;
      const clv::ProblemSink sink = [&problems](const clv::Error&) { ++problems; };
      (void)clv::io::read_customers(*input, options, &sink);
    } else {
      (void)clv::io::read_customers(*input, options);
    }
  } catch (const clv::Error&) {
    // Bad data is reported, never crashed on.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const auto format : {clv::io::InputFormat::json, clv::io::InputFormat::csv}) {
    read_as(text, format, false);
    read_as(text, format, true);
  }
  return 0;
}
