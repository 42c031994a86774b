#pragma once
// Control tasks: a network decoded from the genome drives a Gymnasium environment;
// the score is the mean return over `episodes` distinct episodes, which every individual
// of a generation meets alike (common random numbers); the final genome is scored on
// `final_episodes` episodes that depend on the run seed alone, the same for every arm. Discrete actions are the argmax
// of the outputs, continuous ones max_action * tanh(output). A lifetime that learns from activity (Hebbian rules) makes
// every episode a life: the weights are decoded afresh (a new birth) and change at every step.
#include <oneapi/tbb/enumerable_thread_specific.h>

#include "engine/components/components.hpp"
#include "tasks/control/envs/environment.hpp"

namespace innate {

class ControlTask final : public Task {
 public:
  // `score_name`: the arm the final score measures (result.json "scores");
  // `lifetime_flops_per_step`: what the lifetime adds to a forward pass (Hebbian updates).
  ControlTask(MlpShape network, std::string environment, int episodes, int final_episodes, std::string score_name,
              double lifetime_flops_per_step = 0.0, int validation_episodes = 100);

  double evaluate(const Individual& individual, const Draws& draws, std::span<double> metrics) const override;
  Budget evaluation_cost(std::span<const double> metrics) const override;
  FinalScores final_scores(const Individual& individual, const Budget& run, std::uint64_t seed,
                           const std::filesystem::path& dir) const override;
  // Validation: `validation_episodes` seeded episodes of their own, apart from the final
  // (test) ones; the interval is the t interval of their returns.
  bool scores_validation() const override { return true; }
  double validation_score(const Individual& individual, std::uint64_t seed) const override;
  ScoreInterval validation_interval(const Individual& individual, std::uint64_t seed) const override;

  // Mean return of the developed network over `episodes` episodes; episode e resets from
  // `reset(e)`. With a lifetime that learns from activity every episode is a life: the
  // network is developed afresh (a new birth) and changes at every step. Also reports
  // the mean episode length.
  double mean_return(const Individual& individual, Rng& birth, int episodes, const std::function<Rng(int)>& reset,
                     double* mean_steps = nullptr, std::vector<double>* returns = nullptr) const;

  static TaskEntry entry();

 private:
  // Per thread: the developed parameters, the life's state, the forward pass and the
  // observation buffer.
  struct Workspace {
    Eigen::VectorXf params;  // Eigen-allocated: the same alignment, so the same bits, on every thread
    std::unique_ptr<LifeState> life;
    const Lifetime* life_of = nullptr;  // the lifetime `life` belongs to
    MlpWorkspace mlp;
    Matrix observation;
    std::unique_ptr<Environment> env;
  };
  Workspace& workspace(const Lifetime& lifetime) const;
  double episode(Workspace& ws, const Lifetime& lifetime, Rng& reset, int* steps) const;

  MlpShape network_;
  std::string environment_;
  int episodes_, final_episodes_, validation_episodes_;
  std::string score_name_;
  double flops_per_step_;
  mutable tbb::enumerable_thread_specific<Workspace> workspaces_;
};

}  // namespace innate
