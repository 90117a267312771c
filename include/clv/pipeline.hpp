#pragma once
// Two threads on one ordered stream of items: a helper thread produces them while the calling
// thread consumes them, in the same order. clv uses it where a step of a million items is two
// kinds of work of similar cost, e.g. gathering rows scattered in memory and formatting them,
// or splitting and parsing text and indexing the records. Items travel in blocks; at most
// k_pipeline_depth blocks are in flight, so memory stays bounded, and item objects are reused
// (a producer assigns into them, a consumer may move out of them).
//
// The consumer gets the items a block at a time (a span), so that it can look ahead, e.g. to
// prefetch what the next items will touch. The outcome is exactly that of one thread running
// `while (produce(item)) consume({&item, 1});` up to how items are grouped into spans: the
// same items in the same order, and the same first exception. A failing producer's items
// before the failure are consumed first; a failing consumer stops the producer.
//
// Handing items from one core to another costs a cache miss per line, so items should be small
// next to the work on them. When the work splits into numbered blocks that can each be done
// anywhere (formatting rows of text), run_blocks_in_order() is cheaper: each thread does whole
// blocks, and only the finished text changes cores.

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace clv {

inline constexpr std::size_t k_pipeline_block = 4096;
inline constexpr std::size_t k_pipeline_depth = 4;

enum class Pipelining {
  two_threads,  // when the machine has two cores
  one_thread,   // the same blocks on the calling thread (small inputs; tests)
};

// `produce(Item&)` fills the item and returns true, or returns false at the end;
// `consume(std::span<Item>)` takes items in order.
template <class Item, class Produce, class Consume>
void run_pipeline(Produce&& produce, Consume&& consume, Pipelining pipelining = Pipelining::two_threads) {
  if (pipelining == Pipelining::one_thread || std::thread::hardware_concurrency() < 2) {
    std::vector<Item> items(k_pipeline_block);
    for (;;) {
      std::size_t size = 0;
      std::exception_ptr error;
      try {
        while (size < k_pipeline_block && produce(items[size])) {
          ++size;
        }
      } catch (...) {
        error = std::current_exception();
      }
      consume(std::span<Item>(items.data(), size));
      if (error) {
        std::rethrow_exception(error);
      }
      if (size < k_pipeline_block) {
        return;
      }
    }
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
      consume(std::span<Item>(block.items.data(), block.size));
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

// Makes blocks 0 .. block_count-1 with `make(block, text)` (appending to an empty string) on
// two threads, the calling thread taking the even blocks and a helper the odd ones, and hands
// them to `write(text)` on the calling thread in block order. The outcome is that of one thread
// making and writing the blocks in turn, including the first exception in block order.
template <class Make, class Write>
void run_blocks_in_order(std::size_t block_count, Make&& make, Write&& write,
                         Pipelining pipelining = Pipelining::two_threads) {
  std::string text;
  if (pipelining == Pipelining::one_thread || block_count < 2 || std::thread::hardware_concurrency() < 2) {
    for (std::size_t block = 0; block < block_count; ++block) {
      text.clear();
      make(block, text);
      write(text);
    }
    return;
  }

  // The helper's finished blocks, by (block / 2) % k_pipeline_depth.
  std::array<std::string, k_pipeline_depth> made;
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t helper_done = 0;     // odd blocks made: 1, 3, ... (count)
  std::size_t helper_written = 0;  // of those, written (their slots may be reused)
  bool stop = false;
  std::exception_ptr helper_error;

  std::thread helper([&] {
    for (std::size_t k = 0; 2 * k + 1 < block_count; ++k) {
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || k - helper_written < k_pipeline_depth; });
        if (stop) {
          return;
        }
      }
      std::string& into = made[k % k_pipeline_depth];
      into.clear();
      std::exception_ptr error;
      try {
        make(2 * k + 1, into);
      } catch (...) {
        error = std::current_exception();
      }
      {
        const std::lock_guard lock(mutex);
        helper_error = error;
        helper_done = k + 1;
      }
      changed.notify_all();
      if (error) {
        return;
      }
    }
  });

  const auto finish = [&] {
    {
      const std::lock_guard lock(mutex);
      stop = true;
    }
    changed.notify_all();
    helper.join();
  };
  try {
    for (std::size_t block = 0; block < block_count; ++block) {
      if (block % 2 == 0) {
        text.clear();
        make(block, text);
        write(text);
        continue;
      }
      const std::size_t k = block / 2;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return helper_done > k; });
        if (helper_error && helper_done == k + 1) {
          std::rethrow_exception(helper_error);
        }
      }
      write(made[k % k_pipeline_depth]);
      {
        const std::lock_guard lock(mutex);
        helper_written = k + 1;
      }
      changed.notify_all();
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
}

}  // namespace clv
