// Ant-v5 (Gymnasium): ant.xml, frame skip 5 (dt 0.05), reset noise 0.1; observation
// qpos[2:], qvel and the contact forces cfrc_ext of every body but the world, clipped to
// [-1, 1] (105); reward the torso's x velocity + 1 while healthy - 0.5 sum(a^2) - 5e-4
// sum(clipped cfrc_ext^2) over all bodies; terminated when unhealthy (a state value not
// finite, or the torso's height outside [0.2, 1.0]); 1,000 steps.
#include <algorithm>
#include <cmath>

#include "tasks/control/envs/mujoco_env.hpp"

namespace innate {
namespace {

class Ant final : public MujocoEnvironment {
 public:
  static constexpr int torso = 1;  // Gymnasium's main_body

  explicit Ant(const std::string& body) : MujocoEnvironment("Ant-v5", "ant.xml", body, 5, {0.1, true}) {}

  ObservationBounds observation_bounds() const override {
    return unbounded(model().nq - 2 + model().nv + 6 * (model().nbody - 1));
  }
  void observe(std::span<float> o) const override {
    observe_state(o, 2);
    auto k = static_cast<std::size_t>(model().nq - 2 + model().nv);
    for (int i = 6; i < 6 * model().nbody; ++i) o[k++] = static_cast<float>(contact(i));
  }
  double progress() const override { return data().xpos[3 * torso]; }

  StepResult step(std::span<const double> action) override {
    const double before = data().xpos[3 * torso];
    simulate(action);
    const double x_velocity = (data().xpos[3 * torso] - before) / dt();
    double contact_cost = 0.0;
    for (int i = 0; i < 6 * model().nbody; ++i) contact_cost += contact(i) * contact(i);
    const bool healthy = is_healthy();
    const double reward = x_velocity + (healthy ? 1.0 : 0.0) - (control_cost(action, 0.5) + 5e-4 * contact_cost);
    return {reward, !healthy};
  }

 private:
  double contact(int i) const { return std::clamp(data().cfrc_ext[i], -1.0, 1.0); }
  bool is_healthy() const {
    const auto s = state();
    return std::all_of(s.begin(), s.end(), [](double v) { return std::isfinite(v); }) && s[2] >= 0.2 && s[2] <= 1.0;
  }
};

}  // namespace

std::unique_ptr<Environment> make_ant(const std::string& body) { return std::make_unique<Ant>(body); }

}  // namespace innate
