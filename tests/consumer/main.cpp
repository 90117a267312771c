// Uses the installed library: prints a time unit name through clv::core.
#include <clv/summary.hpp>

#include <cstdio>
#include <string>

int main() {
  const std::string name(clv::time_unit_name(clv::TimeUnit::weeks));
  std::printf("%s\n", name.c_str());
  return name == "weeks" ? 0 : 1;
}
