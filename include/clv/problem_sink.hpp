#pragma once
// Where problems go when the caller wants all of them rather than the first: `clv validate`
// passes a sink and gets every problem; everyone else passes none and gets the first as a
// thrown clv::Error.

#include "clv/error.hpp"

#include <functional>

namespace clv {

using ProblemSink = std::function<void(const Error&)>;

// Throws `problem` when there is no sink, else hands it over and returns.
inline void report_problem(const ProblemSink* sink, const Error& problem) {
  if (sink == nullptr || !*sink) {
    throw problem;
  }
  (*sink)(problem);
}

}  // namespace clv
