#include "clv/io/json_errors.hpp"

#include <catch2/catch.hpp>

using clv::io::json_error_message;
using clv::io::json_error_position;

TEST_CASE("json_error_message keeps what went wrong, without nlohmann's id and position") {
  CHECK(json_error_message("[json.exception.parse_error.101] parse error at line 2, column 7: syntax error while "
                           "parsing value - unexpected '}'") == "syntax error while parsing value - unexpected '}'");
  CHECK(json_error_message("[json.exception.out_of_range.406] number overflow parsing '1e400'") ==
        "number overflow parsing '1e400'");
  CHECK(json_error_message("something else") == "something else");
}

TEST_CASE("json_error_position counts lines and columns up to the character blamed") {
  // nlohmann's byte offset is 1-based and counts the character blamed: byte 10 is the 'x', in
  // column 8 of line 2.
  const std::string text = "{\n  \"a\": x\n}";
  CHECK(json_error_position(text, 10).line == 2);
  CHECK(json_error_position(text, 10).column == 8);
  CHECK(json_error_position(text, 1).line == 1);
  CHECK(json_error_position(text, 1).column == 1);
  CHECK(json_error_position(text, 0).column == 1);
  // Past the end (end of input): the position just after the last character.
  CHECK(json_error_position(text, 100).line == 3);
  CHECK(json_error_position(text, 100).column == 2);
}
