// Walker2d-v5 (Gymnasium): walker2d_v5.xml, frame skip 4 (dt 0.008), reset noise
// U(-0.005, 0.005) on positions and velocities; observation qpos[1:] and qvel clipped to
// +-10 (17); reward the x velocity + 1 while healthy - 0.001 sum(a^2); terminated when
// unhealthy: z outside (0.8, 2.0) or the torso's angle outside (-1, 1); 1,000 steps.
#include "tasks/control/envs/mujoco_env.hpp"

namespace innate {
namespace {

class Walker2d final : public MujocoEnvironment {
 public:
  explicit Walker2d(const std::string& body)
      : MujocoEnvironment("Walker2d-v5", "walker2d_v5.xml", body, 4, {5e-3, false}) {}

  ObservationBounds observation_bounds() const override { return unbounded(model().nq - 1 + model().nv); }
  void observe(std::span<float> o) const override { observe_state(o, 1, 10.0); }

  StepResult step(std::span<const double> action) override {
    const double x_velocity = simulate_forward(action);
    const double z = data().qpos[1], angle = data().qpos[2];
    const bool healthy = 0.8 < z && z < 2.0 && -1.0 < angle && angle < 1.0;
    return {x_velocity + (healthy ? 1.0 : 0.0) - control_cost(action, 1e-3), !healthy};
  }
};

}  // namespace

std::unique_ptr<Environment> make_walker2d(const std::string& body) { return std::make_unique<Walker2d>(body); }

}  // namespace innate
