#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "engine/base/error.hpp"
#include "genomes/direct.hpp"
#include "genomes/hebbian.hpp"
#include "tasks/catalog.hpp"
#include "tasks/control/control.hpp"

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
    ControlTask task(net({3, 8, 2}), {"CartPole-v1", 1, 10, 100, "direct"});
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "network.layers must start with 4 (CartPole-v1 observations) and end with 2 (one output per action), got [3, "
          "8, 2]");
  }
  CHECK_NOTHROW(ControlTask(net({3, 8, 1}), {"Pendulum-v1", 1, 10, 100, "direct"}));
}

TEST_CASE("a random CartPole policy lasts about 22 steps, the score is the mean return") {
  Direct enc(net({4, 8, 2}), 32, 1.0f);
  ControlTask task(enc.network(), {"CartPole-v1", 2, 1000, 100, "direct"});
  std::vector<float> genome(enc.genome_size(), 0.0f);
  const auto scores = task.final_scores(individual(genome, enc), {}, 1, {}).test;
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
  const double score = task.evaluate(individual(genome, enc), Draws(rng, 1, 0), steps);
  CHECK(score == steps[0]);  // CartPole pays 1 a step
}

TEST_CASE("control evaluations are deterministic per stream") {
  Direct enc(net({6, 8, 3}), 32, 1.0f);
  ControlTask task(enc.network(), {"Acrobot-v1", 2, 10, 100, "direct"});
  std::vector<float> genome(enc.genome_size());
  Rng init = stream({4, 0, 0, Purpose::initialise});
  enc.initialise(genome, init);
  double m1[1], m2[1];
  Rng a = stream({1, 0, 5, Purpose::evaluate}), b = stream({1, 0, 5, Purpose::evaluate});
  CHECK(task.evaluate(individual(genome, enc), Draws(a, 1, 0), m1) ==
        task.evaluate(individual(genome, enc), Draws(b, 1, 0), m2));
}

TEST_CASE("one task evaluated under two lifetimes in turn scores each as its own task does") {
  // A thread's workspace keeps the lifetime's state; meeting another lifetime must give it
  // a state of its own (it used to reuse the first one's and crash in the Hebbian update).
  Direct enc(net({4, 8, 2}), 32, 1.0f);
  HebbianRules rules(enc.network(), HebbianRules::Sharing::per_synapse, {}, 0, false);
  std::vector<float> genome(enc.genome_size() + rules.genome_size());
  Rng init = stream({3, 0, 0, Purpose::initialise});
  enc.initialise(genome, init);
  rules.initialise(std::span<float>(genome).subspan(enc.genome_size()), init);
  const Individual fixed({genome.data(), genome.size()}, enc, innate_life),
      plastic({genome.data(), genome.size()}, enc, rules);
  auto score = [](const ControlTask& task, const Individual& who) {
    double m[1];
    Rng own = stream({1, 0, 2, Purpose::evaluate});
    return task.evaluate(who, Draws(own, 1, 0), m);
  };
  ControlTask shared(enc.network(), {"CartPole-v1", 2, 10, 100, "direct"}),
      alone(enc.network(), {"CartPole-v1", 2, 10, 100, "direct"});
  const double fixed_score = score(shared, fixed), plastic_score = score(shared, plastic);
  CHECK(plastic_score == score(alone, plastic));
  CHECK(score(shared, fixed) == fixed_score);
}

TEST_CASE("an evaluation's episodes are distinct draws, and every individual of a generation meets the same ones") {
  Direct enc(net({4, 8, 2}), 32, 1.0f);
  std::vector<float> genome(enc.genome_size());
  Rng init = stream({4, 0, 0, Purpose::initialise});
  enc.initialise(genome, init);
  const int episodes = 3;
  ControlTask task(enc.network(), {"CartPole-v1", episodes, 10, 100, "direct"});
  const std::uint64_t seed = 7, generation = 3;
  Rng own_a = stream({seed, generation, 0, Purpose::evaluate}),
      own_b = stream({seed, generation, 1, Purpose::evaluate});
  const Draws a(own_a, seed, generation), b(own_b, seed, generation);

  // Episode e starts from draws.common(e): three different start states.
  std::vector<std::vector<double>> starts;
  for (int e = 0; e < episodes; ++e) {
    auto env = make_environment("CartPole-v1");
    Rng reset = a.common(std::uint64_t(e));
    env->reset(reset);
    const auto state = env->state();
    starts.emplace_back(state.begin(), state.end());
  }
  CHECK(starts[0] != starts[1]);
  CHECK(starts[1] != starts[2]);
  CHECK(starts[0] != starts[2]);

  // The score is the mean of those three episodes, each run on its own.
  double sum = 0.0;
  for (int e = 0; e < episodes; ++e) {
    Rng birth = own_a;
    sum += task.play(individual(genome, enc), birth, {"intact"}, 1, [&](int) { return a.common(std::uint64_t(e)); })
               .mean_return;
  }
  double m[1];
  const double score = task.evaluate(individual(genome, enc), a, m);
  CHECK(score == doctest::Approx(sum / episodes).epsilon(1e-12));
  // Another individual's own stream (index 1), same generation: the same episodes.
  CHECK(task.evaluate(individual(genome, enc), b, m) == score);
}

