#include "customer_input.hpp"

#include "clv/io/customer_reader.hpp"
#include "clv/io/input.hpp"

#include <cstdio>
#include <cstring>
#include <vector>

namespace clv::cli {

namespace {

// Lines in a plain file (an upper bound on its records), so the reader can reserve memory
// once; 0 for standard input, compressed or unreadable files (the reader then just grows).
std::size_t count_lines(const std::string& path) {
  const bool gzip = path.size() >= 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  if (path.empty() || path == "-" || gzip) {
    return 0;
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return 0;  // open_input reports it
  }
  std::vector<char> buffer(std::size_t{1} << 20);
  std::size_t lines = 1;
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) {
    for (const char* at = buffer.data(); (at = static_cast<const char*>(std::memchr(at, '\n', buffer.data() + got - at))) != nullptr; ++at) {
      ++lines;
    }
  }
  std::fclose(file);
  return lines;
}

}  // namespace

CustomerSet load_customers(const std::string& path, const DelimiterOptions& delimiter, const ProblemSink* sink) {
  require_input(path);
  const auto source = io::open_input(path);
  io::ReadOptions options;
  options.csv = csv_options(delimiter, path);
  options.expected_records = count_lines(path);
  return io::read_customers(*source, options, sink);
}

}  // namespace clv::cli
