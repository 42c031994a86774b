#include "engine/optimizers/es_common.hpp"

#include <boost/random/normal_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace innate {

std::vector<std::size_t> best_first(std::span<const double> scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](std::size_t i) {
    return std::isfinite(scores[i]) ? scores[i] : -std::numeric_limits<double>::infinity();
  };
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

Eigen::VectorXd initial_mean(const Encoding& encoding, std::uint64_t seed) {
  Eigen::VectorXf start(static_cast<Eigen::Index>(encoding.genome_size()));
  Rng rng = stream({seed, 0, 0, Purpose::initialise});
  encoding.initialise({start.data(), static_cast<std::size_t>(start.size())}, rng);
  return start.cast<double>();
}

std::size_t textbook_population(std::size_t genes) {
  return 4 + static_cast<std::size_t>(std::floor(3.0 * std::log(static_cast<double>(std::max<std::size_t>(genes, 1)))));
}

void standard_normal(std::uint64_t seed, std::uint64_t generation, std::size_t k, Eigen::VectorXd& out) {
  Rng rng = stream({seed, generation, k, Purpose::breed});
  boost::random::normal_distribution<double> normal;
  for (Eigen::Index i = 0; i < out.size(); ++i) out[i] = normal(rng);
}

}  // namespace innate
