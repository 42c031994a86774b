// MountainCarContinuous-v0 (Moore 1990, as in Gymnasium): power 0.0015, speed within
// +-0.07, position within [-1.2, 0.6] (velocity zeroed at the left wall); terminated at
// position >= 0.45 with velocity >= 0 (+100); reward -0.1 action^2 a step; 999 steps.
// As there, the action is a float32 and the state is stored as float32 after every step.
#include <algorithm>
#include <array>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "tasks/control/envs/environment.hpp"

namespace innate {
namespace {

class MountainCarContinuous final : public Environment {
 public:
  static constexpr double min_action = -1.0, max_action_ = 1.0, min_position = -1.2, max_position = 0.6;
  static constexpr double max_speed = 0.07, goal_position = 0.45, goal_velocity = 0.0, power = 0.0015;

  std::string name() const override { return "MountainCarContinuous-v0"; }
  std::vector<std::string> state_names() const override { return {"position", "velocity"}; }
  ObservationBounds observation_bounds() const override {
    return {{min_position, -max_speed}, {max_position, max_speed}};
  }
  int discrete_actions() const override { return 0; }
  double max_action() const override { return max_action_; }
  int max_steps() const override { return 999; }

  void reset(Rng& rng) override {
    s_[0] = boost::random::uniform_real_distribution<double>(-0.6, -0.4)(rng);
    s_[1] = 0.0;
    single_ = false;
  }
  void set_state(std::span<const double> state) override {
    std::copy(state.begin(), state.end(), s_.begin());
    single_ = false;
  }
  std::span<const double> state() const override { return s_; }
  void observe(std::span<float> o) const override {
    o[0] = static_cast<float>(s_[0]);
    o[1] = static_cast<float>(s_[1]);
  }

  // Gymnasium's step on NumPy 2, where a float32 scalar meeting a Python float computes in
  // float32: the push (float32 action x power) is float32, and so is everything once the
  // state is float32 (every step after the first from a reset). f() rounds to float32;
  // sums and products of two float32 values are exact in double before it.
  StepResult step(std::span<const double> actions) override {
    const double action = actions[0];
    auto f = [](double x) { return double(static_cast<float>(x)); };
    const double a = f(action);  // the action space's dtype
    const bool clipped = a < min_action || a > max_action_;
    const double force = std::min(std::max(a, min_action), max_action_);
    auto& [position, velocity] = s_;
    const double slope = 0.0025 * std::cos(single_ ? f(3 * position) : 3 * position);
    const double accel = clipped ? force * power - slope : f(f(force * f(power)) - f(slope));
    velocity = single_ ? f(velocity + f(accel)) : velocity + accel;
    velocity = std::clamp(velocity, -max_speed, max_speed);
    position = single_ ? f(position + f(velocity)) : position + velocity;
    position = std::clamp(position, min_position, max_position);
    if (position == min_position && velocity < 0) velocity = 0;
    const bool terminated = position >= goal_position && velocity >= goal_velocity;
    position = f(position), velocity = f(velocity);  // stored as float32 after every step
    single_ = true;
    const double reward = (terminated ? 100.0 : 0.0) - a * a * 0.1;
    return {reward, terminated};
  }

 private:
  std::array<double, 2> s_{};
  bool single_ = false;  // the state is float32 (every step after the first)
};

}  // namespace

std::unique_ptr<Environment> make_mountain_car_continuous() { return std::make_unique<MountainCarContinuous>(); }

}  // namespace innate
