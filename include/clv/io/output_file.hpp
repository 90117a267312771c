#pragma once
// Where output goes: standard output, or a file written atomically. A file is written to a
// temporary name beside it and renamed into place by commit(); if clv fails before that, the
// temporary is removed and any existing file is left untouched.

#include <cstdio>
#include <string>
#include <string_view>

namespace clv::io {

class Output {
 public:
  // "" or "-" is standard output. Throws clv::Error (cannot_create, exit 73) when the temporary
  // file cannot be created.
  explicit Output(const std::string& path);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view text);
  // Flushes and, for a file, renames the temporary into place. Throws clv::Error (exit 73).
  void commit();

  [[nodiscard]] bool is_terminal() const noexcept { return m_terminal; }
  [[nodiscard]] const std::string& name() const noexcept { return m_path; }

 private:
  void flush();

  std::string m_path;       // as given ("-" for stdout)
  std::string m_temp_path;  // empty for stdout
  std::FILE* m_file = nullptr;
  std::string m_buffer;
  bool m_committed = false;
  bool m_terminal = false;
};

}  // namespace clv::io
