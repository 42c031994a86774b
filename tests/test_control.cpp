#include <doctest/doctest.h>

#include "engine/error.hpp"
#include "genomes/direct.hpp"
#include "scenarios/catalog.hpp"
#include "scenarios/control.hpp"

#include "tests/support.hpp"

using namespace innate;

namespace {

MlpShape net(std::vector<int> sizes) { return test::mlp_of(std::move(sizes), Activation::tanh); }

const NoLifetime innate_life;
Individual individual(const std::vector<float>& genome, const Encoding& encoding) {
  return {{genome.data(), genome.size()}, encoding, innate_life};
}

}  // namespace

TEST_CASE("the network must fit the environment's observations and actions") {
  try {
    ControlTask task(net({3, 8, 2}), "CartPole-v1", 1, 10, "direct");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "network.layers must start with 4 (CartPole-v1 observations) and end with 2 (one output per action), got [3, 8, 2]");
  }
  CHECK_NOTHROW(ControlTask(net({3, 8, 1}), "Pendulum-v1", 1, 10, "direct"));
}

TEST_CASE("a random CartPole policy lasts about 22 steps; the score is the mean return") {
  Direct enc(net({4, 8, 2}), 32, 1.0f);
  ControlTask task(enc.network(), "CartPole-v1", 2, 1000, "direct");
  std::vector<float> genome(enc.genome_size(), 0.0f);
  const auto scores = task.final_scores(individual(genome, enc), 1, {});
  REQUIRE(scores.size() == 2);
  CHECK(scores[0].first == "chance");
  CHECK(scores[0].second > 18.0);  // the well-known ~22 steps of a uniformly random policy
  CHECK(scores[0].second < 26.0);
  // All-zero weights: outputs tie, argmax picks action 0 every step: the cart is pushed
  // left until the pole falls, after about 9-10 steps.
  CHECK(scores[1].first == "direct");
  CHECK(scores[1].second < 12.0);
  double steps[1];
  Rng rng = stream({1, 0, 0, Purpose::evaluate});
  const double score = task.evaluate(individual(genome, enc), rng, steps);
  CHECK(score == steps[0]);  // CartPole pays 1 a step
}

TEST_CASE("control evaluations are deterministic per stream") {
  Direct enc(net({6, 8, 3}), 32, 1.0f);
  ControlTask task(enc.network(), "Acrobot-v1", 2, 10, "direct");
  std::vector<float> genome(enc.genome_size());
  Rng init = stream({4, 0, 0, Purpose::initialise});
  enc.initialise(genome, init);
  double m1[1], m2[1];
  Rng a = stream({1, 0, 5, Purpose::evaluate}), b = stream({1, 0, 5, Purpose::evaluate});
  CHECK(task.evaluate(individual(genome, enc), a, m1) == task.evaluate(individual(genome, enc), b, m2));
}
