#pragma once
// A streaming reader for delimited text: RFC 4180 CSV (quoted fields, "" escapes, embedded
// newlines), TSV or any one-byte delimiter, and whitespace-separated columns (the classic CDNOW
// files). UTF-8 BOM and CRLF line ends are accepted. Blank lines are skipped.
//
// Memory does not grow with the file: the reader keeps one buffer and hands out fields as views
// into it, valid until the next call to next().

#include "clv/io/chunk_buffer.hpp"
#include "clv/io/input.hpp"
#include "clv/io/number.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace clv::io {

enum class Separator {
  delimiter,   // one byte, CsvOptions::delimiter, with RFC 4180 quoting
  whitespace,  // runs of spaces and tabs, no quoting; leading and trailing blanks ignored
};

struct CsvOptions {
  Separator separator = Separator::delimiter;
  char delimiter = ',';
  // How the readers built on this one read numbers: "85.50", or "85,50" and "1.200,00".
  DecimalMark decimal = DecimalMark::point;
};

struct CsvRecord {
  std::size_t line = 0;                   // line number (1-based) where the record starts
  std::vector<std::string_view> fields;   // unescaped field text
  std::vector<std::size_t> columns;       // 1-based byte column where each field starts
};

// The longest record accepted; anything longer is a data error rather than unbounded memory use.
inline constexpr std::size_t k_max_record_bytes = std::size_t{64} << 20;

// When a header row is one field that another delimiter would split (a semicolon file read as
// comma-separated), the advice for a "no such column" message: "; the header looks
// ';'-separated: use -d ';'". Empty otherwise.
[[nodiscard]] std::string delimiter_hint(const CsvRecord& header, const CsvOptions& options);

class CsvReader {
 public:
  CsvReader(InputSource& source, CsvOptions options = {});

  // Reads the next non-blank record into `record`; returns false at the end of the input.
  // Throws clv::Error (data_error) for an unterminated quote, a quote inside an unquoted field,
  // text after a closing quote, or a record longer than k_max_record_bytes.
  bool next(CsvRecord& record);

  [[nodiscard]] const std::string& source_name() const noexcept { return m_buffer.source_name(); }
  [[nodiscard]] DecimalMark decimal_mark() const noexcept { return m_options.decimal; }
  [[nodiscard]] const CsvOptions& options() const noexcept { return m_options; }

 private:
  void split_plain(std::size_t begin, std::size_t end, CsvRecord& record);
  void split_quoted(std::size_t begin, std::size_t end, CsvRecord& record);
  void split_whitespace(std::size_t begin, std::size_t end, CsvRecord& record);

  CsvOptions m_options;
  ChunkBuffer m_buffer;
  bool m_in_quotes = false;  // the search for the record's end (ChunkBuffer::scan) is inside quotes
  bool m_saw_quote = false;
  std::size_t m_line = 1;
};

}  // namespace clv::io
