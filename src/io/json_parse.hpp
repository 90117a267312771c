#pragma once
// How every clv reader parses JSON (model files, customer files, clv's JSON tables, JSON lines
// logs): parse_json_refusing_duplicates, nlohmann's parser refusing a key named twice in one
// object (or an object of more than k_max_object_keys keys); and ParsedJson for a whole file.
//
// ParsedJson: a parsed JSON document whose destruction cannot fail for want of memory. nlohmann
// frees a tree with an explicit stack (a vector it allocates), so when memory runs out while the
// tree is built or used, destroying it during unwinding would throw again inside a destructor:
// std::terminate. ParsedJson holds a reserve block for as long as the tree lives, declared after
// it so that it is always freed first; the tree's destruction then finds memory again (the
// stack needs about 32 bytes per element of the largest array, and every element took at least
// 2 bytes of text). Running out of memory is then an ordinary std::bad_alloc.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace clv::io {

// A key every clv reader refuses: one that its object already holds (nlohmann would keep the
// last value without a word, and which one the writer meant cannot be known), or one past
// k_max_object_keys in its object.
class JsonKeyRefused : public std::runtime_error {
 public:
  JsonKeyRefused(std::string message, std::string field, std::size_t byte)
      : std::runtime_error(std::move(message)), m_field(std::move(field)), m_byte(byte) {}

  // Where the key is: "parameters.r", "customers[2].id" (array elements counted from 0).
  [[nodiscard]] const std::string& field() const noexcept { return m_field; }
  // The 1-based offset of the second key's opening quote, as nlohmann's parse_error::byte (for
  // json_error_position).
  [[nodiscard]] std::size_t byte() const noexcept { return m_byte; }

 private:
  std::string m_field;
  std::size_t m_byte;
};

// The most keys one object may have. No clv input comes near it (a model file's parameters, a
// customer, a log row or a table row hold a few dozen); nlohmann's order-keeping objects look up
// every key they hold on each insert, so without a limit one hostile object of 200,000 keys took
// 25 s to read.
inline constexpr std::size_t k_max_object_keys = 1'000;

namespace json_parse_detail {

// Characters of the text as nlohmann's lexer reads them, publishing how far it has read: when
// the parser reports a key, the lexer has just read its closing quote.
class TrackedChars {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackedChars(const char* at, const char** reached) noexcept : m_at(at), m_reached(reached) {}
  reference operator*() const noexcept { return *m_at; }
  TrackedChars& operator++() noexcept {
    *m_reached = ++m_at;
    return *this;
  }
  TrackedChars operator++(int) noexcept {
    TrackedChars before = *this;
    ++*this;
    return before;
  }
  friend bool operator==(const TrackedChars& a, const TrackedChars& b) noexcept { return a.m_at == b.m_at; }
  friend bool operator!=(const TrackedChars& a, const TrackedChars& b) noexcept { return a.m_at != b.m_at; }

 private:
  const char* m_at;
  const char** m_reached;
};

// nlohmann's DOM builder with one more check: no object may name a key twice. Objects in clv's
// inputs are small (a model file's parameters, a customer, a log row), so each key is compared
// with the keys its object already has; an object past k_scanned_keys keys (a hostile file) is
// looked up in a hash set instead, so the check stays linear.
template <class Json>
class DuplicateCheckingBuilder {
 public:
  using number_integer_t = typename Json::number_integer_t;
  using number_unsigned_t = typename Json::number_unsigned_t;
  using number_float_t = typename Json::number_float_t;
  using string_t = typename Json::string_t;
  using binary_t = typename Json::binary_t;

  DuplicateCheckingBuilder(Json& document, std::string_view text, const char* const* reached)
      : m_builder(document, true), m_text(text), m_reached(reached) {}

  bool null() { return element() && m_builder.null(); }
  bool boolean(bool value) { return element() && m_builder.boolean(value); }
  bool number_integer(number_integer_t value) { return element() && m_builder.number_integer(value); }
  bool number_unsigned(number_unsigned_t value) { return element() && m_builder.number_unsigned(value); }
  bool number_float(number_float_t value, const string_t& text) {
    return element() && m_builder.number_float(value, text);
  }
  bool string(string_t& value) { return element() && m_builder.string(value); }
  bool binary(binary_t& value) { return element() && m_builder.binary(value); }

