#pragma once
// Control tasks: a network decoded from the genome drives a Gymnasium environment;
// the score is the mean return over `episodes` episodes, each reset from the
// individual's own stream. Discrete actions are the argmax of the outputs, continuous
// ones max_action * tanh(output). With Hebbian rules every episode is a life: the
// weights are decoded afresh (a new birth) and change at every step.
#include <oneapi/tbb/enumerable_thread_specific.h>

#include "engine/components.hpp"
#include "genomes/hebbian.hpp"
#include "genomes/network_encoding.hpp"
#include "scenarios/envs/environment.hpp"

namespace innate {

class ControlTask final : public Task {
 public:
  // `rules` (may be null): Hebbian plasticity during every episode.
  ControlTask(const NetworkEncoding& encoding, const HebbianRules* rules, std::string environment, int episodes,
              int final_episodes);

  std::vector<std::string> metric_names() const override { return {"episode_steps"}; }
  double evaluate(GenomeView genome, Rng& rng, std::span<double> metrics) const override;
  std::vector<std::pair<std::string, double>> final_scores(GenomeView genome, std::uint64_t seed,
                                                           const std::filesystem::path& dir) const override;

  // Mean return of the decoded network over `episodes` episodes; episode e resets from
  // `reset(e)`. Also reports the mean episode length.
  double mean_return(GenomeView genome, Rng& birth, int episodes, const std::function<Rng(int)>& reset,
                     double* mean_steps = nullptr) const;

  static TaskEntry entry();

 private:
  // Per thread: the decoded parameters, the forward pass and the observation buffer.
  struct Workspace {
    Eigen::VectorXf params;  // Eigen-allocated: the same alignment, so the same bits, on every thread
    Plasticity plasticity;
    MlpWorkspace mlp;
    Matrix observation;
    std::unique_ptr<Environment> env;
  };
  Workspace& workspace() const;
  double episode(Workspace& ws, Rng& reset, int* steps) const;

  const NetworkEncoding& encoding_;
  const HebbianRules* rules_;
  std::string environment_;
  int episodes_, final_episodes_;
  std::string arm_;  // which arm of SCIENCE.md this run measures
  mutable tbb::enumerable_thread_specific<Workspace> workspaces_;
};

}  // namespace innate
