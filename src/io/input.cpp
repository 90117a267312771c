#include "clv/io/input.hpp"

#include "clv/error.hpp"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace clv::io {

namespace {

class FileInput final : public InputSource {
 public:
  FileInput(std::FILE* file, std::string name, bool owned)
      : m_file(file), m_name(std::move(name)), m_owned(owned) {}
  ~FileInput() override {
    if (m_owned) {
      std::fclose(m_file);
    }
  }
  FileInput(const FileInput&) = delete;
  FileInput& operator=(const FileInput&) = delete;

  std::size_t read(char* into, std::size_t size) override {
    const std::size_t count = std::fread(into, 1, size, m_file);
    if (count == 0 && std::ferror(m_file)) {
      throw Error(ExitCode::no_input, fmt_errno("cannot read input"), Location{m_name});
    }
    return count;
  }
  const std::string& name() const noexcept override { return m_name; }
  std::size_t size_hint() const noexcept override {
    struct stat status {};
    if (fstat(fileno(m_file), &status) != 0 || !S_ISREG(status.st_mode)) {
      return 0;  // a pipe, FIFO or terminal: unknown
    }
    return static_cast<std::size_t>(status.st_size);
  }

 private:
  static std::string fmt_errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }
  std::FILE* m_file;
  std::string m_name;
  bool m_owned;
};

class GzipInput final : public InputSource {
 public:
  GzipInput(gzFile file, std::string name) : m_file(file), m_name(std::move(name)) {}
  ~GzipInput() override { gzclose(m_file); }
  GzipInput(const GzipInput&) = delete;
  GzipInput& operator=(const GzipInput&) = delete;

  std::size_t read(char* into, std::size_t size) override {
    const int count = gzread(m_file, into, static_cast<unsigned>(size));
    if (count < 0) {
      int code = 0;
      const char* message = gzerror(m_file, &code);
      throw Error(ExitCode::data_error, std::string("corrupt gzip data: ") + message, Location{m_name});
    }
    if (count == 0) {
      // zlib reports a file cut short only through gzerror: without this check a truncated
      // download would read as a shorter, valid-looking file.
      int code = Z_OK;
      (void)gzerror(m_file, &code);
      if (code == Z_BUF_ERROR) {
        throw Error(ExitCode::data_error, "truncated gzip file (unexpected end of compressed data)",
                    Location{m_name});
      }
    }
    return static_cast<std::size_t>(count);
  }
  const std::string& name() const noexcept override { return m_name; }

 private:
  gzFile m_file;
  std::string m_name;
};

class MemoryInput final : public InputSource {
 public:
  MemoryInput(std::string text, std::string name) : m_text(std::move(text)), m_name(std::move(name)) {}
  std::size_t read(char* into, std::size_t size) override {
    const std::size_t count = std::min(size, m_text.size() - m_offset);
    std::memcpy(into, m_text.data() + m_offset, count);
    m_offset += count;
    return count;
  }
  const std::string& name() const noexcept override { return m_name; }

 private:
  std::string m_text;
  std::string m_name;
  std::size_t m_offset = 0;
};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::unique_ptr<InputSource> open_input(const std::string& path) {
  if (path.empty() || path == "-") {
    return std::make_unique<FileInput>(stdin, k_stdin_name, false);
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw input_error(path, std::strerror(errno));
  }
  // A directory opens for reading on Linux and fails only at the first read.
  struct stat status {};
  if (fstat(fileno(file), &status) == 0 && S_ISDIR(status.st_mode)) {
    std::fclose(file);
    throw input_error(path, std::strerror(EISDIR));
  }
  if (ends_with(path, ".gz")) {
    std::fclose(file);  // opened only to report a missing or unreadable file the usual way
    gzFile compressed = gzopen(path.c_str(), "rb");
    if (compressed == nullptr) {
      throw input_error(path, "cannot start gzip decompression");
    }
    gzbuffer(compressed, 1 << 18);
    return std::make_unique<GzipInput>(compressed, path);
  }
  return std::make_unique<FileInput>(file, path, true);
}

std::unique_ptr<InputSource> memory_input(std::string text, std::string name) {
  return std::make_unique<MemoryInput>(std::move(text), std::move(name));
}

std::string read_all(InputSource& source) {
  std::string text;
  std::size_t used = 0;
  text.resize(1 << 16);
  for (;;) {
    const std::size_t count = source.read(text.data() + used, text.size() - used);
    if (count == 0) {
      break;
    }
    used += count;
    if (used == text.size()) {
      text.resize(text.size() * 2);
    }
  }
  text.resize(used);
  return text;
}

namespace {

class PrefixedInput final : public InputSource {
 public:
  PrefixedInput(std::string prefix, InputSource& rest) : m_prefix(std::move(prefix)), m_rest(rest) {}
  std::size_t read(char* into, std::size_t size) override {
    if (m_offset < m_prefix.size()) {
      const std::size_t count = std::min(size, m_prefix.size() - m_offset);
      std::memcpy(into, m_prefix.data() + m_offset, count);
      m_offset += count;
      return count;
    }
    return m_rest.read(into, size);
  }
  const std::string& name() const noexcept override { return m_rest.name(); }
  std::size_t size_hint() const noexcept override { return m_rest.size_hint(); }

 private:
  std::string m_prefix;
  std::size_t m_offset = 0;
  InputSource& m_rest;
};

}  // namespace

std::unique_ptr<InputSource> prefixed_input(std::string prefix, InputSource& rest) {
  return std::make_unique<PrefixedInput>(std::move(prefix), rest);
}

}  // namespace clv::io
