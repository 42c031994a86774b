#pragma once
// What happens after birth, as a stage of its own. A task drives each life through the
// calls below at the points its world has (a trial, a forward pass); a lifetime answers
// those it learns from and leaves the phenotype as it was born for the others. What a
// lifetime learns from is declared (experience()), so a task refuses at construction,
// in one line, a lifetime it cannot feed, and never asks for a concrete type.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "engine/base/genome.hpp"
#include "engine/base/rng.hpp"
#include "engine/nn/mlp.hpp"

namespace innate {

class Supervision;

enum class Experience {
  none,      // no learning: the innate phenotype is scored as it is
  trials,    // trial and error over a discrete phenotype's plastic genes
  activity,  // a network's own activity, after every forward pass (plasticity)
  labels,    // labelled examples a task offers (Supervision): learning by gradient
};
std::string experience_name(Experience e);

// Per-life state a lifetime keeps between the calls of one life (expanded rules). A task
// holds one per thread and hands it back; only the lifetime that made it reads it.
class LifeState {
 public:
  virtual ~LifeState() = default;
};

struct TrialsLeft {
  std::uint64_t left = 0, of = 0;
};

class Lifetime {
 public:
  virtual ~Lifetime() = default;
  virtual std::string kind() const = 0;
  virtual Experience experience() const = 0;
  // Genes of the lifetime's own (plasticity rules): they follow the encoding's genes.
  virtual std::size_t genome_size() const { return 0; }
  virtual void initialise(std::span<float> genes, Rng& rng) const { (void)genes, (void)rng; }

  // Trial and error: each trial draws a value for the `plastic` bits of the phenotype;
  // the life ends at the first trial that `found` accepts. Returns the trials left then,
  // or nothing when no trial succeeds (a lifetime that learns nothing: never).
  virtual std::optional<TrialsLeft> search(std::uint64_t plastic, const std::function<bool(std::uint64_t)>& found,
                                           Rng& rng) const {
    (void)plastic, (void)found, (void)rng;
    return std::nullopt;
  }

  // A network's life: a state for one thread's lives (null: none needed), prepared at
  // each birth from the lifetime's genes, then a step after every forward pass of
  // `input` whose activations are in `ws`, which may change the weights in `params`.
  virtual std::unique_ptr<LifeState> new_state() const { return nullptr; }
  virtual void birth(GenomeView genes, LifeState* state) const { (void)genes, (void)state; }
  virtual void after_forward(LifeState* state, const MlpShape& net, float* params, const Matrix& input,
                             const MlpWorkspace& ws) const {
    (void)state, (void)net, (void)params, (void)input, (void)ws;
  }
  // Learning from labelled examples: the network `params` as born is trained on the
  // task's data, its minibatch order drawn from `order`; learning_steps() minibatch steps,
  // which the task adds to an evaluation's budget.
  virtual void learn(std::span<float> params, const Supervision& data, Rng& order) const {
    (void)params, (void)data, (void)order;
  }
  virtual std::uint64_t learning_steps() const { return 0; }

  // Floating-point operations after_forward() adds to one forward pass of `net` (budgets).
  virtual double flops_per_step(const MlpShape& net) const {
    (void)net;
    return 0.0;
  }
};

// A task's check at construction: throws InputError unless `lifetime` learns from one
// of the experiences the task feeds; `kinds` names the lifetimes that fit, for the message.
void require_experience(const Lifetime& lifetime, const std::string& task, std::initializer_list<Experience> fed,
                        const std::string& kinds);

// The innate life: nothing is learned.
class NoLifetime final : public Lifetime {
 public:
  std::string kind() const override { return "none"; }
  Experience experience() const override { return Experience::none; }
};

}  // namespace innate
