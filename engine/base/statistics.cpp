#include "engine/base/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace innate {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The q-quantile of sorted values, linear between order statistics.
double quantile(const std::vector<double>& sorted, double q) {
  const double at = q * double(sorted.size() - 1);
  const auto i = static_cast<std::size_t>(at);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (at - double(i)) * (sorted[i + 1] - sorted[i]);
}
}  // namespace

double t_quantile_975(std::size_t dof) {
  if (dof == 0) throw std::invalid_argument("t_quantile_975(): no degrees of freedom");
  return boost::math::quantile(boost::math::students_t_distribution<double>(double(dof)), 0.975);
}

Interval t_interval(std::span<const double> values) {
  Interval r;
  r.n = values.size();
  if (r.n == 0) return {0, kNaN, kNaN, kNaN, kNaN};
  // Summed as offsets from the first value: n equal values give that value exactly.
  double offsets = 0.0;
  for (double v : values) offsets += v - values[0];
  r.mean = values[0] + offsets / double(r.n);
  if (r.n < 2) {
    r.std = r.low = r.high = kNaN;
    return r;
  }
  double squares = 0.0;
  for (double v : values) squares += (v - r.mean) * (v - r.mean);
  r.std = std::sqrt(squares / double(r.n - 1));
  const double half = t_quantile_975(r.n - 1) * r.std / std::sqrt(double(r.n));
  r.low = r.mean - half;
  r.high = r.mean + half;
  return r;
}

Interval bootstrap(std::size_t n, const std::function<double(std::span<const double>)>& statistic,
                   std::size_t resamples, Rng& rng) {
  Interval r;
  r.n = n;
  std::vector<double> weights(n, 1.0);
  r.mean = n ? statistic(weights) : kNaN;
  r.std = r.low = r.high = kNaN;
  if (n < 2) return r;
  std::vector<double> stats;
  boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
  for (std::size_t b = 0; b < resamples; ++b) {
    std::fill(weights.begin(), weights.end(), 0.0);
    for (std::size_t k = 0; k < n; ++k) weights[pick(rng)] += 1.0;
    const double s = statistic(weights);
    if (std::isfinite(s)) stats.push_back(s);
  }
  if (stats.size() < 2) return r;
  double sum = 0.0, squares = 0.0;
  for (double s : stats) sum += s;
  const double mean = sum / double(stats.size());
  for (double s : stats) squares += (s - mean) * (s - mean);
  r.std = std::sqrt(squares / double(stats.size() - 1));
  std::sort(stats.begin(), stats.end());
  r.low = quantile(stats, 0.025);
  r.high = quantile(stats, 0.975);
  return r;
}

std::optional<double> first_reach(std::span<const double> x, std::span<const double> y, double level) {
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (y[i] < level) continue;
    if (i == 0 || y[i] == y[i - 1]) return x[i];
    return x[i - 1] + (level - y[i - 1]) / (y[i] - y[i - 1]) * (x[i] - x[i - 1]);
  }
  return std::nullopt;
}

}  // namespace innate
