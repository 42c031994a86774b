// Swimmer-v5 (Gymnasium): swimmer.xml, frame skip 4 (dt 0.04), reset noise U(-0.1, 0.1)
// on positions and velocities; observation qpos[2:] and qvel (8); reward the x velocity
// - 0.0001 sum(a^2); never terminates; 1,000 steps.
#include "tasks/control/envs/mujoco_env.hpp"

namespace innate {
namespace {

class Swimmer final : public MujocoEnvironment {
 public:
  explicit Swimmer(const std::string& body) : MujocoEnvironment("Swimmer-v5", "swimmer.xml", body, 4, {0.1, false}) {}

  ObservationBounds observation_bounds() const override { return unbounded(model().nq - 2 + model().nv); }
  void observe(std::span<float> o) const override { observe_state(o, 2); }

  StepResult step(std::span<const double> action) override {
    return {simulate_forward(action) - control_cost(action, 1e-4), false};
  }
};

}  // namespace

std::unique_ptr<Environment> make_swimmer(const std::string& body) { return std::make_unique<Swimmer>(body); }

}  // namespace innate
