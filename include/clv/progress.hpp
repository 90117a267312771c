#pragma once
// Progress of work that can take a while (reading a large log, fitting a model), for whoever
// shows it. The library only says what it is doing; the program decides whether and how to
// show it (clv: a line on standard error when that is a terminal, never in a pipe, under CI or
// with -q).

#include <cstdint>
#include <string_view>

namespace clv {

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // A stage begins: what is done ("reading orders.csv") and the unit of its count ("rows").
  virtual void begin(std::string_view stage, std::string_view unit) = 0;
  // So much of the stage is done. Called often, from the thread doing the work: must be cheap.
  virtual void advance(std::uint64_t done) = 0;
  // The stage is over, done or failed.
  virtual void end() = 0;
};

// One stage: begin() now, end() on leaving the scope (also by an exception); does nothing
// without a sink.
class ProgressStage {
 public:
  ProgressStage(ProgressSink* sink, std::string_view stage, std::string_view unit);
  ~ProgressStage();
  ProgressStage(const ProgressStage&) = delete;
  ProgressStage& operator=(const ProgressStage&) = delete;
  void advance(std::uint64_t done) const {
    if (m_sink != nullptr) {
      m_sink->advance(done);
    }
  }

 private:
  ProgressSink* m_sink;
};

}  // namespace clv
