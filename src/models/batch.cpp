#include "clv/models/batch.hpp"

#include "clv/models/bg_nbd.hpp"
#include "clv/models/mbg_nbd.hpp"
#include "workers.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <thread>
#include <unordered_map>

namespace clv::models {
namespace {

// For BG/NBD and MBG/NBD the costly part of a forecast, E[Y(t) | alive, x, T], depends on x and T
// only; with times in whole days or weeks many customers share them. Each chunk of customers
// keeps a cache of that part for the customers whose 2F1 argument t/(alpha+T+t) is large (long
// series); the value is a pure function of (x, T), so results do not depend on the chunking.
struct Key {
  double frequency;
  double age;
  bool operator==(const Key&) const = default;
};
struct KeyHash {
  std::size_t operator()(const Key& k) const noexcept {
    const std::uint64_t a = std::bit_cast<std::uint64_t>(k.frequency);
    const std::uint64_t b = std::bit_cast<std::uint64_t>(k.age);
    return std::hash<std::uint64_t>{}(a * 0x9E3779B97F4A7C15ULL ^ b);
  }
};
constexpr double k_cache_above = 0.6;  // 2F1 argument beyond which caching pays

template <class Model>
PurchaseForecast cached_forecast(const typename Model::Parameters& p, const PurchaseHistory& c, double horizon,
                                 std::unordered_map<Key, double, KeyHash>& cache) {
  const double alive = Model::probability_alive(p, c.frequency, c.recency, c.age);
  double if_alive = 0.0;
  if (horizon / (p.alpha + c.age + horizon) > k_cache_above) {
    const auto [it, inserted] = cache.try_emplace(Key{c.frequency, c.age}, 0.0);
    if (inserted) {
      it->second = Model::expected_transactions_if_alive(p, c.frequency, c.age, horizon);
    }
    if_alive = it->second;
  } else {
    if_alive = Model::expected_transactions_if_alive(p, c.frequency, c.age, horizon);
  }
  return {alive == 0.0 ? 0.0 : if_alive * alive, alive, if_alive};
}

struct Bg {
  using Parameters = bg_nbd::Parameters;
  static double probability_alive(const Parameters& p, double x, double t_x, double T) {
    return bg_nbd::probability_alive(p, x, t_x, T);
  }
  static double expected_transactions_if_alive(const Parameters& p, double x, double T, double t) {
    return bg_nbd::expected_transactions_if_alive(p, x, T, t);
  }
};
struct Mbg {
  using Parameters = mbg_nbd::Parameters;
  static double probability_alive(const Parameters& p, double x, double t_x, double T) {
    return mbg_nbd::probability_alive(p, x, t_x, T);
  }
  static double expected_transactions_if_alive(const Parameters& p, double x, double T, double t) {
    return mbg_nbd::expected_transactions_if_alive(p, x, T, t);
  }
};

}  // namespace

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
    std::unordered_map<Key, double, KeyHash> cache;
    for (std::size_t c = first_chunk; c < chunks; c += stride) {
      cache.clear();
      const std::size_t end = std::min(customers.size(), (c + 1) * chunk);
      for (std::size_t i = std::max<std::size_t>(c * chunk, 1); i < end; ++i) {
        if (kind == ModelKind::bg_nbd) {
          out[i] = cached_forecast<Bg>({parameters[0], parameters[1], parameters[2], parameters[3]}, customers[i],
                                       horizon, cache);
        } else if (kind == ModelKind::mbg_nbd) {
          out[i] = cached_forecast<Mbg>({parameters[0], parameters[1], parameters[2], parameters[3]}, customers[i],
                                        horizon, cache);
        } else {
          out[i] = forecast(kind, parameters, customers[i], horizon);
        }
      }
    }
  };
  detail::run_workers(workers, work);
  return out;
}

}  // namespace clv::models
