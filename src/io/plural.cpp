#include "clv/io/plural.hpp"

#include "clv/io/table_writer.hpp"

namespace clv::io {

std::string counted(double count, std::string_view text, std::string_view singular, std::string_view plural) {
  std::string out(text);
  out += ' ';
  out += count == 1.0 ? singular : plural;
  return out;
}

std::string counted(double count, std::string_view singular, std::string_view plural) {
  return counted(count, format_grouped(count, 0), singular, plural);
}

std::string_view singular_unit(std::string_view plural_unit) {
  if (plural_unit.size() > 1 && plural_unit.back() == 's') {
    plural_unit.remove_suffix(1);
  }
  return plural_unit;
}

}  // namespace clv::io
