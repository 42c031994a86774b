#pragma once
// Control environments with the published Gymnasium dynamics, constants, initial-state
// distributions, termination and truncation, in double precision. The state is the
// environment's internal state (what `innate env rollout --state` takes), not the
// observation the policy sees.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/base/rng.hpp"

namespace innate {

struct StepResult {
  double reward = 0.0;
  bool terminated = false;  // a terminal state of the task (pole fell, goal reached)
};

struct ObservationBounds {
  std::vector<double> low, high;
};

class Environment {
 public:
  virtual ~Environment() = default;
  virtual std::string name() const = 0;
  virtual std::vector<std::string> state_names() const = 0;
  // The observation's bounds, element by element (Gymnasium's observation_space).
  virtual ObservationBounds observation_bounds() const = 0;
  int observation_size() const { return static_cast<int>(observation_bounds().high.size()); }
  // Discrete: the number of actions (an action is an index). Continuous: 0.
  virtual int discrete_actions() const = 0;
  // Continuous actions lie in [-max_action, max_action] (one dimension here).
  virtual double max_action() const { return 0.0; }
  virtual int max_steps() const = 0;  // truncation (Gymnasium's TimeLimit)

  virtual void reset(Rng& rng) = 0;  // the published initial-state distribution
  virtual void set_state(std::span<const double> state) = 0;
  // set_state() of a state given from outside (`env rollout --state`, Python's reset):
  // InputError unless it has one finite value per state name.
  void start_from(std::span<const double> state);
  virtual std::span<const double> state() const = 0;
  virtual void observe(std::span<float> observation) const = 0;
  // `action` is an index for discrete environments, a real value otherwise.
  virtual StepResult step(double action) = 0;
};

std::unique_ptr<Environment> make_environment(const std::string& name);  // throws InputError
const std::vector<std::string>& environment_names();

}  // namespace innate
