#include "clv/models/batch.hpp"

#include <algorithm>
#include <thread>

namespace clv::models {

std::vector<PurchaseForecast> forecast_all(ModelKind kind, std::span<const double> parameters,
                                           std::span<const PurchaseHistory> customers, double horizon,
                                           unsigned threads) {
  std::vector<PurchaseForecast> out(customers.size());
  if (customers.empty()) {
    return out;
  }
  // Check the parameters once, on this thread, so that errors are thrown here.
  out[0] = forecast(kind, parameters, customers[0], horizon);
  const unsigned wanted = threads != 0 ? threads : std::max(1U, std::thread::hardware_concurrency());
  const std::size_t chunk = 16384;
  const std::size_t chunks = (customers.size() + chunk - 1) / chunk;
  const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(wanted, chunks));
  auto work = [&](std::size_t first_chunk, std::size_t stride) {
    for (std::size_t c = first_chunk; c < chunks; c += stride) {
      const std::size_t end = std::min(customers.size(), (c + 1) * chunk);
      for (std::size_t i = std::max<std::size_t>(c * chunk, 1); i < end; ++i) {
        out[i] = forecast(kind, parameters, customers[i], horizon);
      }
    }
  };
  if (workers <= 1) {
    work(0, 1);
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < workers; ++t) {
      pool.emplace_back(work, t, workers);
    }
    work(0, workers);
  }
  return out;
}

}  // namespace clv::models
