#include "clv/draw_bounds.hpp"

#include "clv/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

namespace clv {

namespace {

// Positions of the two quantiles (R's type 7) among `draws` sorted values.
double low_position(std::size_t draws, double level) { return 0.5 * (1.0 - level) * static_cast<double>(draws - 1); }
double high_position(std::size_t draws, double level) { return 0.5 * (1.0 + level) * static_cast<double>(draws - 1); }

}  // namespace

DrawBounds::DrawBounds(std::size_t items, std::size_t draws, double level) : m_draws(draws), m_level(level) {
  if (draws == 0 || draws > 0xFFFFFFFFU || !(level > 0.0 && level < 1.0)) {
    throw usage_error(
        fmt::format("intervals need at least 1 draw and a level between 0 and 1, not {} draws at {}", draws, level));
  }
  // Ranks low and low + 1 from the bottom; high and high + 1 (at most draws - 1) from the top.
  const auto low = static_cast<std::size_t>(std::floor(low_position(draws, level)));
  const auto high = static_cast<std::size_t>(std::floor(high_position(draws, level)));
  m_low_count = std::min(draws, low + 2);
  m_high_count = draws - high;
  m_values.resize(items * (m_low_count + m_high_count));
  m_counts.assign(items, 0U);
  m_low_limit.assign(items, 0.0);
  m_high_limit.assign(items, 0.0);
}

void DrawBounds::add(std::size_t item, double value) {
  const std::size_t seen = m_counts[item]++;
  const bool low_full = seen >= m_low_count;
  const bool high_full = seen >= m_high_count;
  if (low_full && high_full && !(value < m_low_limit[item]) && !(value > m_high_limit[item])) {
    return;
  }
  double* low = m_values.data() + item * (m_low_count + m_high_count);
  double* high = low + m_low_count;
  if (!low_full) {
    low[seen] = value;
    std::push_heap(low, low + seen + 1);
  } else if (value < low[0]) {
    std::pop_heap(low, low + m_low_count);
    low[m_low_count - 1] = value;
    std::push_heap(low, low + m_low_count);
  }
  m_low_limit[item] = low[0];
  if (!high_full) {
    high[seen] = value;
    std::push_heap(high, high + seen + 1, std::greater<>());
  } else if (value > high[0]) {
    std::pop_heap(high, high + m_high_count, std::greater<>());
    high[m_high_count - 1] = value;
    std::push_heap(high, high + m_high_count, std::greater<>());
  }
  m_high_limit[item] = high[0];
}

Bounds DrawBounds::bounds(std::size_t item) const {
  if (m_counts[item] != m_draws) {
    throw Error(ExitCode::software, "an interval bound was asked before every draw was added");
  }
  const double* low = m_values.data() + item * (m_low_count + m_high_count);
  const double* high = low + m_low_count;
  std::vector<double> smallest(low, low + m_low_count);
  std::sort(smallest.begin(), smallest.end());
  std::vector<double> largest(high, high + m_high_count);
  std::sort(largest.begin(), largest.end());
  // smallest[j] is rank j; largest[j] is rank draws - m_high_count + j.
  const double lp = low_position(m_draws, m_level);
  const auto lr = static_cast<std::size_t>(std::floor(lp));
  const double l0 = smallest[lr];
  const double l1 = lr + 1 < m_draws ? smallest[lr + 1] : l0;
  const double hp = high_position(m_draws, m_level);
  const auto hr = static_cast<std::size_t>(std::floor(hp));
  const std::size_t offset = m_draws - m_high_count;
  const double h0 = largest[hr - offset];
  const double h1 = hr + 1 < m_draws ? largest[hr + 1 - offset] : h0;
  return {l0 + (lp - std::floor(lp)) * (l1 - l0), h0 + (hp - std::floor(hp)) * (h1 - h0)};
}

}  // namespace clv
