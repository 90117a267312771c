#include "clv/progress.hpp"

#include "clv/io/input.hpp"
#include "clv/models/model.hpp"
#include "clv/rfm.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <string>
#include <vector>

using namespace clv;

namespace {

// Records what it is told.
struct RecordingSink final : ProgressSink {
  std::vector<std::string> stages;
  std::vector<std::uint64_t> counts;
  int ended = 0;
  void begin(std::string_view stage, std::string_view unit) override {
    stages.push_back(fmt::format("{} / {}", stage, unit));
  }
  void advance(std::uint64_t done) override { counts.push_back(done); }
  void end() override { ++ended; }
};

}  // namespace

TEST_CASE("progress: a stage begins and ends, also when left by an exception", "[progress]") {
  RecordingSink sink;
  try {
    const ProgressStage stage(&sink, "working", "items");
    stage.advance(3);
    throw 1;
  } catch (int) {
  }
  CHECK(sink.stages == std::vector<std::string>{"working / items"});
  CHECK(sink.counts == std::vector<std::uint64_t>{3});
  CHECK(sink.ended == 1);
  const ProgressStage silent(nullptr, "nobody listens", "items");
  silent.advance(1);  // no sink: nothing happens
}

TEST_CASE("progress: reading a log tells the rows read every 65,536 rows", "[progress]") {
  std::string log = "customer_id,date\n";
  for (int i = 0; i < 140000; ++i) {
    log += fmt::format("C{},2024-01-0{}\n", i % 100, 1 + i % 9);
  }
  for (const unsigned threads : {1U, 2U}) {
    RecordingSink sink;
    RfmOptions options;
    options.threads = threads;
    options.progress = &sink;
    const auto input = io::memory_input(log, "big.csv");
    const RfmResult result = summarise_with_report(*input, options);
    CHECK(result.report.rows_read == 140000);
    CHECK(sink.stages == std::vector<std::string>{"reading big.csv / rows"});
    REQUIRE(sink.counts.size() == 2);  // 140,000 rows: past 65,536 and 131,072
    CHECK(sink.counts[0] >= 65536);
    CHECK(sink.counts[1] >= 131072);
    CHECK(sink.ended == 1);
  }
}

TEST_CASE("progress: a fit tells its likelihood evaluations", "[progress]") {
  const std::vector<models::PurchaseHistory> data{{2, 30.43, 38.86, 1}, {1, 1.71, 38.86, 1}, {0, 0, 38.86, 1},
                                                  {0, 0, 38.86, 1},     {5, 20, 30, 1},     {3, 10, 25, 1}};
  RecordingSink sink;
  models::FitOptions options;
  options.penalizer = 0.01;  // six customers do not pin BG/NBD down without it
  options.progress = &sink;
  const models::FitResult fit = models::fit_purchase_model(models::ModelKind::bg_nbd, data, options);
  CHECK(sink.stages == std::vector<std::string>{"fitting bgnbd / likelihood evaluations"});
  CHECK(sink.ended == 1);
  REQUIRE(!sink.counts.empty());
  CHECK(sink.counts.front() == 1);  // the first evaluation is told as 1
  CHECK(fit.iterations > 0);
}
