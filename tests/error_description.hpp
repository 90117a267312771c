#pragma once
// The tests' look at refused input: the clv::Error's one line "FILE:LINE:COL: field: message".

#include "clv/error.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

namespace clv::test {

// The description of the clv::Error that read() throws, "" when it throws none; with `code`,
// also checks that the error carries that exit code.
template <typename Read>
std::string error_description(Read read, std::optional<ExitCode> code = std::nullopt) {
  try {
    (void)read();
  } catch (const Error& error) {
    if (code) {
      CHECK(error.code() == *code);
    }
    return error.describe();
  }
  return "";
}

}  // namespace clv::test
