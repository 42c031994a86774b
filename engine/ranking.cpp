#include "engine/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace innate {

std::vector<std::size_t> best_first(std::span<const double> scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](std::size_t i) { return std::isfinite(scores[i]) ? scores[i] : -std::numeric_limits<double>::infinity(); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  return order;
}

std::vector<double> centred_ranks(std::span<const double> scores) {
  const std::size_t n = scores.size();
  const auto order = best_first(scores);
  std::vector<double> ranks(n, 0.0);
  for (std::size_t r = 0; r < n; ++r)  // order[0] is the best: rank n - 1
    ranks[order[r]] = n > 1 ? static_cast<double>(n - 1 - r) / static_cast<double>(n - 1) - 0.5 : 0.0;
  return ranks;
}

}  // namespace innate
