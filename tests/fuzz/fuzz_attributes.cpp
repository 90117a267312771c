// Fuzzes the attributes reader of `--attributes` (CSV and TSV): any bytes either read or throw
// clv::Error; nothing else may happen. An acquisition cost it accepts is finite and not negative.
#include "clv/error.hpp"
#include "clv/io/attributes_reader.hpp"
#include "clv/io/input.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const char delimiter : {',', '\t'}) {
    try {
      auto input = clv::io::memory_input(text, "attributes.csv");
      const clv::AttributeTable table =
          clv::io::read_attributes(*input, clv::io::CsvOptions{clv::io::Separator::delimiter, delimiter});
      for (const clv::CustomerAttributes& attributes : table.customers) {
        if (attributes.id.empty() || !std::isfinite(attributes.acquisition_cost) || attributes.acquisition_cost < 0) {
          std::abort();  // the reader promised to refuse these
        }
      }
    } catch (const clv::Error&) {
    }
  }
  return 0;
}
