// Acrobot-v1 (Sutton 1996, Gymnasium's "book" dynamics): RK4 over dt = 0.2, torques
// -1/0/+1, angles wrapped to [-pi, pi], velocities bounded by 4 pi and 9 pi; terminated
// when -cos(t1) - cos(t1 + t2) > 1; reward -1 a step (0 on the terminal step); 500 steps.
#include <array>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <numbers>

#include "tasks/control/envs/environment.hpp"

namespace innate {
namespace {

using State5 = std::array<double, 5>;  // theta1, theta2, dtheta1, dtheta2, torque

class Acrobot final : public Environment {
 public:
  static constexpr double dt = 0.2, m1 = 1.0, m2 = 1.0, l1 = 1.0, lc1 = 0.5, lc2 = 0.5, I1 = 1.0, I2 = 1.0, g = 9.8;
  static constexpr double pi = std::numbers::pi, max_vel_1 = 4 * pi, max_vel_2 = 9 * pi;

  std::string name() const override { return "Acrobot-v1"; }
  std::vector<std::string> state_names() const override { return {"theta1", "theta2", "theta1_dot", "theta2_dot"}; }
  ObservationBounds observation_bounds() const override {
    return {{-1, -1, -1, -1, -max_vel_1, -max_vel_2}, {1, 1, 1, 1, max_vel_1, max_vel_2}};
  }
  int discrete_actions() const override { return 3; }
  int max_steps() const override { return 500; }

  void reset(Rng& rng) override {
    boost::random::uniform_real_distribution<double> u(-0.1, 0.1);
    for (double& v : s_) v = static_cast<float>(u(rng));  // Gymnasium casts the start state to float32
  }
  void set_state(std::span<const double> state) override { std::copy(state.begin(), state.end(), s_.begin()); }
  std::span<const double> state() const override { return s_; }
  void observe(std::span<float> o) const override {
    const double values[6] = {std::cos(s_[0]), std::sin(s_[0]), std::cos(s_[1]), std::sin(s_[1]), s_[2], s_[3]};
    for (int i = 0; i < 6; ++i) o[static_cast<std::size_t>(i)] = static_cast<float>(values[i]);
  }

  static State5 dsdt(const State5& s) {
    const double a = s[4], theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
    const double d1 = m1 * lc1 * lc1 + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * std::cos(theta2)) + I1 + I2;
    const double d2 = m2 * (lc2 * lc2 + l1 * lc2 * std::cos(theta2)) + I2;
    const double phi2 = m2 * lc2 * g * std::cos(theta1 + theta2 - pi / 2.0);
    const double phi1 = -m2 * l1 * lc2 * dtheta2 * dtheta2 * std::sin(theta2) -
                        2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * std::sin(theta2) +
                        (m1 * lc1 + m2 * l1) * g * std::cos(theta1 - pi / 2) + phi2;
    const double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1 * dtheta1 * std::sin(theta2) - phi2) /
                            (m2 * lc2 * lc2 + I2 - d2 * d2 / d1);
    const double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
    return {dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0};
  }

  static double wrap(double x, double m, double M) {
    const double diff = M - m;
    while (x > M) x -= diff;
    while (x < m) x += diff;
    return x;
  }

  StepResult step(std::span<const double> actions) override {
    const double action = actions[0];
    const double torque = static_cast<double>(static_cast<int>(action)) - 1.0;  // actions 0, 1, 2
    const State5 y0{s_[0], s_[1], s_[2], s_[3], torque};
    auto axpy = [](const State5& y, double h, const State5& k) {
      State5 r;
      for (std::size_t i = 0; i < 5; ++i) r[i] = y[i] + h * k[i];
      return r;
    };
    const State5 k1 = dsdt(y0), k2 = dsdt(axpy(y0, dt / 2, k1)), k3 = dsdt(axpy(y0, dt / 2, k2)),
                 k4 = dsdt(axpy(y0, dt, k3));
    for (std::size_t i = 0; i < 4; ++i) s_[i] = y0[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    s_[0] = wrap(s_[0], -pi, pi);
    s_[1] = wrap(s_[1], -pi, pi);
    s_[2] = std::min(std::max(s_[2], -max_vel_1), max_vel_1);
    s_[3] = std::min(std::max(s_[3], -max_vel_2), max_vel_2);
    const bool terminated = -std::cos(s_[0]) - std::cos(s_[1] + s_[0]) > 1.0;
    return {terminated ? 0.0 : -1.0, terminated};
  }

 private:
  std::array<double, 4> s_{};
};

}  // namespace

std::unique_ptr<Environment> make_acrobot() { return std::make_unique<Acrobot>(); }

}  // namespace innate
