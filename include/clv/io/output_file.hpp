#pragma once
// Where output goes: standard output, or the file the user named with -o. What the name refers
// to decides how it is written (docs/reliability.md, "Output files"):
//  - a regular file is written to a temporary `FILE.clv-tmp-XXXXXX` beside it and renamed into
//    place by commit(), keeping the old file's mode (and owner, where clv may set it); if clv
//    fails or is interrupted before that, the temporary is removed and the file is untouched;
//  - a symbolic link writes the file it points to (the link stays a link);
//  - a file with other hard links, a file clv may not re-create with its owner, or a writable
//    file in a directory clv cannot write is staged in an anonymous temporary file and copied
//    over the old contents at commit() (every name keeps pointing at the same file);
//  - a device, FIFO, socket, /dev/stdout, /dev/fd/N (process substitution) is written directly,
//    as it is produced: a stream cannot be replaced atomically.
// A name ending in .gz (any case) is written gzip-compressed, whatever it refers to.

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace clv::io {

// A name ending in .gz, any case: written (and read) gzip-compressed.
[[nodiscard]] bool is_gzip_name(std::string_view path) noexcept;

class Output {
 public:
  // "" or "-" is standard output. Throws clv::Error (cannot_create, exit 73) when the target
  // cannot be written: a directory, a read-only file, a missing directory, ...
  explicit Output(const std::string& path);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view text);
  // Writes everything out and puts a file in place. Throws clv::Error (exit 73).
  void commit();

  [[nodiscard]] bool is_terminal() const noexcept { return m_terminal; }
  // The name for messages: the path as given, or "standard output".
  [[nodiscard]] const std::string& name() const noexcept { return m_name; }

 private:
  friend void commit_outputs(std::initializer_list<Output*> outputs);
  enum class Mode { stream, replace, in_place };

  void open_file(const std::string& path);
  void open_stream(int descriptor);
  struct Gzip;  // the deflate stream of a .gz name
  void flush();
  void write_out(const char* data, std::size_t size);
  void finish();   // every byte written to its first destination (and synced)
  void publish();  // a staged file put in place
  [[noreturn]] void fail(int error_number) const;

  std::string m_name;
  Mode m_mode = Mode::stream;
  int m_descriptor = -1;        // where write() goes: the stream, or the temporary file
  int m_target_descriptor = -1;  // in_place: the file that receives the staged bytes
  bool m_owns_descriptor = false;
  std::string m_target;      // replace: the resolved path renamed over
  std::string m_temp_path;   // replace: the temporary beside it
  std::string m_buffer;
  std::unique_ptr<Gzip> m_gzip;  // set for a .gz name
  bool m_finished = false;
  bool m_committed = false;
  bool m_terminal = false;
};

// Commits the outputs of one command together: each is written out and synced before any file
// is put in place, so that when one fails (a full disk, a closed pipe) no file is changed.
void commit_outputs(std::initializer_list<Output*> outputs);

// Throws a usage error when `first` and `second` (e.g. --save and -o) are the same file: through
// a link, a hard link or another spelling of the path, one would silently replace the other.
// Standard output, devices and FIFOs are streams and may be shared.
void require_distinct_outputs(const std::string& first, const std::string& second, const std::string& what);

// Removes the temporary files of outputs not yet committed. Async-signal-safe: called from the
// handlers of SIGINT, SIGTERM and SIGHUP before clv dies of the signal.
void remove_temporary_files() noexcept;

}  // namespace clv::io
