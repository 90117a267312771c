#pragma once
// The progress line clv shows on standard error for work that takes more than a second: only
// when standard error is a terminal, never in a pipe or a file, never under CI (the CI variable
// set), and not with -q.

#include "clv/progress.hpp"

namespace clv::cli {

// The sink to hand to the library: null when no progress may be shown.
[[nodiscard]] ProgressSink* terminal_progress();

// -q: no progress from now on.
void silence_progress();

}  // namespace clv::cli
