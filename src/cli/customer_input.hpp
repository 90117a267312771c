#pragma once
// Reading the customer file named on the command line, shared by value, project and validate.

#include "common.hpp"

#include "clv/customer.hpp"
#include "clv/problem_sink.hpp"

#include <string>

namespace clv::cli {

[[nodiscard]] CustomerSet load_customers(const std::string& path, const DelimiterOptions& delimiter,
                                         const ProblemSink* sink = nullptr);

}  // namespace clv::cli
