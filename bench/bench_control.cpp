// Policy steps per second on CartPole-v1 with a 4-32-2 tanh network, through the
// control task's own evaluation path (decode, reset, forward pass, argmax, step), with
// and without Hebbian updates, on 1 and 2 threads, beside the bare dynamics (the limit).
// The policy is a hand-set balancing controller, so episodes run their full 500 steps.
// Prints CSV: mode,threads,steps_per_second,relative_to_bare_dynamics (best of 5).
#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <functional>

#include "genomes/direct.hpp"
#include "genomes/hebbian.hpp"
#include "scenarios/control.hpp"

using namespace innate;

namespace {

double best_of(int repeats, const std::function<double()>& steps_per_run) {
  double best = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const double steps = steps_per_run();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::max(best, steps / s);
  }
  return best;
}

}  // namespace

int main() {
  const MlpShape net{{4, 32, 2}, {Activation::tanh, Activation::tanh}};
  Direct direct(net, 32, 1.0f);
  HebbianRules rules(net, HebbianRules::Sharing::per_synapse, {}, 0, false);
  const NoLifetime innate_life;
  ControlTask task(net, "CartPole-v1", 4, 1, "direct");

  // Hidden unit 0 computes theta + 0.5 theta_dot + 0.01 x + 0.1 x_dot; output 1 - output 0
  // follows its sign. Hebbian genes of zero (eta = 0) keep it, while every update runs.
  std::vector<float> genome(direct.genome_size() + rules.genome_size(), 0.0f);
  const float feature[4] = {0.01f, 0.1f, 1.0f, 0.5f};
  for (int j = 0; j < 4; ++j) genome[static_cast<std::size_t>(j * 32)] = feature[j];
  const std::size_t w2 = net.weight_offset(1);
  genome[w2 + 0] = -1.0f;  // W2(0, 0)
  genome[w2 + 1] = 1.0f;   // W2(1, 0)

  const std::size_t individuals = 256;
  fmt::print("mode,threads,steps_per_second,relative_to_bare_dynamics\n");
  double bare = 0;
  for (int threads : {1, 2}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    const double dynamics = best_of(5, [&] {
      std::vector<double> steps(individuals);
      tbb::parallel_for(std::size_t{0}, individuals, [&](std::size_t i) {
        auto env = make_environment("CartPole-v1");
        Rng rng = stream({1, 0, i, Purpose::evaluate});
        for (int e = 0; e < 4; ++e) {
          env->reset(rng);
          int t = 0;
          for (; t < 500; ++t) {
            const auto s = env->state();
            if (env->step(s[2] + 0.5 * s[3] + 0.01 * s[0] + 0.1 * s[1] > 0 ? 1 : 0).terminated) break;
          }
          steps[i] += t + 1;
        }
      });
      double total = 0;
      for (double s : steps) total += s;
      return total;
    });
    if (threads == 1) bare = dynamics;
    auto policy = [&](const Lifetime& lifetime) {
      const Individual individual({genome.data(), genome.size()}, direct, lifetime);
      return best_of(5, [&] {
        std::vector<double> steps(individuals);
        tbb::parallel_for(std::size_t{0}, individuals, [&](std::size_t i) {
          Rng rng = stream({1, 0, i, Purpose::evaluate});
          double mean_steps[1];
          task.evaluate(individual, Draws(rng, 1, 0), mean_steps);
          steps[i] = 4 * mean_steps[0];
        });
        double total = 0;
        for (double s : steps) total += s;
        return total;
      });
    };
    const double without = policy(innate_life), with = policy(rules);
    fmt::print("bare_dynamics,{},{:.0f},{:.3f}\n", threads, dynamics, dynamics / bare);
    fmt::print("policy,{},{:.0f},{:.3f}\n", threads, without, without / bare);
    fmt::print("policy_hebbian,{},{:.0f},{:.3f}\n", threads, with, with / bare);
  }
}
