#include "clv/io/csv_reader.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <cstring>

namespace clv::io {

namespace {

// Small to start (fuzzing and tiny files pay for zero-filling it); doubled as records need, up
// to k_max_record_bytes. 64 KiB reads are as fast as 1 MiB ones on a page-cached file.
constexpr std::size_t k_initial_buffer = std::size_t{64} << 10;

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

}  // namespace

CsvReader::CsvReader(InputSource& source, CsvOptions options)
    : m_source(source), m_options(options), m_buffer(k_initial_buffer) {}

bool CsvReader::fill() {
  if (m_begin > 0) {
    std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_scan -= m_begin;
    m_begin = 0;
  }
  if (m_end == m_buffer.size()) {
    if (m_buffer.size() >= k_max_record_bytes) {
      throw data_error(fmt::format("record is longer than {} MiB", k_max_record_bytes >> 20),
                       Location{m_source.name(), m_line});
    }
    m_buffer.resize(m_buffer.size() * 2);
  }
  const std::size_t count = m_source.read(m_buffer.data() + m_end, m_buffer.size() - m_end);
  if (count == 0) {
    m_eof = true;
    return false;
  }
  m_end += count;
  if (m_at_start && m_end >= 3) {
    m_at_start = false;
    if (std::memcmp(m_buffer.data(), "\xEF\xBB\xBF", 3) == 0) {
      m_begin = m_scan = 3;
    }
  }
  return true;
}

bool CsvReader::next(CsvRecord& record) {
  const bool quoting = m_options.separator == Separator::delimiter;
  for (;;) {
    // Find the end of the record: a newline outside quotes.
    std::size_t newline = m_end;
    std::size_t i = m_scan;
    bool found = false;
    while (i < m_end) {
      if (!m_in_quotes) {
        const char* start = m_buffer.data() + i;
        const void* lf = std::memchr(start, '\n', m_end - i);
        const std::size_t stop = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - m_buffer.data()) : m_end;
        const void* quote = quoting ? std::memchr(start, '"', stop - i) : nullptr;
        if (quote == nullptr) {
          i = stop;
          if (lf != nullptr) {
            found = true;
          }
          break;
        }
        i = static_cast<std::size_t>(static_cast<const char*>(quote) - m_buffer.data());
        m_in_quotes = true;
        m_saw_quote = true;
        ++i;
      } else {
        const void* quote = std::memchr(m_buffer.data() + i, '"', m_end - i);
        if (quote == nullptr) {
          i = m_end;
          break;
        }
        i = static_cast<std::size_t>(static_cast<const char*>(quote) - m_buffer.data()) + 1;
        m_in_quotes = false;
      }
    }
    m_scan = i;  // fill() keeps it pointing at the same byte when it moves the data
    std::size_t consumed = 0;
    if (found) {
      newline = i;
      consumed = i + 1;
    } else if (!m_eof && fill()) {
      continue;
    } else if (m_begin == m_end) {
      return false;
    } else {
      if (m_in_quotes) {
        throw data_error("unterminated quoted field", Location{m_source.name(), m_line});
      }
      newline = m_end;
      consumed = m_end;
    }

    std::size_t begin = m_begin;
    std::size_t end = newline;
    if (end > begin && m_buffer[end - 1] == '\r') {
      --end;
    }
    const bool saw_quote = m_saw_quote;
    std::size_t embedded_lines = 0;
    if (saw_quote) {
      for (std::size_t k = begin; k < end; ++k) {
        embedded_lines += m_buffer[k] == '\n' ? 1 : 0;
      }
    }
    m_begin = consumed;
    m_scan = consumed;
    m_saw_quote = false;
    m_in_quotes = false;

    record.line = m_line;
    m_line += 1 + embedded_lines;
    record.fields.clear();
    record.columns.clear();

    if (m_options.separator == Separator::whitespace) {
      split_whitespace(begin, end, record);
      if (record.fields.empty()) {
        continue;
      }
      return true;
    }
    if (begin == end) {
      continue;  // blank line
    }
    if (saw_quote) {
      split_quoted(begin, end, record);
    } else {
      split_plain(begin, end, record);
    }
    return true;
  }
}

void CsvReader::split_plain(std::size_t begin, std::size_t end, CsvRecord& record) {
  const char* base = m_buffer.data();
  std::size_t field = begin;
  for (;;) {
    const void* hit = std::memchr(base + field, m_options.delimiter, end - field);
    const std::size_t stop = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - base) : end;
    record.fields.emplace_back(base + field, stop - field);
    record.columns.push_back(field - begin + 1);
    if (hit == nullptr) {
      return;
    }
    field = stop + 1;
  }
}

void CsvReader::split_quoted(std::size_t begin, std::size_t end, CsvRecord& record) {
  // Quoted fields are unescaped in place: the unescaped text is never longer than the raw text.
  char* base = m_buffer.data();
  std::size_t read = begin;
  for (;;) {
    const std::size_t start = read;
    const std::size_t column = start - begin + 1;
    if (read < end && base[read] == '"') {
      std::size_t write = start;
      ++read;
      for (;;) {
        if (read >= end) {
          throw data_error("unterminated quoted field", Location{m_source.name(), record.line, column});
        }
        if (base[read] == '"') {
          if (read + 1 < end && base[read + 1] == '"') {
            base[write++] = '"';
            read += 2;
            continue;
          }
          ++read;
          break;
        }
        base[write++] = base[read++];
      }
      if (read < end && base[read] != m_options.delimiter) {
        throw data_error("unexpected text after a closing quote",
                         Location{m_source.name(), record.line, read - begin + 1});
      }
      record.fields.emplace_back(base + start, write - start);
    } else {
      while (read < end && base[read] != m_options.delimiter) {
        if (base[read] == '"') {
          throw data_error("quote inside an unquoted field (quote the whole field and double the quote)",
                           Location{m_source.name(), record.line, read - begin + 1});
        }
        ++read;
      }
      record.fields.emplace_back(base + start, read - start);
    }
    record.columns.push_back(column);
    if (read >= end) {
      return;
    }
    ++read;  // the delimiter
    if (read == end) {
      record.fields.emplace_back(base + end, 0);
      record.columns.push_back(end - begin + 1);
      return;
    }
  }
}

void CsvReader::split_whitespace(std::size_t begin, std::size_t end, CsvRecord& record) {
  const char* base = m_buffer.data();
  std::size_t i = begin;
  for (;;) {
    while (i < end && is_blank(base[i])) {
      ++i;
    }
    if (i >= end) {
      return;
    }
    const std::size_t start = i;
    while (i < end && !is_blank(base[i])) {
      ++i;
    }
    record.fields.emplace_back(base + start, i - start);
    record.columns.push_back(start - begin + 1);
  }
}

}  // namespace clv::io
