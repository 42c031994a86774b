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
  // Continuous: the action's dimensions, each in [-max_action, max_action]. Discrete: 1
  // (the index).
  virtual int action_size() const { return 1; }
  virtual double max_action() const { return 0.0; }
  virtual int max_steps() const = 0;  // truncation (Gymnasium's TimeLimit)

  virtual void reset(Rng& rng) = 0;  // the published initial-state distribution
  virtual void set_state(std::span<const double> state) = 0;
  // set_state() of a state given from outside (`env rollout --state`, Python's reset):
  // InputError unless it has one finite value per state name.
  void start_from(std::span<const double> state);
  virtual std::span<const double> state() const = 0;
  virtual void observe(std::span<float> observation) const = 0;
  // Where a body that walks has got to (its main body's x position), for the distance
  // walked in an episode; 0 for environments that do not travel.
  virtual double progress() const { return 0.0; }
  // `action`: one index for discrete environments, action_size() real values otherwise.
  virtual StepResult step(std::span<const double> action) = 0;
  StepResult step(double action) { return step(std::span<const double>(&action, 1)); }
};

// `body`: "intact", or for a MuJoCo body the changes parse_body() reads (mujoco_env.hpp).
// Throws InputError (an unknown name, a body the environment does not have, a build
// without MuJoCo asked for a MuJoCo environment).
std::unique_ptr<Environment> make_environment(const std::string& name, const std::string& body = "intact");
const std::vector<std::string>& environment_names();
bool has_body(const std::string& name);  // a MuJoCo model whose body can be changed
// False for a MuJoCo environment in a build without MuJoCo (make_environment then says how
// to get it).
bool environment_built(const std::string& name);

}  // namespace innate