TEST_CASE("every arm's final score is measured on the same episodes") {
  // Two arms (two networks) of one seed: the chance policy, which sees only the episodes,
  // scores alike, and each arm's score is the mean over episode starts keyed by the seed.
  Direct enc(net({4, 8, 2}), 32, 1.0f);
  std::vector<float> zeros(enc.genome_size(), 0.0f), random(enc.genome_size());
  Rng init = stream({9, 0, 0, Purpose::initialise});
  enc.initialise(random, init);
  ControlTask innate_arm(enc.network(), {"CartPole-v1", 1, 5, 100, "innate"}),
      direct_arm(enc.network(), {"CartPole-v1", 1, 5, 100, "direct"});
  const auto a = innate_arm.final_scores(individual(zeros, enc), {}, 11, {});
  const auto b = direct_arm.final_scores(individual(random, enc), {}, 11, {});
  CHECK(a.test[0] == b.test[0]);
  double sum = 0.0;
  for (int e = 0; e < 5; ++e) {
    Rng birth = stream({11, 1, 0, Purpose::final_evaluation});
    sum += direct_arm
               .play(individual(random, enc), birth, {"intact"}, 1,
                     [&](int) {
                       return stream({11, 0, std::uint64_t(e), Purpose::final_evaluation});
                     })
               .mean_return;
  }
  CHECK(b.test[1].second == doctest::Approx(sum / 5).epsilon(1e-12));
}

TEST_CASE("a test body equal to the training one scores what the main score does, on the same episodes") {
  // CartPole has one body, "intact": a test body named "again" plays the final episodes
  // again from the same starts and births, so its scores equal the main ones exactly;
  // CartPole does not travel, so every distance is 0.
  Direct enc(net({4, 8, 2}), 32, 1.0f);
  std::vector<float> genome(enc.genome_size());
  Rng init = stream({6, 0, 0, Purpose::initialise});
  enc.initialise(genome, init);
  ControlSettings settings{"CartPole-v1", 1, 7, 100, "direct"};
  settings.test_bodies = {{"again", "intact"}};
  const ControlTask task(enc.network(), settings);
  const auto test = task.final_scores(individual(genome, enc), {}, 3, {}).test;
  std::map<std::string, double> s(test.begin(), test.end());
  REQUIRE(test.size() == 6);
  CHECK(s.at("direct_again") == s.at("direct"));
  CHECK(s.at("chance_again") == s.at("chance"));
  CHECK(s.at("direct_again_distance") == 0.0);
  CHECK(s.at("chance_again_distance") == 0.0);
  // Two training bodies: every evaluation plays its episodes on each, so it costs twice the steps.
  settings.bodies = {"intact", "intact"};
  const ControlTask twice(enc.network(), settings);
  double m[1];
  Rng own = stream({1, 0, 2, Purpose::evaluate});
  twice.evaluate(individual(genome, enc), Draws(own, 1, 0), m);
  CHECK(twice.evaluation_cost(m).env_steps == static_cast<std::uint64_t>(std::llround(m[0] * 2)));
  settings.test_bodies = {{"bent", "limb:pole=0.5"}};
  CHECK_THROWS_AS(ControlTask(enc.network(), settings), InputError);  // CartPole has no body to change
}

TEST_CASE("test bodies through the command line: declared, gathered by arms under the arm's name, life.csv") {
  test::TempDir tmp;
  const std::string common =
      "run scenarios/cartpole_arms.toml --quiet --set run.generations=1 --set run.population=8 "
      "--set task.final_episodes=3 --set 'task.test_bodies={again = \"intact\"}' ";
  REQUIRE(test::run_innate(common + "--out " + (tmp / "arms").string()).code == 0);
  const std::string result = test::slurp(tmp / "arms" / "result.json");
  for (const char* name : {"\"plastic_again\"", "\"innate_again\"", "\"direct_again_distance\"", "\"chance_again\""})
    CHECK(result.find(name) != std::string::npos);
  CHECK(test::slurp(tmp / "arms" / "plastic" / "measures.json").find("plastic_again_distance") != std::string::npos);
  // The plastic arm's life: a row per step of its first final episode, a column per layer.
  const std::string life = test::slurp(tmp / "arms" / "plastic" / "life.csv");
  CHECK(life.rfind("step,layer 1,layer 2\n1,", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(tmp / "arms" / "direct" / "life.csv"));  // no plasticity, no life to draw
  for (const char* bad :
       {"'task.test_bodies={Again = \"intact\"}'", "'task.bodies=[]'", "'task.test_bodies=[\"intact\"]'"}) {
    const auto r =
        test::run_innate(std::string("run scenarios/cartpole_direct.toml --quiet --set run.generations=1 --set ") +
                         bad + " --out " + (tmp / "bad").string());
    INFO(bad);
    CHECK(r.code == 2);
    CHECK(r.err.find("task.") != std::string::npos);
  }
}
