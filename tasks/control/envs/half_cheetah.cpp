// HalfCheetah-v5 (Gymnasium): half_cheetah.xml, frame skip 5 (dt 0.05), reset noise 0.1;
// observation qpos[1:] and qvel (17); reward the forward velocity of the root minus 0.1
// sum(a^2); never terminates; 1,000 steps.
#include "tasks/control/envs/mujoco_env.hpp"

namespace innate {
namespace {

class HalfCheetah final : public MujocoEnvironment {
 public:
  explicit HalfCheetah(const std::string& body)
      : MujocoEnvironment("HalfCheetah-v5", "half_cheetah.xml", body, 5, {0.1, true}) {}

  ObservationBounds observation_bounds() const override { return unbounded(model().nq - 1 + model().nv); }
  void observe(std::span<float> o) const override { observe_state(o, 1); }

  StepResult step(std::span<const double> action) override {
    const double x_velocity = simulate_forward(action);
    return {x_velocity - control_cost(action, 0.1), false};
  }
};

}  // namespace

std::unique_ptr<Environment> make_half_cheetah(const std::string& body) { return std::make_unique<HalfCheetah>(body); }

}  // namespace innate
