#include "customer_input.hpp"

#include "clv/io/customer_reader.hpp"
#include "clv/io/input.hpp"

namespace clv::cli {

CustomerSet load_customers(const std::string& path, const DelimiterOptions& delimiter, const ProblemSink* sink) {
  require_input(path);
  const auto source = io::open_input(path);
  io::ReadOptions options;
  options.csv = csv_options(delimiter, path);
  return io::read_customers(*source, options, sink);
}

}  // namespace clv::cli
