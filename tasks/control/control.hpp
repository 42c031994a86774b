#pragma once
// Control tasks: a network decoded from the genome drives a Gymnasium environment;
// the score is the mean return over `episodes` distinct episodes on each training body,
// which every individual of a generation meets alike (common random numbers); the final
// genome is scored on `final_episodes` episodes that depend on the run seed alone, the same
// for every arm, and on each named test body (the same episode starts again). Discrete
// actions are the argmax of the outputs, continuous ones max_action * tanh(output), one
// output per dimension. A lifetime that learns from activity (Hebbian rules) makes every
// episode a life: the weights are decoded afresh (a new birth) and change at every step.
#include <oneapi/tbb/enumerable_thread_specific.h>

#include <map>

#include "engine/components/components.hpp"
#include "tasks/control/envs/environment.hpp"

namespace innate {

struct ControlSettings {
  std::string environment;
  int episodes = 1, final_episodes = 100, validation_episodes = 100;
  std::string score_name = "direct";             // the arm the final score measures (result.json "scores")
  double lifetime_flops_per_step = 0.0;          // what the lifetime adds to a forward pass (Hebbian updates)
  std::vector<std::string> bodies = {"intact"};  // evaluations play their episodes on every one
  // Bodies the final genome is also scored on, by name: scores "ARM_NAME" (return) and
  // "ARM_NAME_distance" (how far the body went), for the arm and for chance.
  std::vector<std::pair<std::string, std::string>> test_bodies = {};
};

// What a genome did over some episodes: mean return, steps and distance, and each return.
struct Episodes {
  double mean_return = 0.0, mean_steps = 0.0, mean_distance = 0.0;
  std::vector<double> returns;
};

class ControlTask final : public Task {
 public:
  ControlTask(MlpShape network, ControlSettings settings);

  double evaluate(const Individual& individual, const Draws& draws, std::span<double> metrics) const override;
  Budget evaluation_cost(std::span<const double> metrics) const override;
  FinalScores final_scores(const Individual& individual, const Budget& run, std::uint64_t seed,
                           const std::filesystem::path& dir) const override;
  // Validation: `validation_episodes` seeded episodes of their own, apart from the final
  // (test) ones; the interval is the t interval of their returns.
  bool scores_validation() const override { return true; }
  double validation_score(const Individual& individual, std::uint64_t seed) const override;
  ScoreInterval validation_interval(const Individual& individual, std::uint64_t seed) const override;

  // The developed network over `episodes` episodes on each of `bodies`; episode e of body
  // b resets from `reset(b * episodes + e)`. With a lifetime that learns from activity
  // every episode is a life: the network is developed afresh (a new birth) and changes
  // at every step.
  Episodes play(const Individual& individual, Rng& birth, const std::vector<std::string>& bodies, int episodes,
                const std::function<Rng(int)>& reset) const;

  static TaskEntry entry();

 private:
  // Per thread: the developed parameters, the life's state, the forward pass, the
  // observation and action buffers, and an environment for each body met.
  struct Workspace {
    Eigen::VectorXf params;  // Eigen-allocated: the same alignment, so the same bits, on every thread
    std::unique_ptr<LifeState> life;
    const Lifetime* life_of = nullptr;  // the lifetime `life` belongs to
    MlpWorkspace mlp;
    Matrix observation;
    std::vector<double> action;
    std::map<std::string, std::unique_ptr<Environment>> envs;  // by body
  };
  Workspace& workspace(const Lifetime& lifetime) const;
  // One episode from `reset`: the return, its steps and the distance the body went.
  double episode(Workspace& ws, Environment& env, const Lifetime& lifetime, Rng& reset, int* steps, double* distance,
                 const std::function<void()>& after_step = {}) const;
  // life.csv: during the first final episode on the first training body, how far each
  // layer's weights have moved from birth (mean |w - w0|), step by step.
  void write_life(const Individual& individual, std::uint64_t seed, const std::filesystem::path& dir) const;
  // A uniformly random policy on the final episodes of each of `bodies`.
  Episodes chance(const std::vector<std::string>& bodies, std::uint64_t seed) const;

  MlpShape network_;
  ControlSettings settings_;
  double flops_per_step_;
  mutable tbb::enumerable_thread_specific<Workspace> workspaces_;
};

}  // namespace innate
