#pragma once
// The lower and upper bound of an interval (forecast_interval.hpp explains which).

namespace clv {

struct Bounds {
  double lower = 0.0;
  double upper = 0.0;
};

}  // namespace clv
