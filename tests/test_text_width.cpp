// UTF-8 validation (is_valid_utf8), which the readers apply to ids, names and referrers.
#include "clv/io/text_width.hpp"

#include <catch2/catch.hpp>

#include <string>

using clv::io::is_valid_utf8;

TEST_CASE("is_valid_utf8 accepts well-formed text", "[text_width]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("customer_0001 plain ASCII"));
  CHECK(is_valid_utf8("Jos\xC3\xA9"));                    // é, two bytes
  CHECK(is_valid_utf8("\xE5\xBC\xA0\xE4\xBC\x9F"));       // 张伟, three bytes each
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));               // U+1F600, four bytes
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));               // U+10FFFF, the last code point
  CHECK(is_valid_utf8("\xED\x9F\xBF" "\xEE\x80\x80"));    // U+D7FF and U+E000 around the surrogates
  CHECK(is_valid_utf8("0123456789abcdef\xC3\xA9" "0123456789abcdef"));  // ASCII runs either side
}

TEST_CASE("is_valid_utf8 rejects malformed text", "[text_width]") {
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("abc\x80"));                  // a stray continuation byte
  CHECK_FALSE(is_valid_utf8("pay\xE2\x82"));              // € without its last byte
  CHECK_FALSE(is_valid_utf8("\xE2\x82" "abc"));           // ... followed by ASCII
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));                 // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));             // overlong, three bytes
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));             // surrogate U+D800
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));         // U+110000
  CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
}

TEST_CASE("is_valid_utf8 finds a bad byte at any offset around its 8-byte ASCII steps", "[text_width]") {
  for (std::size_t length = 1; length <= 24; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      std::string text(length, 'a');
      text[at] = '\xFF';
      INFO("length " << length << ", bad byte at " << at);
      CHECK_FALSE(is_valid_utf8(text));
      text[at] = 'b';
      CHECK(is_valid_utf8(text));
    }
  }
}

TEST_CASE("is_ascii sees a high byte at any offset of any short length", "[text_width]") {
  for (std::size_t length = 0; length <= 20; ++length) {
    std::string text(length, 'z');
    CHECK(clv::io::is_ascii(text));
    for (std::size_t at = 0; at < length; ++at) {
      text[at] = '\x80';
      INFO("length " << length << ", high byte at " << at);
      CHECK_FALSE(clv::io::is_ascii(text));
      text[at] = '\x7F';
      CHECK(clv::io::is_ascii(text));
      text[at] = 'z';
    }
  }
}
