#pragma once
// Two threads on one ordered stream of items: a helper thread produces them while the calling
// thread consumes them, in the same order. clv uses it where a step of a million items is two
// kinds of work of similar cost, e.g. gathering rows scattered in memory and formatting them,
// or splitting and parsing text and indexing the records. Items travel in blocks; at most
// k_pipeline_depth blocks are in flight, so memory stays bounded, and item objects are reused
// (a producer assigns into them, a consumer may move out of them).
//
// The outcome is exactly that of one thread running `while (produce(item)) consume(item);`:
// the same items in the same order, and the same first exception. A failing producer's items
// before the failure are consumed first; a failing consumer stops the producer.

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace clv {

inline constexpr std::size_t k_pipeline_block = 4096;
inline constexpr std::size_t k_pipeline_depth = 4;

enum class Pipelining {
  two_threads,  // when the machine has two cores
  one_thread,   // for small inputs, or when the order of side effects matters (e.g. a problem sink)
};

// `produce(Item&)` fills the item and returns true, or returns false at the end;
// `consume(Item&)` takes it.
template <class Item, class Produce, class Consume>
void run_pipeline(Produce&& produce, Consume&& consume, Pipelining pipelining = Pipelining::two_threads) {
  if (pipelining == Pipelining::one_thread || std::thread::hardware_concurrency() < 2) {
    Item item;
    while (produce(item)) {
      consume(item);
    }
    return;
  }

  struct Block {
    std::vector<Item> items = std::vector<Item>(k_pipeline_block);
    std::size_t size = 0;
  };
  std::array<Block, k_pipeline_depth> blocks;
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t produced = 0;  // blocks ready to consume
  std::size_t consumed = 0;  // blocks whose slot may be reused
  bool finished = false;     // the producer is done: no block after `produced`
  bool stop = false;         // the consumer failed: produce nothing more
  std::exception_ptr producer_error;

  std::thread helper([&] {
    for (std::size_t next = 0;; ++next) {
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || next - consumed < k_pipeline_depth; });
        if (stop) {
          return;
        }
      }
      Block& block = blocks[next % k_pipeline_depth];
      block.size = 0;
      bool more = true;
      std::exception_ptr error;
      try {
        while (block.size < k_pipeline_block && (more = produce(block.items[block.size]))) {
          ++block.size;
        }
      } catch (...) {
        error = std::current_exception();
        more = false;
      }
      {
        const std::lock_guard lock(mutex);
        produced = next + 1;
        finished = !more;
        producer_error = error;
      }
      changed.notify_all();
      if (!more) {
        return;
      }
    }
  });

  try {
    for (std::size_t next = 0;; ++next) {
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return produced > next; });
      }
      Block& block = blocks[next % k_pipeline_depth];
      for (std::size_t i = 0; i < block.size; ++i) {
        consume(block.items[i]);
      }
      bool last = false;
      {
        const std::lock_guard lock(mutex);
        consumed = next + 1;
        last = finished && produced == next + 1;
      }
      changed.notify_all();
      if (last) {
        break;
      }
    }
  } catch (...) {
    {
      const std::lock_guard lock(mutex);
      stop = true;
    }
    changed.notify_all();
    helper.join();
    throw;
  }
  helper.join();
  if (producer_error) {
    std::rethrow_exception(producer_error);
  }
}

}  // namespace clv
