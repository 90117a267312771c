#include "clv/top_rows.hpp"

#include <catch2/catch.hpp>

#include <vector>

TEST_CASE("top rows: highest first, ties in input order, 0 is every row in input order") {
  const std::vector<double> keys{2.0, 5.0, 1.0, 5.0, 3.0};
  CHECK(clv::top_rows(keys, 0) == std::vector<std::size_t>{0, 1, 2, 3, 4});
  CHECK(clv::top_rows(keys, 1) == std::vector<std::size_t>{1});
  CHECK(clv::top_rows(keys, 3) == std::vector<std::size_t>{1, 3, 4});
  CHECK(clv::top_rows(keys, 9) == std::vector<std::size_t>{1, 3, 4, 0, 2});
  CHECK(clv::top_rows(std::vector<double>{}, 4).empty());
}
