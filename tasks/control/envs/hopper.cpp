// Hopper-v5 (Gymnasium): hopper.xml, frame skip 4 (dt 0.008), reset noise U(-0.005, 0.005)
// on positions and velocities; observation qpos[1:] and qvel clipped to +-10 (11); reward
// the x velocity + 1 while healthy - 0.001 sum(a^2); terminated when unhealthy: healthy is
// every value of qpos[2:] and qvel inside (-100, 100), z in (0.7, inf) and the torso's
// angle in (-0.2, 0.2); 1,000 steps.
#include <algorithm>

#include "tasks/control/envs/mujoco_env.hpp"

namespace innate {
namespace {

class Hopper final : public MujocoEnvironment {
 public:
  explicit Hopper(const std::string& body) : MujocoEnvironment("Hopper-v5", "hopper.xml", body, 4, {5e-3, false}) {}

  ObservationBounds observation_bounds() const override { return unbounded(model().nq - 1 + model().nv); }
  void observe(std::span<float> o) const override { observe_state(o, 1, 10.0); }

  StepResult step(std::span<const double> action) override {
    const double x_velocity = simulate_forward(action);
    const bool healthy = is_healthy();
    return {x_velocity + (healthy ? 1.0 : 0.0) - control_cost(action, 1e-3), !healthy};
  }

 private:
  bool is_healthy() const {
    const auto s = state();
    const bool inside = std::all_of(s.begin() + 2, s.end(), [](double v) { return -100.0 < v && v < 100.0; });
    const double z = s[1], angle = s[2];
    return inside && 0.7 < z && -0.2 < angle && angle < 0.2;
  }
};

}  // namespace

std::unique_ptr<Environment> make_hopper(const std::string& body) { return std::make_unique<Hopper>(body); }

}  // namespace innate
