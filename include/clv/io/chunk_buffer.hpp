#pragma once
// The buffer under the streaming readers (CsvReader, the JSON-lines reader of transaction logs):
// a window on the input from which the reader cuts records. Bytes [begin(), end()) of data() are
// read but not yet consumed. When a record does not end inside the window the reader calls
// fill(), which moves the unconsumed bytes to the front, doubles the buffer when they fill it
// (up to a limit, past which the record is a data error) and appends the next read. A UTF-8 BOM
// at the very start of the input is skipped.
//
// Memory does not grow with the file, only with the longest record.

#include "clv/io/input.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace clv::io {

class ChunkBuffer {
 public:
  // `unit` names what the reader cuts ("record", "line") in the too-long message:
  // "record is longer than 64 MiB". It must outlive the buffer (a string literal).
  ChunkBuffer(InputSource& source, std::string_view unit, std::size_t max_bytes);

  // The reader may rewrite bytes in place (CSV unescaping) between begin() and end().
  [[nodiscard]] char* data() noexcept { return m_bytes.data(); }
  [[nodiscard]] const char* data() const noexcept { return m_bytes.data(); }
  [[nodiscard]] std::size_t begin() const noexcept { return m_begin; }
  [[nodiscard]] std::size_t end() const noexcept { return m_end; }
  // How far the reader's search for the end of the current record has got; fill() keeps it
  // on the same byte when it moves the data, so bytes already searched are not searched again.
  [[nodiscard]] std::size_t scan() const noexcept { return m_scan; }
  void set_scan(std::size_t position) noexcept { m_scan = position; }
  // Consumes the bytes before `position`: begin() and scan() move there.
  void consume_to(std::size_t position) noexcept { m_begin = m_scan = position; }

  // Reads more input after end(); false at the end of the input (then eof() is true).
  // Offsets move (begin() becomes 0), so views into data() taken before are invalid.
  // Throws clv::Error (data_error) "UNIT is longer than N MiB" at `line` (where the unfinished
  // record starts) when the unconsumed bytes already fill `max_bytes`.
  bool fill(std::size_t line);
  [[nodiscard]] bool eof() const noexcept { return m_eof; }

  [[nodiscard]] const std::string& source_name() const noexcept { return m_source.name(); }

 private:
  InputSource& m_source;
  std::string_view m_unit;
  std::size_t m_max_bytes;
  std::vector<char> m_bytes;
  std::size_t m_begin = 0;  // first unconsumed byte
  std::size_t m_end = 0;    // end of the bytes read
  std::size_t m_scan = 0;
  bool m_eof = false;
  bool m_at_start = true;  // the BOM question is still open
};

}  // namespace clv::io
