#include "clv/io/output_file.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <new>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <stdlib.h>  // mkstemp
#include <sys/stat.h>
#include <unistd.h>
#include <vector>
#include <zlib.h>

namespace clv::io {

namespace {

constexpr std::size_t k_flush_bytes = std::size_t{1} << 20;
constexpr std::string_view k_temp_suffix = ".clv-tmp-XXXXXX";
constexpr std::string_view k_stdout_name = "standard output";

// Temporary files a signal handler must remove: fixed slots of fixed size, because the handler
// may neither allocate nor take a lock. A slot is filled before it is marked used and marked
// unused before it is reused.
struct TemporarySlot {
  volatile std::sig_atomic_t used = 0;
  std::array<char, PATH_MAX> path{};
};
std::array<TemporarySlot, 8> g_temporaries;

void remember_temporary(const std::string& path) {
  if (path.size() >= PATH_MAX) {
    return;  // too long to keep: left behind by a signal, removed on every other failure
  }
  for (TemporarySlot& slot : g_temporaries) {
    if (slot.used == 0) {
      std::memcpy(slot.path.data(), path.c_str(), path.size() + 1);
      std::atomic_signal_fence(std::memory_order_seq_cst);
      slot.used = 1;
      return;
    }
  }
}

void forget_temporary(const std::string& path) {
  for (TemporarySlot& slot : g_temporaries) {
    if (slot.used != 0 && path == slot.path.data()) {
      slot.used = 0;
      return;
    }
  }
}

// write(2) until everything is written; false with errno set otherwise.
bool write_all(int descriptor, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(descriptor, data, size);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

// The descriptor a name stands for: /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N (what
// `-o >(cmd)` passes). Such a name is written through the descriptor already open, so that a
// pipe, a socket or a file opened for appending by the shell gets the output as it expects.
int descriptor_name(std::string_view path) {
  if (path == "/dev/stdout") {
    return STDOUT_FILENO;
  }
  if (path == "/dev/stderr") {
    return STDERR_FILENO;
  }
  for (const std::string_view prefix : {std::string_view("/dev/fd/"), std::string_view("/proc/self/fd/")}) {
    if (path.substr(0, prefix.size()) == prefix) {
      const std::string_view digits = path.substr(prefix.size());
      if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
        return -1;
      }
      int descriptor = 0;
      for (const char digit : digits) {
        descriptor = descriptor * 10 + (digit - '0');
      }
      return descriptor;
    }
  }
  return -1;
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// Follows symbolic links to the file they name (which may not exist yet), so that the file is
// replaced and the link stays a link. Stops at a name that stands for a descriptor.
std::string follow_links(const std::string& given) {
  std::string path = given;
  for (int hop = 0; hop < 40; ++hop) {
    struct stat status {};
    if (descriptor_name(path) >= 0 || lstat(path.c_str(), &status) != 0 || !S_ISLNK(status.st_mode)) {
      return path;
    }
    std::vector<char> target(PATH_MAX + 1);
    const ssize_t length = readlink(path.c_str(), target.data(), target.size() - 1);
    if (length < 0) {
      return path;
    }
    const std::string link(target.data(), static_cast<std::size_t>(length));
    path = !link.empty() && link[0] == '/' ? link : directory_of(path) + link;
  }
  throw output_error(given, std::strerror(ELOOP));
}

// The temporary's name: FILE.clv-tmp-XXXXXX, with FILE's last component shortened so the name
// stays within the file system's limit (a 255-byte name has no room for the suffix).
std::string temporary_name(const std::string& target) {
  const std::string directory = directory_of(target);
  std::string base = target.substr(directory.size());
  const long limit = pathconf(directory.empty() ? "." : directory.c_str(), _PC_NAME_MAX);
  const std::size_t name_max = limit > 0 ? static_cast<std::size_t>(limit) : std::size_t{255};
  if (base.size() + k_temp_suffix.size() > name_max) {
    base.resize(name_max > k_temp_suffix.size() ? name_max - k_temp_suffix.size() : 0);
    while (!base.empty() && (static_cast<unsigned char>(base.back()) & 0xC0) == 0x80) {
      base.pop_back();  // no half UTF-8 character
    }
    if (!base.empty() && (static_cast<unsigned char>(base.back()) & 0xC0) == 0xC0) {
      base.pop_back();
    }
  }
  return directory + base + std::string(k_temp_suffix);
}

// An anonymous scratch file (unlinked at once, so nothing is ever left behind) in $TMPDIR.
int anonymous_file() {
  const char* directory = std::getenv("TMPDIR");
  std::string name = fmt::format("{}/clv-tmp-XXXXXX", directory != nullptr && *directory != '\0' ? directory : "/tmp");
  const int descriptor = mkstemp(name.data());
  if (descriptor >= 0) {
    unlink(name.c_str());
  }
  return descriptor;
}

}  // namespace

void remove_temporary_files() noexcept {
  for (TemporarySlot& slot : g_temporaries) {
    if (slot.used != 0) {
      unlink(slot.path.data());
      slot.used = 0;
    }
  }
}

// A deflate stream with a gzip header (no name, time 0: the same input gives the same bytes).
struct Output::Gzip {
  z_stream stream{};
  std::vector<unsigned char> out = std::vector<unsigned char>(k_flush_bytes);
  Gzip() {
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::bad_alloc();
    }
  }
  ~Gzip() { deflateEnd(&stream); }
  Gzip(const Gzip&) = delete;
  Gzip& operator=(const Gzip&) = delete;
};

bool is_gzip_name(std::string_view path) noexcept {
  return path.size() > 3 && path[path.size() - 3] == '.' && (path[path.size() - 2] | 0x20) == 'g' &&
         (path[path.size() - 1] | 0x20) == 'z';
}

Output::Output(const std::string& path) : m_name(path.empty() || path == "-" ? std::string(k_stdout_name) : path) {
  m_buffer.reserve(k_flush_bytes);
  if (is_gzip_name(path)) {
    m_gzip = std::make_unique<Gzip>();
  }
  if (path.empty() || path == "-") {
    m_descriptor = STDOUT_FILENO;
  } else if (const int descriptor = descriptor_name(path); descriptor >= 0) {
    open_stream(descriptor);
  } else {
    open_file(path);
  }
  m_terminal = m_mode == Mode::stream && isatty(m_descriptor) != 0;
}

void Output::open_stream(int descriptor) {
  m_descriptor = fcntl(descriptor, F_DUPFD_CLOEXEC, 3);
  if (m_descriptor < 0) {
    fail(errno);
  }
  m_owns_descriptor = true;
}

void Output::open_file(const std::string& path) {
  struct stat status {};
  if (stat(path.c_str(), &status) == 0) {
    if (S_ISDIR(status.st_mode)) {
      fail(EISDIR);
    }
    if (!S_ISREG(status.st_mode)) {
      // A device, FIFO or socket: written directly. (A FIFO blocks here until it has a reader,
      // as a shell redirection does.)
      m_descriptor = open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
      if (m_descriptor < 0) {
        fail(errno);
      }
      m_owns_descriptor = true;
      return;
    }
    if (access(path.c_str(), W_OK) != 0) {
      fail(errno);  // a read-only file is refused, as a shell redirection would
    }
  } else if (errno != ENOENT) {
    fail(errno);
  }
  const bool exists = status.st_nlink > 0;
  m_target = follow_links(path);
  if (const int descriptor = descriptor_name(m_target); descriptor >= 0) {
    open_stream(descriptor);  // a link to /dev/stdout
    return;
  }
  bool in_place = exists && status.st_nlink > 1;  // hard links keep sharing one file
  if (!in_place) {
    m_temp_path = temporary_name(m_target);
    m_descriptor = mkstemp(m_temp_path.data());
    if (m_descriptor < 0) {
      const int reason = errno;
      m_temp_path.clear();
      if (!exists || (reason != EACCES && reason != EPERM && reason != EROFS)) {
        fail(reason);
      }
      in_place = true;  // a writable file in a directory clv cannot write
    } else {
      remember_temporary(m_temp_path);
      fcntl(m_descriptor, F_SETFD, FD_CLOEXEC);
      mode_t mode = status.st_mode & 07777;
      if (!exists) {
        // mkstemp creates 0600; a new file gets the permissions a normally created file gets.
        const mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
      } else if ((status.st_uid != geteuid() || status.st_gid != getegid()) &&
                 fchown(m_descriptor, status.st_uid, status.st_gid) != 0) {
        // Re-creating the file would change its owner: write the old file instead.
        close(m_descriptor);
        unlink(m_temp_path.c_str());
        forget_temporary(m_temp_path);
        m_temp_path.clear();
        in_place = true;
      }
      if (!in_place) {
        fchmod(m_descriptor, mode);
        m_mode = Mode::replace;
        m_owns_descriptor = true;
        return;
      }
    }
  }
  m_mode = Mode::in_place;
  m_target_descriptor = open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (m_target_descriptor < 0) {
    fail(errno);
  }
  m_descriptor = anonymous_file();
  if (m_descriptor < 0) {
    const int reason = errno;
    close(m_target_descriptor);
    throw output_error(m_name, fmt::format("cannot stage the output in a temporary file ({}); set TMPDIR to a "
                                           "writable directory",
                                           std::strerror(reason)));
  }
  m_owns_descriptor = true;
}

Output::~Output() {
  if (!m_committed && m_mode == Mode::replace && !m_temp_path.empty()) {
    // Uncommitted output is dropped: the target stays as it was.
    unlink(m_temp_path.c_str());
    forget_temporary(m_temp_path);
  }
  if (m_owns_descriptor && m_descriptor >= 0) {
    close(m_descriptor);
  }
  if (m_target_descriptor >= 0) {
    close(m_target_descriptor);
  }
}

void Output::fail(int error_number) const {
  throw output_error(m_name, std::strerror(error_number));
}

void Output::write(std::string_view text) {
  m_buffer.append(text);
  if (m_buffer.size() >= k_flush_bytes) {
    flush();
  }
}

void Output::flush() {
  if (!m_buffer.empty()) {
    write_out(m_buffer.data(), m_buffer.size());
  }
  m_buffer.clear();
}

// To the destination as is, or through the deflate stream; with size 0 and a .gz name, the end
// of the stream.
void Output::write_out(const char* data, std::size_t size) {
  if (!m_gzip) {
    if (!write_all(m_descriptor, data, size)) {
      fail(errno);
    }
    return;
  }
  constexpr std::size_t k_piece = std::size_t{1} << 30;  // avail_in is 32 bits
  for (; size > k_piece; data += k_piece, size -= k_piece) {
    write_out(data, k_piece);
  }
  z_stream& stream = m_gzip->stream;
  const int mode = size == 0 ? Z_FINISH : Z_NO_FLUSH;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
  stream.avail_in = static_cast<uInt>(size);
  int status = Z_OK;
  do {
    stream.next_out = m_gzip->out.data();
    stream.avail_out = static_cast<uInt>(m_gzip->out.size());
    status = deflate(&stream, mode);
    if (status == Z_STREAM_ERROR) {
      throw std::logic_error("deflate: inconsistent stream");
    }
    const std::size_t produced = m_gzip->out.size() - stream.avail_out;
    if (produced > 0 && !write_all(m_descriptor, reinterpret_cast<const char*>(m_gzip->out.data()), produced)) {
      fail(errno);
    }
  } while (stream.avail_out == 0 || (mode == Z_FINISH && status != Z_STREAM_END));
}

void Output::finish() {
  if (m_finished) {
    return;
  }
  flush();
  if (m_gzip) {
    write_out(nullptr, 0);
  }
  if (m_mode == Mode::replace) {
    if (fsync(m_descriptor) != 0) {
      fail(errno);
    }
    const int descriptor = m_descriptor;
    m_descriptor = -1;
    if (close(descriptor) != 0) {
      fail(errno);
    }
  }
  m_finished = true;
}

void Output::publish() {
  if (m_mode == Mode::replace) {
    if (std::rename(m_temp_path.c_str(), m_target.c_str()) != 0) {
      fail(errno);
    }
    forget_temporary(m_temp_path);
  } else if (m_mode == Mode::in_place) {
    const off_t size = lseek(m_descriptor, 0, SEEK_CUR);
    if (size < 0) {
      fail(errno);
    }
    // Reserve the space first, so that a full disk fails before the old contents are touched.
    if (size > 0 && fallocate(m_target_descriptor, 0, 0, size) != 0 && errno != EOPNOTSUPP && errno != ENOSYS &&
        errno != EINVAL) {
      fail(errno);
    }
    std::vector<char> block(k_flush_bytes);
    for (off_t offset = 0; offset < size;) {
      const ssize_t got = pread(m_descriptor, block.data(), block.size(), offset);
      if (got <= 0) {
        fail(got < 0 ? errno : EIO);
      }
      for (ssize_t done = 0; done < got;) {
        const ssize_t put = pwrite(m_target_descriptor, block.data() + done, static_cast<std::size_t>(got - done),
                                   offset + done);
        if (put < 0 && errno != EINTR) {
          fail(errno);
        }
        done += put > 0 ? put : 0;
      }
      offset += got;
    }
    if (ftruncate(m_target_descriptor, size) != 0 || fsync(m_target_descriptor) != 0) {
      fail(errno);
    }
  }
  m_committed = true;
}

void Output::commit() { commit_outputs({this}); }

void commit_outputs(std::initializer_list<Output*> outputs) {
  for (Output* output : outputs) {
    output->finish();
  }
  for (Output* output : outputs) {
    output->publish();
  }
}

void require_distinct_outputs(const std::string& first, const std::string& second, const std::string& what) {
  const auto stream = [](const std::string& path) {
    // /dev/stdout and /dev/fd/N write the descriptor already open, whatever it points to.
    return path.empty() || path == "-" || path.rfind("/dev/", 0) == 0 || path.rfind("/proc/", 0) == 0;
  };
  if (stream(first) || stream(second)) {
    return;
  }
  struct stat a {};
  struct stat b {};
  bool same = false;
  if (::stat(first.c_str(), &a) == 0 && ::stat(second.c_str(), &b) == 0) {
    same = S_ISREG(a.st_mode) && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  } else {
    std::error_code first_error;
    std::error_code second_error;
    std::error_code absolute_error;
    const auto first_path =
        std::filesystem::weakly_canonical(std::filesystem::absolute(first, absolute_error), first_error);
    const auto second_path =
        std::filesystem::weakly_canonical(std::filesystem::absolute(second, absolute_error), second_error);
    same = !absolute_error && !first_error && !second_error && first_path == second_path;
  }
  if (same) {
    throw usage_error(fmt::format("{} name the same file, {}: one would replace the other", what, second));
  }
}

}  // namespace clv::io
