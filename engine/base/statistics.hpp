#pragma once
// The statistics a measurement reports: a Student-t interval of a mean over replicates,
// a percentile bootstrap of a statistic of the replicates (a ratio of means), and the
// first crossing of a level on a piecewise-linear curve.
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "engine/base/rng.hpp"

namespace innate {

// n values summarised: the mean, the sample standard deviation and a 95% interval.
// With n < 2 the standard deviation and the interval are NaN.
struct Interval {
  std::size_t n = 0;
  double mean = 0.0, std = 0.0, low = 0.0, high = 0.0;
};

// t(0.975, n - 1): the two-sided 95% quantile of Student's t with `dof` degrees of freedom.
double t_quantile_975(std::size_t dof);

// mean +- t(0.975, n - 1) * std / sqrt(n).
Interval t_interval(std::span<const double> values);

// `statistic` of the n replicates (its argument: how many times each replicate is taken,
// all ones for the sample itself) and its 95% percentile-bootstrap interval from
// `resamples` resamples of n replicates with replacement drawn from `rng`; `std` is the
// standard deviation of the resampled statistics. Resamples whose statistic is not
// finite are left out.
Interval bootstrap(std::size_t n, const std::function<double(std::span<const double> weights)>& statistic,
                   std::size_t resamples, Rng& rng);

// The first x at which the curve (x[i], y[i]), x increasing and linear between points,
// reaches `level`; none when no point reaches it.
std::optional<double> first_reach(std::span<const double> x, std::span<const double> y, double level);

}  // namespace innate
