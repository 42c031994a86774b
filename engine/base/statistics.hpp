#pragma once
// The statistics a measurement reports: a Student-t interval of a mean over replicates,
// Fieller's interval of a ratio of means, paired differences with their exact tests,
// values censored at a bound, a percentile bootstrap, and the first crossing of a level
// on a piecewise-linear curve. tests/test_statistics.cpp checks each interval's coverage
// on simulated normal data at n = 3, 5 and 10.
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

// The interval cut to [lowest, highest], the range its quantity cannot leave (an
// accuracy's [0, 1]): the cut set covers the truth whenever the whole one did.
Interval within(Interval interval, double lowest, double highest);

// Fieller's 95% interval of mean(a) / mean(b) over n pairs (a_i, b_i), t(0.975, n - 1)
// and the pairs' sample covariances: exact for bivariate normal pairs, where a percentile
// bootstrap at n = 3 is the range of the per-pair ratios (it covers about 71%). Where
// mean(b) is not clearly away from zero the set is unbounded: low = -inf, high = +inf.
// `mean` is the ratio of the means; `std` its delta-method standard error.
Interval fieller_ratio(std::span<const double> a, std::span<const double> b);

// x_i - y_i over n pairs measured on the same seeds (common random numbers): the t
// interval of the differences and the exact two-sided p-values of the Wilcoxon
// signed-rank test (average ranks for ties; a normal approximation past 20 non-zero
// differences) and of the sign test, zero differences left out.
struct PairedDifference {
  Interval difference;
  double wilcoxon_p = 1.0, sign_p = 1.0;
};
PairedDifference paired_difference(std::span<const double> x, std::span<const double> y);

// Values right-censored at `bound` (a measurement that never reached its level within
// the budget is "more than bound"): how many are censored, and the median with
// the censored values above every observed one. `median_censored`: a censored value
// enters the median, so all that is known is that it exceeds `median`.
struct Censored {
  std::size_t n = 0, censored = 0;
  double median = 0.0, bound = 0.0;
  bool median_censored = false;
};
Censored censored_summary(std::span<const double> observed, std::size_t censored, double bound);

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
