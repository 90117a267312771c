#include "clv/pipeline.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// Runs `count` items (text of their number) through the pipeline, failing where asked.
struct Run {
  std::vector<std::string> consumed;
  std::string error;
};

Run run(std::size_t count, clv::Pipelining pipelining, std::size_t produce_fails_at = SIZE_MAX,
        std::size_t consume_fails_at = SIZE_MAX) {
  Run result;
  std::size_t next = 0;
  try {
    clv::run_pipeline<std::string>(
        [&](std::string& item) {
          if (next == count) {
            return false;
          }
          if (next == produce_fails_at) {
            throw std::runtime_error("produce " + std::to_string(next));
          }
          item = std::to_string(next++);
          return true;
        },
        [&](std::span<std::string> items) {
          for (std::string& item : items) {
            if (result.consumed.size() == consume_fails_at) {
              throw std::runtime_error("consume " + item);
            }
            result.consumed.push_back(std::move(item));
          }
        },
        pipelining);
  } catch (const std::runtime_error& error) {
    result.error = error.what();
  }
  return result;
}

}  // namespace

TEST_CASE("pipeline: every item once, in order, on one or two threads") {
  for (const std::size_t count : {std::size_t{0}, std::size_t{1}, clv::k_pipeline_block - 1, clv::k_pipeline_block,
                                  clv::k_pipeline_block + 1, 10 * clv::k_pipeline_block + 7}) {
    for (const auto pipelining : {clv::Pipelining::one_thread, clv::Pipelining::two_threads}) {
      const Run result = run(count, pipelining);
      CHECK(result.error.empty());
      REQUIRE(result.consumed.size() == count);
      for (std::size_t i = 0; i < count; ++i) {
        REQUIRE(result.consumed[i] == std::to_string(i));
      }
    }
  }
}

TEST_CASE("pipeline: a producer's error comes after the items before it, as on one thread") {
  // Fails in the middle of the third block: the first 2.5 blocks are consumed, then the error.
  const std::size_t fail_at = 2 * clv::k_pipeline_block + clv::k_pipeline_block / 2;
  for (const auto pipelining : {clv::Pipelining::one_thread, clv::Pipelining::two_threads}) {
    const Run result = run(10 * clv::k_pipeline_block, pipelining, fail_at);
    CHECK(result.error == "produce " + std::to_string(fail_at));
    REQUIRE(result.consumed.size() == fail_at);
    CHECK(result.consumed.back() == std::to_string(fail_at - 1));
  }
}

TEST_CASE("pipeline: a consumer's error stops the producer and reaches the caller") {
  for (const auto pipelining : {clv::Pipelining::one_thread, clv::Pipelining::two_threads}) {
    const Run result = run(50 * clv::k_pipeline_block, pipelining, SIZE_MAX, 5);
    CHECK(result.error == "consume 5");
    CHECK(result.consumed.size() == 5);
  }
}

TEST_CASE("pipeline: a consumer's error wins over a later producer error") {
  const Run result = run(50 * clv::k_pipeline_block, clv::Pipelining::two_threads, 30 * clv::k_pipeline_block, 3);
  CHECK(result.error == "consume 3");
}

namespace {

// Blocks of text "b:<block>;" through run_blocks_in_order, failing where asked.
Run run_blocks(std::size_t blocks, clv::Pipelining pipelining, std::size_t make_fails_at = SIZE_MAX,
               std::size_t write_fails_at = SIZE_MAX) {
  Run result;
  try {
    clv::run_blocks_in_order(
        blocks,
        [&](std::size_t block, std::string& text) {
          if (block == make_fails_at) {
            throw std::runtime_error("make " + std::to_string(block));
          }
          text += "b:";
          text += std::to_string(block);
        },
        [&](const std::string& text) {
          if (result.consumed.size() == write_fails_at) {
            throw std::runtime_error("write " + text);
          }
          result.consumed.push_back(text);
        },
        pipelining);
  } catch (const std::runtime_error& error) {
    result.error = error.what();
  }
  return result;
}

}  // namespace

TEST_CASE("blocks in order: every block once, in order, on one or two threads") {
  for (const std::size_t blocks : {0, 1, 2, 3, 4, 9, 100}) {
    for (const auto pipelining : {clv::Pipelining::one_thread, clv::Pipelining::two_threads}) {
      const Run result = run_blocks(blocks, pipelining);
      CHECK(result.error.empty());
      REQUIRE(result.consumed.size() == blocks);
      for (std::size_t i = 0; i < blocks; ++i) {
        REQUIRE(result.consumed[i] == "b:" + std::to_string(i));
      }
    }
  }
}

TEST_CASE("blocks in order: the first failure in block order wins, after the blocks before it") {
  for (const auto pipelining : {clv::Pipelining::one_thread, clv::Pipelining::two_threads}) {
    for (const std::size_t fail_at : {0, 1, 6, 7}) {  // blocks of either thread
      const Run result = run_blocks(50, pipelining, fail_at);
      CHECK(result.error == "make " + std::to_string(fail_at));
      CHECK(result.consumed.size() == fail_at);
    }
    const Run result = run_blocks(50, pipelining, SIZE_MAX, 5);
    CHECK(result.error == "write b:5");
    CHECK(result.consumed.size() == 5);
  }
}
