#pragma once
// Where bytes come from: a file, standard input ("-"), or gzip-compressed file (".gz"), read in
// chunks so that logs larger than memory stream through.

#include <cstddef>
#include <memory>
#include <string>

namespace clv::io {

class InputSource {
 public:
  virtual ~InputSource() = default;
  // Reads up to `size` bytes; returns 0 only at the end of the input. Throws clv::Error
  // (no_input, exit 66) when reading fails part way.
  virtual std::size_t read(char* into, std::size_t size) = 0;
  // The name used in messages: the path as given, or "<stdin>".
  [[nodiscard]] virtual const std::string& name() const noexcept = 0;
  // The size in bytes of a regular file (to reserve memory once); 0 when unknown (pipes,
  // compressed files). Never read ahead to find out: pipes and FIFOs are read once.
  [[nodiscard]] virtual std::size_t size_hint() const noexcept { return 0; }
};

// The name under which standard input appears in messages.
inline constexpr const char* k_stdin_name = "<stdin>";

// Opens `path` for reading: "-" or "" is standard input, a name ending in ".gz" is decompressed
// on the fly. Throws clv::Error (no_input, exit 66) when the file cannot be opened or is a
// directory.
[[nodiscard]] std::unique_ptr<InputSource> open_input(const std::string& path);

// An in-memory input, for tests and for text already read.
[[nodiscard]] std::unique_ptr<InputSource> memory_input(std::string text, std::string name);

// Serves `prefix` (bytes already read from `rest`, e.g. to sniff the format), then the rest of
// `rest`, under `rest`'s name. `rest` must outlive the result.
[[nodiscard]] std::unique_ptr<InputSource> prefixed_input(std::string prefix, InputSource& rest);

// Reads the whole of `source` into a string (for formats that are not streamed, like JSON).
[[nodiscard]] std::string read_all(InputSource& source);

}  // namespace clv::io
