#include <doctest/doctest.h>

#include <boost/random/uniform_01.hpp>

#include <set>

#include "engine/base/rng.hpp"

using namespace innate;

TEST_CASE("splitmix64 matches the reference outputs for seed 1234567") {
  // Published test vector of Vigna's splitmix64.c, as used to check ports.
  std::uint64_t state = 1234567;
  CHECK(splitmix64(state) == 6457827717110365317ULL);
  CHECK(splitmix64(state) == 3203168211198807973ULL);
  CHECK(splitmix64(state) == 9817491932198370423ULL);
  CHECK(splitmix64(state) == 4593380528125082431ULL);
  CHECK(splitmix64(state) == 16408922859458223821ULL);
}

TEST_CASE("a stream is a pure function of its key") {
  const StreamKey key{42, 7, 13, Purpose::evaluate};
  Rng a = stream(key), b = stream(key);
  for (int i = 0; i < 100; ++i) CHECK(a() == b());
}

TEST_CASE("every field of the key changes the stream") {
  const StreamKey base{42, 7, 13, Purpose::evaluate};
  std::set<std::uint32_t> first_draws;
  for (StreamKey k : {base, StreamKey{43, 7, 13, Purpose::evaluate}, StreamKey{42, 8, 13, Purpose::evaluate},
                      StreamKey{42, 7, 14, Purpose::evaluate}, StreamKey{42, 7, 13, Purpose::breed},
                      StreamKey{42, 13, 7, Purpose::evaluate}}) {
    Rng r = stream(k);
    first_draws.insert(static_cast<std::uint32_t>(r()));
  }
  CHECK(first_draws.size() == 6);
}

TEST_CASE("neighbouring streams are uncorrelated and uniform") {
  // Mean of U(0,1) over 1000 streams x 100 draws: 0.5 +- 4 standard errors.
  double sum = 0.0, cross = 0.0;
  const int streams = 1000, draws = 100;
  for (int i = 0; i < streams; ++i) {
    Rng a = stream({1, 0, static_cast<std::uint64_t>(i), Purpose::evaluate});
    Rng b = stream({1, 0, static_cast<std::uint64_t>(i + 1), Purpose::evaluate});
    boost::random::uniform_01<double> u;
    for (int j = 0; j < draws; ++j) {
      const double x = u(a), y = u(b);
      sum += x;
      cross += (x - 0.5) * (y - 0.5);
    }
  }
  const double n = streams * draws;
  CHECK(std::abs(sum / n - 0.5) < 4 * std::sqrt(1.0 / 12.0 / n));
  CHECK(std::abs(cross / n) < 4 * (1.0 / 12.0) / std::sqrt(n));  // correlation of neighbours ~ 0
}
