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

Interval within(Interval interval, double lowest, double highest) {
  if (!std::isnan(interval.low)) interval.low = std::clamp(interval.low, lowest, highest);
  if (!std::isnan(interval.high)) interval.high = std::clamp(interval.high, lowest, highest);
  return interval;
}

namespace {
double mean_of(std::span<const double> v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum / double(v.size());
}
}  // namespace

Interval fieller_ratio(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) throw std::invalid_argument("fieller_ratio(): a and b differ in length");
  const std::size_t n = a.size();
  if (n == 0) return {0, kNaN, kNaN, kNaN, kNaN};
  const double ma = mean_of(a), mb = mean_of(b), ratio = ma / mb;
  if (n < 2) return {n, ratio, kNaN, kNaN, kNaN};
  double saa = 0, sbb = 0, sab = 0;  // covariances of the means
  for (std::size_t i = 0; i < n; ++i)
    saa += (a[i] - ma) * (a[i] - ma), sbb += (b[i] - mb) * (b[i] - mb), sab += (a[i] - ma) * (b[i] - mb);
  const double scale = double(n - 1) * double(n);
  saa /= scale, sbb /= scale, sab /= scale;
  const double t2 = std::pow(t_quantile_975(n - 1), 2);
  // (ma - R mb)^2 <= t^2 (saa - 2 R sab + R^2 sbb): a quadratic A R^2 - 2 B R + C <= 0.
  const double A = mb * mb - t2 * sbb, B = ma * mb - t2 * sab, C = ma * ma - t2 * saa;
  const double se = std::sqrt(std::max(0.0, saa - 2 * ratio * sab + ratio * ratio * sbb)) / std::abs(mb);
  const double disc = B * B - A * C;
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (A <= 0 || disc < 0) return {n, ratio, se, -inf, inf};
  const double root = std::sqrt(disc);
  return {n, ratio, se, (B - root) / A, (B + root) / A};
}

namespace {

// P(|W+ - m(m+1)/4| >= |w - m(m+1)/4|) under random signs of the ranks.
double signed_rank_p(const std::vector<double>& ranks, double w) {
  const std::size_t m = ranks.size();
  const double centre = double(m) * double(m + 1) / 4, observed = std::abs(w - centre) - 1e-9;
  if (m > 20) {  // normal approximation with the ties' variance
    double var = 0;
    for (double r : ranks) var += r * r / 4;
    return std::erfc(observed / std::sqrt(2 * var));
  }
  std::size_t extreme = 0;
  for (std::uint32_t signs = 0; signs < (1u << m); ++signs) {
    double plus = 0;
    for (std::size_t k = 0; k < m; ++k) plus += (signs >> k & 1u) ? ranks[k] : 0.0;
    extreme += std::abs(plus - centre) >= observed;
  }
  return double(extreme) / double(1u << m);
}

double sign_test_p(std::size_t positive, std::size_t m) {
  const std::size_t low = std::min(positive, m - positive);
  double tail = 0, term = std::pow(0.5, double(m));  // C(m, 0) / 2^m
  for (std::size_t k = 0; k <= low; ++k) {
    tail += term;
    term *= double(m - k) / double(k + 1);
  }
  return std::min(1.0, 2 * tail);
}

}  // namespace

PairedDifference paired_difference(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) throw std::invalid_argument("paired_difference(): x and y differ in length");
  std::vector<double> d(x.size()), nonzero;
  for (std::size_t i = 0; i < x.size(); ++i) d[i] = x[i] - y[i];
  for (double v : d)
    if (v != 0) nonzero.push_back(v);
  PairedDifference r{t_interval(d)};
  const std::size_t m = nonzero.size();
  if (m == 0) return r;
  std::vector<std::size_t> order(m);
  for (std::size_t i = 0; i < m; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto i, auto j) { return std::abs(nonzero[i]) < std::abs(nonzero[j]); });
  std::vector<double> ranks(m);
  for (std::size_t i = 0; i < m;) {  // average ranks over ties of |d|
    std::size_t j = i;
    while (j + 1 < m && std::abs(nonzero[order[j + 1]]) == std::abs(nonzero[order[i]])) ++j;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = double(i + j + 2) / 2;
    i = j + 1;
  }
  double plus = 0;
  std::size_t positive = 0;
  for (std::size_t i = 0; i < m; ++i)
    if (nonzero[i] > 0) plus += ranks[i], ++positive;
  r.wilcoxon_p = signed_rank_p(ranks, plus);
  r.sign_p = sign_test_p(positive, m);
  return r;
}

Censored censored_summary(std::span<const double> observed, std::size_t censored, double bound) {
  Censored c;
  c.n = observed.size() + censored;
  c.censored = censored;
  c.bound = bound;
  if (c.n == 0) return c;
  std::vector<double> sorted(observed.begin(), observed.end());
  std::sort(sorted.begin(), sorted.end());
  const auto value = [&](std::size_t i) { return i < sorted.size() ? sorted[i] : kNaN; };  // censored: past the end
  const std::size_t upper = c.n / 2, lower = (c.n - 1) / 2;
  c.median_censored = upper >= sorted.size();  // then known only to exceed (its lower half + bound) / 2
  c.median = (value(lower) + (c.median_censored ? bound : value(upper))) / 2;
  if (lower >= sorted.size()) c.median = bound;
  return c;
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
