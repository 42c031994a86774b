// The statistics of a replicate set against published constants and hand-computed cases.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "engine/base/statistics.hpp"

using namespace innate;

TEST_CASE("t(0.975, dof): the published two-sided 95% quantiles of Student's t") {
  CHECK(t_quantile_975(1) == doctest::Approx(12.706205).epsilon(1e-6));
  CHECK(t_quantile_975(2) == doctest::Approx(4.302653).epsilon(1e-6));
  CHECK(t_quantile_975(4) == doctest::Approx(2.776445).epsilon(1e-6));
  CHECK(t_quantile_975(29) == doctest::Approx(2.045230).epsilon(1e-6));
}

TEST_CASE("t interval: 1, 2, 3 gives mean 2, std 1, 2 +- 4.3027 / sqrt(3)") {
  const std::vector<double> v{1, 2, 3};
  const Interval i = t_interval(v);
  CHECK(i.n == 3);
  CHECK(i.mean == doctest::Approx(2.0));
  CHECK(i.std == doctest::Approx(1.0));
  CHECK(i.low == doctest::Approx(2.0 - 4.302653 / std::sqrt(3.0)).epsilon(1e-6));
  CHECK(i.high == doctest::Approx(2.0 + 4.302653 / std::sqrt(3.0)).epsilon(1e-6));
  const std::vector<double> same{0.1, 0.1, 0.1};  // equal values: that value, no spread
  CHECK(t_interval(same).mean == 0.1);
  CHECK(t_interval(same).std == 0.0);
  const std::vector<double> one{0.5};
  const Interval single = t_interval(one);  // one replicate: a mean, no spread
  CHECK(single.mean == 0.5);
  CHECK(std::isnan(single.std));
  CHECK(std::isnan(single.low));
}

TEST_CASE("bootstrap: the resampled means of {0, 1} are 0, 1/2, 1 with chances 1/4, 1/2, 1/4") {
  const std::vector<double> v{0.0, 1.0};
  auto mean = [&](std::span<const double> w) { return (w[0] * v[0] + w[1] * v[1]) / (w[0] + w[1]); };
  Rng rng = stream({1, 0, 0, Purpose::bootstrap});
  const Interval i = bootstrap(2, mean, 20000, rng);
  CHECK(i.mean == 0.5);  // the statistic of the sample itself
  CHECK(i.low == 0.0);
  CHECK(i.high == 1.0);
  CHECK(i.std == doctest::Approx(std::sqrt(0.125)).epsilon(0.02));  // sd of {0, .5, 1} at 1/4, 1/2, 1/4
  // A ratio of means that is 1 in every replicate is 1 in every resample.
  const std::vector<double> floor{0.1, 0.1, 0.1}, nature{0.5, 0.7, 0.9};
  auto ratio = [&](std::span<const double> w) {
    double f = 0, n = 0, u = 0;
    for (std::size_t k = 0; k < w.size(); ++k) f += w[k] * floor[k], n += w[k] * nature[k], u += w[k] * nature[k];
    return (n - f) / (u - f);
  };
  Rng again = stream({1, 0, 0, Purpose::bootstrap});
  const Interval r = bootstrap(3, ratio, 500, again);
  CHECK(r.low == 1.0);
  CHECK(r.high == 1.0);
}

TEST_CASE("first_reach: linear between the points that straddle the level") {
  const std::vector<double> x{0, 100, 200, 400}, y{0.1, 0.5, 0.7, 0.8};
  CHECK(*first_reach(x, y, 0.6) == doctest::Approx(150.0));  // halfway from 0.5 to 0.7
  CHECK(*first_reach(x, y, 0.5) == doctest::Approx(100.0));  // reached exactly at a point
  CHECK(*first_reach(x, y, 0.05) == 0.0);                    // already there at the start
  CHECK(!first_reach(x, y, 0.9));                            // never: "more than 400"
  const std::vector<double> bumpy{0.1, 0.65, 0.5, 0.9};      // the first crossing counts
  CHECK(*first_reach(x, bumpy, 0.6) == doctest::Approx(100.0 * 0.5 / 0.55));
}
