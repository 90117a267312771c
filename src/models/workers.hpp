#pragma once
// Splits work over a few threads: work(worker, workers) runs for worker = 0 .. workers-1, worker
// 0 on the calling thread and each other on a thread of its own; returns when all are done.
// Each worker picks its share by its number (e.g. every workers-th block), so results can be
// combined in a fixed order whatever the timing. An exception thrown by any worker is caught on
// its thread and rethrown here once all are done (the lowest worker's first), so a data error
// found on a second thread reaches the caller as one found on the first.

#include <exception>
#include <thread>
#include <vector>

namespace clv::models::detail {

template <class Work>
void run_workers(unsigned workers, const Work& work) {
  if (workers <= 1) {
    work(0U, 1U);
    return;
  }
  std::vector<std::exception_ptr> failures(workers);
  const auto guarded = [&work, &failures, workers](unsigned worker) {
    try {
      work(worker, workers);
    } catch (...) {
      failures[worker] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned worker = 1; worker < workers; ++worker) {
      pool.emplace_back(guarded, worker);
    }
    guarded(0U);
  }
  for (const std::exception_ptr& failure : failures) {
    if (failure) {
      std::rethrow_exception(failure);
    }
  }
}

}  // namespace clv::models::detail
