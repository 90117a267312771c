#pragma once
// Splits work over a few threads: work(worker, workers) runs for worker = 0 .. workers-1, worker
// 0 on the calling thread and each other on a thread of its own; returns when all are done.
// Each worker picks its share by its number (e.g. every workers-th block), so results can be
// combined in a fixed order whatever the timing.

#include <thread>
#include <vector>

namespace clv::models::detail {

template <class Work>
void run_workers(unsigned workers, const Work& work) {
  if (workers <= 1) {
    work(0U, 1U);
    return;
  }
  std::vector<std::jthread> pool;
  for (unsigned worker = 1; worker < workers; ++worker) {
    pool.emplace_back(work, worker, workers);
  }
  work(0U, workers);
}

}  // namespace clv::models::detail
