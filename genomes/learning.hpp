#pragma once
// Learning from labelled examples during a life (the Baldwinian arm of a supervised
// task): the network as born takes `steps` minibatch steps of the task's own training
// (its trainer and batch, a fresh optimizer state) at `learning_rate`, and the task
// scores what it became. The genome is never written back (that would be Lamarckian:
// optimizer.kind = "intermittent"); only selection sees what learning achieved.
#include "engine/components/components.hpp"

namespace innate {

class SupervisedLearning final : public Lifetime {
 public:
  SupervisedLearning(std::uint64_t steps, double learning_rate) : steps_(steps), learning_rate_(learning_rate) {}
  std::string kind() const override { return "learning"; }
  Experience experience() const override { return Experience::labels; }
  void learn(std::span<float> params, const Supervision& data, Rng& order) const override;
  std::uint64_t learning_steps() const override { return steps_; }
  static LifetimeEntry entry();

 private:
  std::uint64_t steps_;
  double learning_rate_;
};

}  // namespace innate
