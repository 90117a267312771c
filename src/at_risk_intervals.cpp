#include "clv/at_risk_intervals.hpp"

#include "clv/draw_bounds.hpp"
#include "clv/error.hpp"
#include "models/workers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

namespace clv {

namespace {

constexpr std::size_t k_block = 256;  // listed customers per block of work

}  // namespace

AtRiskIntervals at_risk_intervals(const SummaryTable& summary, std::span<const std::size_t> rows,
                                  const models::FitResult& purchase, const models::FitResult* spend,
                                  const AtRiskForecastOptions& options, const ParameterDraws& draws, double level) {
  if (!(level > 0.0 && level < 1.0)) {
    throw usage_error(fmt::format("--interval must be a level between 0 and 1 (e.g. 0.9), not {}", level));
  }
  const std::size_t draw_count = draws.purchase.size();
  if (draw_count < 2) {
    throw usage_error(fmt::format("--draws must be at least 2, not {}", draw_count));
  }
  const bool gamma_gamma = spend != nullptr && !options.average_purchase;
  if (gamma_gamma && draws.spend.size() != draw_count) {
    throw Error(ExitCode::software, "at-risk intervals: the spend model has no draws");
  }
  const std::size_t n = rows.size();
  DrawBounds bounds(2 * n, draw_count, level);
  const std::size_t blocks = (n + k_block - 1) / k_block;
  std::vector<std::vector<double>> block_totals(blocks, std::vector<double>(draw_count, 0.0));
  const unsigned wanted = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const auto workers = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(wanted, blocks)));
  // Each block's customers over every draw; a block's totals are summed in row order, and the
  // blocks' in block order, whichever thread ran them.
  models::detail::run_workers(workers, [&](unsigned worker, unsigned stride) {
    for (std::size_t b = worker; b < blocks; b += stride) {
      const std::size_t end = std::min(n, (b + 1) * k_block);
      for (std::size_t d = 0; d < draw_count; ++d) {
        for (std::size_t k = b * k_block; k < end; ++k) {
          const CustomerSummary& customer = summary.customers[rows[k]];
          const double alive = std::clamp(
              models::probability_alive(purchase.kind, draws.purchase[d],
                                        {customer.frequency, customer.recency, customer.age, 1.0}),
              0.0, 1.0);
          const double if_alive = models::expected_transactions_if_alive(
              purchase.kind, draws.purchase[d], customer.frequency, customer.age, options.horizon);
          // The order of sources of at_risk_inputs.hpp.
          const double average_purchase =
              options.average_purchase ? *options.average_purchase
              : gamma_gamma ? models::expected_average_spend(draws.spend[d], customer.frequency,
                                                             customer.monetary_value)
                            : customer.monetary_value;
          const double at_stake = value_at_stake(alive, if_alive * average_purchase * options.margin);
          bounds.add(2 * k, alive);
          bounds.add(2 * k + 1, at_stake);
          block_totals[b][d] += at_stake;
        }
      }
    }
  });
  AtRiskIntervals result;
  result.probability_alive.reserve(n);
  result.value_at_stake.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    result.probability_alive.push_back(bounds.bounds(2 * k));
    result.value_at_stake.push_back(bounds.bounds(2 * k + 1));
  }
  std::vector<double> totals(draw_count, 0.0);
  for (const std::vector<double>& block : block_totals) {
    for (std::size_t d = 0; d < draw_count; ++d) {
      totals[d] += block[d];
    }
  }
  std::vector<double> scratch;
  result.total_value_at_stake = central_bounds(totals, level, scratch);
  return result;
}

}  // namespace clv
