#include <doctest/doctest.h>

#include "engine/error.hpp"
#include "genomes/direct.hpp"
#include "scenarios/catalog.hpp"
#include "scenarios/control.hpp"

#include "tests/support.hpp"

using namespace innate;

namespace {

MlpShape net(std::vector<int> sizes) { return test::mlp_of(std::move(sizes), Activation::tanh); }

}  // namespace

TEST_CASE("the network must fit the environment's observations and actions") {
  Direct wrong(net({3, 8, 2}), 32, 1.0f);
  try {
    ControlTask task(wrong, nullptr, "CartPole-v1", 1, 10);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "network.layers must start with 4 (CartPole-v1 observations) and end with 2 (one output per action), got [3, 8, 2]");
  }
  Direct pendulum(net({3, 8, 1}), 32, 1.0f);
  CHECK_NOTHROW(ControlTask(pendulum, nullptr, "Pendulum-v1", 1, 10));
}

TEST_CASE("a random CartPole policy lasts about 22 steps; the score is the mean return") {
  Direct enc(net({4, 8, 2}), 32, 1.0f);
  ControlTask task(enc, nullptr, "CartPole-v1", 2, 1000);
  std::vector<float> genome(enc.genome_size(), 0.0f);
  const auto scores = task.final_scores(genome, 1, {});
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
  const double score = task.evaluate(genome, rng, steps);
  CHECK(score == steps[0]);  // CartPole pays 1 a step
}

TEST_CASE("control evaluations are deterministic per stream") {
  Direct enc(net({6, 8, 3}), 32, 1.0f);
  ControlTask task(enc, nullptr, "Acrobot-v1", 2, 10);
  std::vector<float> genome(enc.genome_size());
  Rng init = stream({4, 0, 0, Purpose::initialise});
  enc.initialise(genome, init);
  double m1[1], m2[1];
  Rng a = stream({1, 0, 5, Purpose::evaluate}), b = stream({1, 0, 5, Purpose::evaluate});
  CHECK(task.evaluate(genome, a, m1) == task.evaluate(genome, b, m2));
}
