// Fuzzes the fitted-model file parser; a model that parses must also write back and re-parse
// to the same text (the file format round-trips).
#include "clv/error.hpp"
#include "clv/io/model_file.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto model = clv::io::parse_model_json(text, "fuzz.json");
    const auto written = clv::io::model_to_json(model);
    const auto again = clv::io::parse_model_json(written, "again.json");
    if (clv::io::model_to_json(again) != written) {
      std::abort();
    }
    for (const auto role : {clv::io::ModelRole::purchase, clv::io::ModelRole::spend}) {
      try {
        clv::io::require_role(model, role, "fuzz.json");
      } catch (const clv::Error&) {
      }
    }
  } catch (const clv::Error&) {
  }
  return 0;
}
