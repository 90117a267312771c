#include "progress.hpp"

#include "clv/io/table_writer.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace clv::cli {

namespace {

class TerminalProgress final : public ProgressSink {
 public:
  void begin(std::string_view stage, std::string_view unit) override {
    m_stage = stage;
    m_unit = unit;
    m_start = Clock::now();
    m_last = m_start;
    m_shown = false;
  }

  void advance(std::uint64_t done) override {
    const auto now = Clock::now();
    // Nothing for work done within a second; then at most four updates a second.
    if (now - m_start < std::chrono::seconds(1) || (m_shown && now - m_last < std::chrono::milliseconds(250))) {
      return;
    }
    m_last = now;
    m_shown = true;
    std::fprintf(stderr, "\rclv: %s: %s %s\033[K", m_stage.c_str(),
                 io::format_grouped(static_cast<double>(done), 0).c_str(), m_unit.c_str());
    std::fflush(stderr);
  }

  void end() override {
    if (m_shown) {
      std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
      m_shown = false;
    }
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::string m_stage;
  std::string m_unit;
  Clock::time_point m_start;
  Clock::time_point m_last;
  bool m_shown = false;
};

bool g_silenced = false;

bool may_show() {
  const char* ci = std::getenv("CI");
  return !g_silenced && (ci == nullptr || *ci == '\0') && isatty(STDERR_FILENO) != 0;
}

}  // namespace

ProgressSink* terminal_progress() {
  static TerminalProgress sink;
  return may_show() ? &sink : nullptr;
}

void silence_progress() { g_silenced = true; }

}  // namespace clv::cli
