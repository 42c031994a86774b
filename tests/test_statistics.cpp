// The statistics of a replicate set against published constants and hand-computed cases.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include <boost/random/normal_distribution.hpp>

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

TEST_CASE("fieller_ratio: with a constant denominator it is the t interval of the numerator divided by it") {
  const std::vector<double> a{1, 2, 3}, b{2, 2, 2};
  const Interval r = fieller_ratio(a, b), t = t_interval(a);
  CHECK(r.mean == doctest::Approx(1.0));
  CHECK(r.low == doctest::Approx(t.low / 2));  // 2 - 4.3027 / sqrt(3) = -0.484, halved
  CHECK(r.high == doctest::Approx(t.high / 2));
  const std::vector<double> noisy{-1, 0.5, 1};  // a denominator whose mean is not clearly away from 0
  const Interval open = fieller_ratio(a, noisy);
  CHECK(std::isinf(open.low));
  CHECK(std::isinf(open.high));
}

TEST_CASE("paired_difference: exact Wilcoxon signed-rank and sign-test p-values of hand-counted cases") {
  const std::vector<double> zero(10, 0.0);
  const std::vector<double> three{1, 2, 3}, five{1, 2, 3, 4, 5}, ten{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  // All positive: only the all-plus and all-minus signings are as extreme, 2 / 2^m.
  CHECK(paired_difference(three, std::span(zero).first(3)).wilcoxon_p == doctest::Approx(0.25));
  CHECK(paired_difference(five, std::span(zero).first(5)).wilcoxon_p == doctest::Approx(0.0625));  // scipy's exact
  CHECK(paired_difference(ten, zero).wilcoxon_p == doctest::Approx(2.0 / 1024));
  CHECK(paired_difference(ten, zero).sign_p == doctest::Approx(2.0 / 1024));
  // Ties: |d| = 1, 1, 2 have ranks 1.5, 1.5, 3; W+ = 3 is the centre, p = 1.
  const std::vector<double> tied{1, 1, -2};
  const auto t = paired_difference(tied, std::span(zero).first(3));
  CHECK(t.wilcoxon_p == doctest::Approx(1.0));
  CHECK(t.sign_p == doctest::Approx(1.0));  // 2 of 3 positive: 2 * P(X <= 1) = 2 * 4/8
  // Zero differences are left out; the t interval still sees every pair.
  const std::vector<double> x{3, 5, 7, 7}, y{1, 2, 3, 7};
  const auto p = paired_difference(x, y);
  CHECK(p.difference.n == 4);
  CHECK(p.difference.mean == doctest::Approx(2.25));
  CHECK(p.wilcoxon_p == doctest::Approx(0.25));  // three non-zero, all positive
}

TEST_CASE("censored_summary: censored values count above every observed one") {
  const std::vector<double> two{5, 7}, one{5}, three{5, 7, 9};
  auto c = censored_summary(two, 1, 20);
  CHECK(c.n == 3);
  CHECK(c.censored == 1);
  CHECK(c.median == 7);
  CHECK_FALSE(c.median_censored);
  c = censored_summary(one, 2, 20);  // the median is censored: more than 20
  CHECK(c.median_censored);
  CHECK(c.median == 20);
  c = censored_summary(three, 1, 20);  // n = 4: (7 + 9) / 2
  CHECK(c.median == 8);
  CHECK_FALSE(c.median_censored);
  c = censored_summary(two, 2, 20);  // n = 4: (7 + more than 20) / 2, more than 13.5
  CHECK(c.median_censored);
  CHECK(c.median == 13.5);
}

TEST_CASE("within: an interval cut to its quantity's range") {
  const Interval i = within({3, 0.9, 0.1, 0.7, 1.1}, 0.0, 1.0);
  CHECK(i.low == 0.7);
  CHECK(i.high == 1.0);
}

// Coverage on simulated normal replicates with the spreads of the MNIST-subset runs
// (innate 0.89 +- 0.035, direct 0.958 +- 0.004, chance 0.100 +- 0.002; hot - cold 0.02 +-
// 0.01): every interval the summaries print covers its truth 93-97% of the time at n = 3,
// 5 and 10 (4,000 simulated sets each: a binomial standard error of 0.34%).
TEST_CASE("coverage: t, paired-difference and Fieller intervals cover 93-97% at n = 3, 5, 10") {
  const double nature = 0.89, full = 0.958, floor = 0.1, gain = 0.02;
  const double fraction = (nature - floor) / (full - floor);
  for (const std::size_t n : {3, 5, 10}) {
    int mean_in = 0, diff_in = 0, ratio_in = 0, bootstrap_in = 0;
    const int sets = 4000;
    for (int s = 0; s < sets; ++s) {
      Rng rng = stream({1234, n, static_cast<std::uint64_t>(s), Purpose::bootstrap});
      boost::random::normal_distribution<double> z;
      std::vector<double> innate(n), direct(n), chance(n), hot(n), cold(n), a(n), b(n);
      for (std::size_t i = 0; i < n; ++i) {
        innate[i] = nature + 0.035 * z(rng), direct[i] = full + 0.004 * z(rng), chance[i] = floor + 0.002 * z(rng);
        cold[i] = 0.926 + 0.005 * z(rng), hot[i] = cold[i] + gain + 0.01 * z(rng);
        a[i] = innate[i] - chance[i], b[i] = direct[i] - chance[i];
      }
      const Interval m = t_interval(innate), d = paired_difference(hot, cold).difference, r = fieller_ratio(a, b);
      mean_in += m.low <= nature && nature <= m.high;
      diff_in += d.low <= gain && gain <= d.high;
      ratio_in += r.low <= fraction && fraction <= r.high;
      if (s < 400) {  // the percentile bootstrap the summaries used before, for the record
        auto ratio = [&](std::span<const double> w) {
          double x = 0, y = 0;
          for (std::size_t i = 0; i < n; ++i) x += w[i] * a[i], y += w[i] * b[i];
          return x / y;
        };
        const Interval boot = bootstrap(n, ratio, 500, rng);
        bootstrap_in += boot.low <= fraction && fraction <= boot.high;
      }
    }
    MESSAGE("n = " << n << ": t " << mean_in / 40.0 << "%, paired t " << diff_in / 40.0 << "%, Fieller "
                   << ratio_in / 40.0 << "% (4,000 sets); percentile bootstrap " << bootstrap_in / 4.0 << "% (400)");
    CHECK(mean_in / double(sets) == doctest::Approx(0.95).epsilon(0.021));
    CHECK(diff_in / double(sets) == doctest::Approx(0.95).epsilon(0.021));
    CHECK(ratio_in / double(sets) == doctest::Approx(0.95).epsilon(0.021));
    if (n == 3) CHECK(bootstrap_in / 400.0 < 0.9);  // why it was replaced
  }
}
