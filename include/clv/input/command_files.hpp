#pragma once
// What each clv command reads as FILE, and which of its options change that: the shell
// completion offers after --column the fields FILE can have (mappable_fields of table.hpp).

#include "clv/input/table.hpp"

#include <span>
#include <string_view>

namespace clv::input {

// With `option` (its long name) given, FILE is read for `use`.
struct FileSwitch {
  std::string_view option;
  Use use;
};

struct CommandFile {
  std::string_view command;
  Use use;                               // without any of `switches`
  std::span<const FileSwitch> switches;  // the first one given decides
};

// The entry of `command`; nullptr for one that reads no table through --column.
[[nodiscard]] const CommandFile* command_file(std::string_view command) noexcept;

}  // namespace clv::input
