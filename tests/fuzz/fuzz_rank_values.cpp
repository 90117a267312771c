// Fuzzes the reader of `clv rank --values` (CSV and TSV): any bytes either read or throw
// clv::Error; nothing else may happen. What it reads must be ready to rank: ids non-empty and
// unique, values finite.
#include "clv/error.hpp"
#include "clv/io/input.hpp"
#include "clv/io/rank_reader.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <unordered_set>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const char delimiter : {',', '\t'}) {
    try {
      auto input = clv::io::memory_input(text, "values.csv");
      const clv::io::RankInputs inputs =
          clv::io::read_rank_inputs(*input, clv::io::CsvOptions{clv::io::Separator::delimiter, delimiter});
      std::unordered_set<std::string> ids;
      for (const clv::RankInput& customer : inputs.customers) {
        if (customer.id.empty() || !ids.insert(customer.id).second || !std::isfinite(customer.value)) {
          std::abort();  // the reader promised to refuse these
        }
      }
    } catch (const clv::Error&) {
    }
  }
  return 0;
}
