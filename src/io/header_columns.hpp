#pragma once
// Column lookup by header name for the small discrete-time readers (contracts, cohorts,
// opportunities): names matched case-insensitively, each role with its aliases, a repeated
// column refused, and numbers parsed with the field's location in every message.

#include "clv/error.hpp"
#include "clv/io/csv_reader.hpp"
#include "clv/io/header.hpp"
#include "clv/io/number.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clv::io::detail {

inline std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

class HeaderColumns {
 public:
  HeaderColumns(const CsvRecord& header, std::string file) : m_header(header), m_file(std::move(file)) {
    for (const auto field : header.fields) {
      m_names.push_back(lower(field));
    }
  }
  // The column of the first alias present, if any; a second column with any alias is an error.
  [[nodiscard]] std::optional<std::size_t> find(std::initializer_list<std::string_view> aliases) const {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < m_names.size(); ++i) {
      if (std::find(aliases.begin(), aliases.end(), m_names[i]) != aliases.end()) {
        if (found) {
          throw data_error("column appears twice", Location{m_file, m_header.line, m_header.columns[i],
                                                            std::string(m_header.fields[i])});
        }
        found = i;
      }
    }
    return found;
  }
  [[nodiscard]] std::size_t require(std::initializer_list<std::string_view> aliases, std::string_view what) const {
    if (const auto column = find(aliases)) {
      return *column;
    }
    throw data_error(fmt::format("missing required column ({})", what),
                     Location{m_file, m_header.line, 0, std::string(*aliases.begin())});
  }
  [[nodiscard]] std::size_t size() const noexcept { return m_names.size(); }
  [[nodiscard]] std::string_view name(std::size_t column) const { return m_header.fields.size() > column ? std::string_view(m_names[column]) : ""; }

 private:
  CsvRecord m_header;
  std::string m_file;
  std::vector<std::string> m_names;
};

// Where a field of `record` is, for messages.
inline Location field_location(const std::string& file, const CsvRecord& record, std::size_t column,
                               std::string_view field) {
  return Location{file, record.line, column < record.columns.size() ? record.columns[column] : 0, std::string(field)};
}

inline void require_fields(const std::string& file, const CsvRecord& record, std::size_t count) {
  require_row_width(record, count, file);
}

// A whole number >= 0.
inline double count_field(const std::string& file, const CsvRecord& record, std::size_t column, std::string_view field) {
  const ParsedCount parsed = parse_count(record.fields[column]);
  if (parsed.problem != NumberProblem::none) {
    throw data_error(fmt::format("'{}' {}", record.fields[column],
                                 parsed.problem == NumberProblem::negative ? "must not be negative"
                                 : parsed.problem == NumberProblem::not_integer
                                     ? "is not a whole number"
                                     : describe(parsed.problem)),
                     field_location(file, record, column, field));
  }
  return static_cast<double>(parsed.value);
}

// A finite number > 0 (weights).
inline double positive_field(const std::string& file, const CsvRecord& record, std::size_t column,
                             std::string_view field) {
  const ParsedNumber parsed = parse_number(record.fields[column]);
  if (parsed.problem != NumberProblem::none) {
    throw data_error(fmt::format("'{}' {}", record.fields[column], describe(parsed.problem)),
                     field_location(file, record, column, field));
  }
  if (!(parsed.value > 0.0)) {
    throw data_error(fmt::format("'{}' must be positive", record.fields[column]),
                     field_location(file, record, column, field));
  }
  return parsed.value;
}

// Ids kept with where they were, checked for duplicates once all are read: a sort of
// (hash, position) pairs instead of a hash map of strings (a million ids cost a few tens of
// milliseconds). Reports the duplicate a top-to-bottom scan would meet first.
class IdColumn {
 public:
  void add(std::string id, std::size_t line, std::size_t column) {
    m_ids.push_back(std::move(id));
    m_places.push_back({line, column});
  }
  void check_duplicates(const std::string& file, std::string_view field) const {
    std::vector<std::pair<std::size_t, std::uint32_t>> keys(m_ids.size());
    for (std::size_t i = 0; i < m_ids.size(); ++i) {
      keys[i] = {std::hash<std::string>{}(m_ids[i]), static_cast<std::uint32_t>(i)};
    }
    std::sort(keys.begin(), keys.end());
    std::size_t repeat = m_ids.size();  // the earliest second occurrence
    std::size_t first = 0;
    for (std::size_t i = 0; i < keys.size();) {
      std::size_t end = i + 1;
      while (end < keys.size() && keys[end].first == keys[i].first) {
        ++end;
      }
      // Within a run of equal hashes (in position order), compare the ids themselves.
      for (std::size_t a = i; a < end; ++a) {
        for (std::size_t b = a + 1; b < end; ++b) {
          if (keys[b].second < repeat && m_ids[keys[a].second] == m_ids[keys[b].second]) {
            repeat = keys[b].second;
            first = keys[a].second;
            break;
          }
        }
      }
      i = end;
    }
    if (repeat < m_ids.size()) {
      throw data_error(fmt::format("duplicate id (first on line {})", m_places[first].line),
                       Location{file, m_places[repeat].line, m_places[repeat].column, std::string(field)});
    }
  }
  [[nodiscard]] std::vector<std::string> release() { return std::move(m_ids); }
  void reserve(std::size_t rows) {
    m_ids.reserve(rows);
    m_places.reserve(rows);
  }

 private:
  struct Place {
    std::size_t line;
    std::size_t column;
  };
  std::vector<std::string> m_ids;
  std::vector<Place> m_places;
};

}  // namespace clv::io::detail
