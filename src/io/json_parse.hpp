#pragma once
// A parsed JSON document whose destruction cannot fail for want of memory. nlohmann frees a
// tree with an explicit stack (a vector it allocates), so when memory runs out while the tree
// is built or used, destroying it during unwinding would throw again inside a destructor:
// std::terminate. ParsedJson holds a reserve block for as long as the tree lives, declared after
// it so that it is always freed first; the tree's destruction then finds memory again (the
// stack needs about 32 bytes per element of the largest array, and every element took at least
// 2 bytes of text). Running out of memory is then an ordinary std::bad_alloc.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string_view>

namespace clv::io {

template <class Json>
class ParsedJson {
 public:
  // Throws Json::parse_error / out_of_range as Json::parse does, std::bad_alloc when out of memory.
  explicit ParsedJson(std::string_view text)
      : m_reserve(new char[std::min(text.size() * 16 + (std::size_t{1} << 20), std::size_t{64} << 20)]) {
    nlohmann::detail::json_sax_dom_parser<Json> builder(m_document, true);
    Json::sax_parse(text.begin(), text.end(), &builder);
  }

  [[nodiscard]] Json& document() noexcept { return m_document; }

 private:
  Json m_document;
  std::unique_ptr<char[]> m_reserve;  // destroyed before m_document
};

}  // namespace clv::io
