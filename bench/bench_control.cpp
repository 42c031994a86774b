// Policy steps per second on CartPole-v1 with a 4-32-2 tanh network, through the
// control task's own evaluation path (decode, reset, forward pass, argmax, step), with
// and without Hebbian updates, at each thread count, beside the bare dynamics (the limit).
// The policy is a hand-set balancing controller, so episodes run their full 500 steps.
// Prints CSV: mode,threads,steps_per_second,relative_to_bare_dynamics,efficiency (best of 5;
// relative to the bare dynamics on the first thread count; efficiency against one thread).
// Usage: bench_control [--threads 1,2,4]
#include <fmt/format.h>

#include "bench/bench_support.hpp"

#include "genomes/direct.hpp"
#include "genomes/hebbian.hpp"
#include "tasks/control/control.hpp"

using namespace innate;
using namespace innate::bench;

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

int main(int argc, char** argv) {
  const MlpShape net{{4, 32, 2}, {Activation::tanh, Activation::tanh}};
  Direct direct(net, 32, 1.0f);
  HebbianRules rules(net, HebbianRules::Sharing::per_synapse, {}, 0, false);
  const NoLifetime innate_life;
  ControlTask task(net, {"CartPole-v1", 4, 1, 100, "direct"});

  // Hidden unit 0 computes theta + 0.5 theta_dot + 0.01 x + 0.1 x_dot; output 1 - output 0
  // follows its sign. Hebbian genes of zero (eta = 0) keep it, while every update runs.
  std::vector<float> genome(direct.genome_size() + rules.genome_size(), 0.0f);
  const float feature[4] = {0.01f, 0.1f, 1.0f, 0.5f};
  for (int j = 0; j < 4; ++j) genome[static_cast<std::size_t>(j * 32)] = feature[j];
  const std::size_t w2 = net.weight_offset(1);
  genome[w2 + 0] = -1.0f;  // W2(0, 0)
  genome[w2 + 1] = 1.0f;   // W2(1, 0)

  const std::size_t individuals = 256;
  fmt::print("mode,threads,steps_per_second,relative_to_bare_dynamics,efficiency\n");
  double bare = 0;
  std::map<std::string, std::map<int, double>> seconds_per_step;  // by mode, then threads
  for (int threads : thread_list(argc, argv)) {
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
    if (bare == 0) bare = dynamics;
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
    for (const auto& [mode, rate] :
         {std::pair{"bare_dynamics", dynamics}, {"policy", without}, {"policy_hebbian", with}}) {
      seconds_per_step[mode][threads] = 1 / rate;
      fmt::print("{},{},{:.0f},{:.3f},{}\n", mode, threads, rate, rate / bare,
                 efficiency(seconds_per_step[mode], threads));
    }
  }
}
