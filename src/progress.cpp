#include "clv/progress.hpp"

namespace clv {

ProgressStage::ProgressStage(ProgressSink* sink, std::string_view stage, std::string_view unit) : m_sink(sink) {
  if (m_sink != nullptr) {
    m_sink->begin(stage, unit);
  }
}

ProgressStage::~ProgressStage() {
  if (m_sink != nullptr) {
    m_sink->end();
  }
}

}  // namespace clv