  bool start_object(std::size_t size) {
    element();
    m_frames.push_back(Frame{false, 0, m_keys.size(), nullptr});
    return m_builder.start_object(size);
  }
  bool key(string_t& key) {
    Frame& frame = m_frames.back();
    if (m_keys.size() - frame.first_key >= k_max_object_keys) {
      refuse(key, fmt::format("an object with more than {} keys", k_max_object_keys));
    }
    if (frame.many) {
      if (!frame.many->insert(key).second) {
        refuse(key, fmt::format("duplicate key \"{}\"", key));
      }
    } else {
      for (std::size_t i = frame.first_key; i < m_keys.size(); ++i) {
        if (m_keys[i] == key) {
          refuse(key, fmt::format("duplicate key \"{}\"", key));
        }
      }
      if (m_keys.size() - frame.first_key >= k_scanned_keys) {
        const auto first = m_keys.begin() + static_cast<std::ptrdiff_t>(frame.first_key);
        frame.many = std::make_unique<std::unordered_set<std::string>>(first, m_keys.end());
        frame.many->insert(key);
      }
    }
    m_keys.push_back(key);
    return m_builder.key(key);
  }
  bool end_object() {
    m_keys.resize(m_frames.back().first_key);
    m_frames.pop_back();
    return m_builder.end_object();
  }
  bool start_array(std::size_t size) {
    element();
    m_frames.push_back(Frame{true, 0, m_keys.size(), nullptr});
    return m_builder.start_array(size);
  }
  bool end_array() {
    m_frames.pop_back();
    return m_builder.end_array();
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
    return m_builder.parse_error(position, token, error);
  }

 private:
  static constexpr std::size_t k_scanned_keys = 32;

  struct Frame {
    bool array = false;
    std::size_t elements = 0;   // an array's elements begun so far
    std::size_t first_key = 0;  // where an object's keys start in m_keys
    std::unique_ptr<std::unordered_set<std::string>> many;
  };

  // A value begins: in an array, it is the next element.
  bool element() {
    if (!m_frames.empty() && m_frames.back().array) {
      ++m_frames.back().elements;
    }
    return true;
  }

  [[noreturn]] void refuse(const std::string& key, std::string message) const {
    std::string field;
    const auto add_key = [&field](const std::string& name) {
      if (!field.empty()) {
        field.push_back('.');
      }
      field.append(name);
    };
    for (std::size_t i = 0; i + 1 < m_frames.size(); ++i) {
      if (m_frames[i].array) {
        field.push_back('[');
        field.append(std::to_string(m_frames[i].elements - 1));
        field.push_back(']');
      } else {
        // The object's current key is the last one before its child's keys.
        add_key(m_keys[m_frames[i + 1].first_key - 1]);
      }
    }
    add_key(key);
    throw JsonKeyRefused(std::move(message), std::move(field), opening_quote() + 1);
  }

  // The offset of the key's opening quote: the lexer has just read its closing one; inside the
  // key, a quote is escaped by an odd number of backslashes.
  std::size_t opening_quote() const noexcept {
    const std::size_t closing = static_cast<std::size_t>(*m_reached - m_text.data()) - 1;
    for (std::size_t i = closing; i-- > 0;) {
      if (m_text[i] == '"') {
        std::size_t backslashes = 0;
        while (backslashes < i && m_text[i - 1 - backslashes] == '\\') {
          ++backslashes;
        }
        if (backslashes % 2 == 0) {
          return i;
        }
      }
    }
    return closing;
  }

  nlohmann::detail::json_sax_dom_parser<Json> m_builder;
  std::string_view m_text;
  const char* const* m_reached;
  std::vector<Frame> m_frames;
  std::vector<std::string> m_keys;  // the keys of every open object, outermost first
};

}  // namespace json_parse_detail

// Parses `text` into `document` as Json::parse does (throws Json::parse_error, out_of_range),
// and throws JsonKeyRefused for an object that names a key twice or has too many keys.
template <class Json>
void parse_json_refusing_duplicates(std::string_view text, Json& document) {
  const char* reached = text.data();
  json_parse_detail::DuplicateCheckingBuilder<Json> builder(document, text, &reached);
  Json::sax_parse(json_parse_detail::TrackedChars(text.data(), &reached),
                  json_parse_detail::TrackedChars(text.data() + text.size(), &reached), &builder);
}

template <class Json>
class ParsedJson {
 public:
  // Throws Json::parse_error / out_of_range as Json::parse does, JsonKeyRefused as
  // parse_json_refusing_duplicates, std::bad_alloc when out of memory.
  explicit ParsedJson(std::string_view text)
      : m_reserve(new char[std::min(text.size() * 16 + (std::size_t{1} << 20), std::size_t{64} << 20)]) {
    parse_json_refusing_duplicates(text, m_document);
  }

  [[nodiscard]] Json& document() noexcept { return m_document; }

 private:
  Json m_document;
  std::unique_ptr<char[]> m_reserve;  // destroyed before m_document
};

}  // namespace clv::io
