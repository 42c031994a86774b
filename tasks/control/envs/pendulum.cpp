// Pendulum-v1 (Gymnasium): dt 0.05, g 10, torque clipped to +-2, speed to +-8; reward
// -(normalised angle^2 + 0.1 thdot^2 + 0.001 u^2); never terminates; 200 steps. The
// state angle is not wrapped (only the cost normalises it), as in Gymnasium.
#include <algorithm>
#include <array>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <numbers>

#include "tasks/control/envs/environment.hpp"

namespace innate {
namespace {

class Pendulum final : public Environment {
 public:
  static constexpr double max_speed = 8, max_torque = 2.0, dt = 0.05, g = 10.0, m = 1.0, l = 1.0;
  static constexpr double pi = std::numbers::pi;

  std::string name() const override { return "Pendulum-v1"; }
  std::vector<std::string> state_names() const override { return {"theta", "theta_dot"}; }
  ObservationBounds observation_bounds() const override { return {{-1, -1, -max_speed}, {1, 1, max_speed}}; }
  int discrete_actions() const override { return 0; }
  double max_action() const override { return max_torque; }
  int max_steps() const override { return 200; }

  void reset(Rng& rng) override {
    s_[0] = boost::random::uniform_real_distribution<double>(-pi, pi)(rng);
    s_[1] = boost::random::uniform_real_distribution<double>(-1.0, 1.0)(rng);
  }
  void set_state(std::span<const double> state) override { std::copy(state.begin(), state.end(), s_.begin()); }
  std::span<const double> state() const override { return s_; }
  void observe(std::span<float> o) const override {
    o[0] = static_cast<float>(std::cos(s_[0]));
    o[1] = static_cast<float>(std::sin(s_[0]));
    o[2] = static_cast<float>(s_[1]);
  }

  // Python's ((x + pi) % (2 pi)) - pi: the remainder takes the divisor's sign.
  static double angle_normalize(double x) {
    double r = std::fmod(x + pi, 2 * pi);
    if (r < 0) r += 2 * pi;
    return r - pi;
  }

  StepResult step(std::span<const double> actions) override {
    const double action = actions[0];
    // A float32 action, as there; its terms are float32 products, as NumPy 2 computes them.
    const float u = std::clamp(static_cast<float>(action), -float(max_torque), float(max_torque));
    const double th = s_[0], thdot = s_[1];
    const double costs = angle_normalize(th) * angle_normalize(th) + 0.1 * thdot * thdot + double(0.001f * (u * u));
    double newthdot = thdot + (3 * g / (2 * l) * std::sin(th) + double(float(3.0 / (m * l * l)) * u)) * dt;
    newthdot = std::clamp(newthdot, -max_speed, max_speed);
    s_[0] = th + newthdot * dt;
    s_[1] = newthdot;
    return {-costs, false};
  }

 private:
  std::array<double, 2> s_{};
};

}  // namespace

std::unique_ptr<Environment> make_pendulum() { return std::make_unique<Pendulum>(); }

}  // namespace innate
