#include "clv/io/csv_reader.hpp"

#include "clv/error.hpp"

#include <cstring>

namespace clv::io {

namespace {

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

}  // namespace

std::string delimiter_hint(const CsvRecord& header, const CsvOptions& options) {
  if (header.fields.size() != 1) {
    return {};
  }
  const std::string_view text = header.fields[0];
  for (const char candidate : {';', '\t', '|', ','}) {
    if (candidate != options.delimiter && text.find(candidate) != std::string_view::npos) {
      const std::string shown = candidate == '\t' ? std::string("\\t") : std::string(1, candidate);
      return "; the header looks '" + shown + "'-separated: use -d '" + shown + "'";
    }
  }
  return {};
}

CsvReader::CsvReader(InputSource& source, CsvOptions options)
    : m_options(options), m_buffer(source, "record", k_max_record_bytes) {}

bool CsvReader::next(CsvRecord& record) {
  const bool quoting = m_options.separator == Separator::delimiter;
  for (;;) {
    // Find the end of the record: a newline outside quotes.
    const char* const base = m_buffer.data();
    const std::size_t end_of_data = m_buffer.end();
    std::size_t i = m_buffer.scan();
    bool found = false;
    while (i < end_of_data) {
      if (!m_in_quotes) {
        const char* start = base + i;
        const void* lf = std::memchr(start, '\n', end_of_data - i);
        const std::size_t stop = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - base) : end_of_data;
        const void* quote = quoting ? std::memchr(start, '"', stop - i) : nullptr;
        if (quote == nullptr) {
          i = stop;
          if (lf != nullptr) {
            found = true;
          }
          break;
        }
        i = static_cast<std::size_t>(static_cast<const char*>(quote) - base);
        m_in_quotes = true;
        m_saw_quote = true;
        ++i;
      } else {
        const void* quote = std::memchr(base + i, '"', end_of_data - i);
        if (quote == nullptr) {
          i = end_of_data;
          break;
        }
        i = static_cast<std::size_t>(static_cast<const char*>(quote) - base) + 1;
        m_in_quotes = false;
      }
    }
    m_buffer.set_scan(i);  // fill() keeps it pointing at the same byte when it moves the data
    std::size_t newline = 0;
    std::size_t consumed = 0;
    if (found) {
      newline = i;
      consumed = i + 1;
    } else if (!m_buffer.eof() && m_buffer.fill(m_line)) {
      continue;
    } else if (m_buffer.begin() == m_buffer.end()) {
      return false;
    } else {
      if (m_in_quotes) {
        throw data_error("unterminated quoted field", Location{source_name(), m_line});
      }
      newline = m_buffer.end();
      consumed = m_buffer.end();
    }

    const char* const data = m_buffer.data();  // fill() may have moved it
    std::size_t begin = m_buffer.begin();
    std::size_t end = newline;
    if (end > begin && data[end - 1] == '\r') {
      --end;
    }
    const bool saw_quote = m_saw_quote;
    std::size_t embedded_lines = 0;
    if (saw_quote) {
      for (std::size_t k = begin; k < end; ++k) {
        embedded_lines += data[k] == '\n' ? 1 : 0;
      }
    }
    m_buffer.consume_to(consumed);
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
          throw data_error("unterminated quoted field", Location{source_name(), record.line, column});
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
                         Location{source_name(), record.line, read - begin + 1});
      }
      record.fields.emplace_back(base + start, write - start);
    } else {
      while (read < end && base[read] != m_options.delimiter) {
        if (base[read] == '"') {
          throw data_error("quote inside an unquoted field (quote the whole field and double the quote)",
                           Location{source_name(), record.line, read - begin + 1});
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
