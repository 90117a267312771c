#include "clv/io/output_file.hpp"

#include "clv/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdlib.h>  // mkstemp
#include <sys/stat.h>
#include <unistd.h>

namespace clv::io {

namespace {
constexpr std::size_t k_flush_bytes = std::size_t{1} << 20;
}

Output::Output(const std::string& path) : m_path(path.empty() ? "-" : path) {
  if (m_path == "-") {
    m_file = stdout;
    m_terminal = isatty(fileno(stdout)) != 0;
    return;
  }
  m_temp_path = m_path + ".clv-tmp-XXXXXX";
  const int descriptor = mkstemp(m_temp_path.data());
  if (descriptor < 0) {
    throw output_error(m_path, std::strerror(errno));
  }
  // mkstemp creates the file 0600; give it the permissions a normally created file would get.
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(descriptor, 0666 & ~mask);
  m_file = fdopen(descriptor, "wb");
  if (m_file == nullptr) {
    const int saved = errno;
    close(descriptor);
    std::remove(m_temp_path.c_str());
    throw output_error(m_path, std::strerror(saved));
  }
  m_buffer.reserve(k_flush_bytes);
}

Output::~Output() {
  // Uncommitted output is dropped: a failed run prints nothing it has not already had to flush.
  if (!m_temp_path.empty() && !m_committed) {
    std::fclose(m_file);
    std::remove(m_temp_path.c_str());
  }
}

void Output::write(std::string_view text) {
  m_buffer.append(text);
  if (m_buffer.size() >= k_flush_bytes) {
    flush();
  }
}

void Output::flush() {
  if (!m_buffer.empty() &&
      std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size()) {
    throw Error(ExitCode::io_error, std::string("write failed: ") + std::strerror(errno), Location{m_path});
  }
  m_buffer.clear();
}

void Output::commit() {
  flush();
  if (m_temp_path.empty()) {
    if (std::fflush(m_file) != 0) {
      throw Error(ExitCode::io_error, std::string("write failed: ") + std::strerror(errno), Location{m_path});
    }
    m_committed = true;
    return;
  }
  const bool written = std::fflush(m_file) == 0 && fsync(fileno(m_file)) == 0;
  const int saved = errno;
  const bool closed = std::fclose(m_file) == 0;
  m_committed = true;  // the FILE is gone either way
  if (!written || !closed || std::rename(m_temp_path.c_str(), m_path.c_str()) != 0) {
    const int reason = written && closed ? errno : saved;
    std::remove(m_temp_path.c_str());
    throw output_error(m_path, std::strerror(reason));
  }
}

}  // namespace clv::io
