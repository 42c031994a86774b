// CartPole-v1 (Barto, Sutton & Anderson 1983, as in Gymnasium): Euler integration,
// tau 0.02, force +-10, terminated beyond +-12 degrees or +-2.4, truncated at 500.
#include <array>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <limits>
#include <numbers>

#include "tasks/control/envs/environment.hpp"

namespace innate {
namespace {

class CartPole final : public Environment {
 public:
  static constexpr double gravity = 9.8, masscart = 1.0, masspole = 0.1, total_mass = masspole + masscart;
  static constexpr double length = 0.5, polemass_length = masspole * length, force_mag = 10.0, tau = 0.02;
  static constexpr double theta_threshold = 12 * 2 * std::numbers::pi / 360, x_threshold = 2.4;

  std::string name() const override { return "CartPole-v1"; }
  std::vector<std::string> state_names() const override { return {"x", "x_dot", "theta", "theta_dot"}; }
  ObservationBounds observation_bounds() const override {
    const double inf = std::numeric_limits<double>::infinity();  // velocities: unbounded (Gymnasium 1.x)
    return {{-2 * x_threshold, -inf, -2 * theta_threshold, -inf}, {2 * x_threshold, inf, 2 * theta_threshold, inf}};
  }
  int discrete_actions() const override { return 2; }
  int max_steps() const override { return 500; }

  void reset(Rng& rng) override {
    boost::random::uniform_real_distribution<double> u(-0.05, 0.05);
    for (double& v : s_) v = u(rng);
  }
  void set_state(std::span<const double> state) override { std::copy(state.begin(), state.end(), s_.begin()); }
  std::span<const double> state() const override { return s_; }
  void observe(std::span<float> o) const override {
    for (int i = 0; i < 4; ++i) o[static_cast<std::size_t>(i)] = static_cast<float>(s_[static_cast<std::size_t>(i)]);
  }

  StepResult step(std::span<const double> actions) override {
    const double action = actions[0];
    auto& [x, x_dot, theta, theta_dot] = s_;
    const double force = action >= 0.5 ? force_mag : -force_mag;
    const double costheta = std::cos(theta), sintheta = std::sin(theta);
    const double temp = (force + polemass_length * theta_dot * theta_dot * sintheta) / total_mass;
    const double thetaacc =
        (gravity * sintheta - costheta * temp) / (length * (4.0 / 3.0 - masspole * costheta * costheta / total_mass));
    const double xacc = temp - polemass_length * thetaacc * costheta / total_mass;
    x += tau * x_dot;
    x_dot += tau * xacc;
    theta += tau * theta_dot;
    theta_dot += tau * thetaacc;
    const bool done = x < -x_threshold || x > x_threshold || theta < -theta_threshold || theta > theta_threshold;
    return {1.0, done};
  }

 private:
  std::array<double, 4> s_{};
};

}  // namespace

std::unique_ptr<Environment> make_cartpole() { return std::make_unique<CartPole>(); }

}  // namespace innate
