// Environments against the published equations: hand-computed first steps, an
// independent transcription of Gymnasium's Acrobot (generic RK4 over vectors), and the
// edge rules (termination, truncation, wrapping, clipping).
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <numbers>
#include <sstream>

#include "engine/base/error.hpp"
#include "tasks/control/envs/environment.hpp"
#include "tasks/control/envs/rollout.hpp"

using namespace innate;

namespace {

std::vector<double> state_of(const Environment& e) { return {e.state().begin(), e.state().end()}; }

int rows(const std::string& csv) {
  int n = 0;
  for (char c : csv) n += c == '\n';
  return n - 1;
}

}  // namespace

TEST_CASE("CartPole-v1: one Euler step by hand") {
  auto env = make_environment("CartPole-v1");
  env->set_state(std::vector<double>{0, 0, 0.01, 0});
  const StepResult r = env->step(1);
  // force +10: temp = 10 / 1.1; thetaacc = (9.8 sin 0.01 - cos 0.01 temp) /
  // (0.5 (4/3 - 0.1 cos^2 0.01 / 1.1)) = -14.47555...; xacc = temp - 0.05 thetaacc cos / 1.1
  const double s = std::sin(0.01), c = std::cos(0.01), temp = 10 / 1.1;
  const double thetaacc = (9.8 * s - c * temp) / (0.5 * (4.0 / 3.0 - 0.1 * c * c / 1.1));
  const double xacc = temp - 0.05 * thetaacc * c / 1.1;
  CHECK(thetaacc == doctest::Approx(-14.4756).epsilon(1e-4));
  const auto st = state_of(*env);
  CHECK(st[0] == doctest::Approx(0.0).epsilon(1e-12));  // x moves by tau * old x_dot = 0
  CHECK(std::abs(st[1] - 0.02 * xacc) < 1e-12);
  CHECK(std::abs(st[1] - 0.194977) < 1e-6);
  CHECK(std::abs(st[2] - 0.01) < 1e-12);  // theta moves by tau * old theta_dot = 0
  CHECK(std::abs(st[3] - (-0.289511)) < 1e-6);
  CHECK(r.reward == 1.0);
  CHECK_FALSE(r.terminated);
}

TEST_CASE("CartPole-v1 terminates past 12 degrees and truncates at 500 steps") {
  auto env = make_environment("CartPole-v1");
  const double limit = 12 * 2 * std::numbers::pi / 360;
  env->set_state(std::vector<double>{0, 0, limit - 1e-4, 1.0});  // theta grows by 0.02 this step
  CHECK(env->step(1).terminated);
  // A balancing controller keeps the pole up for all 500 steps of the time limit.
  auto balanced = make_environment("CartPole-v1");
  balanced->set_state(std::vector<double>{0, 0, 0, 0});
  int steps = 0;
  for (; steps < balanced->max_steps(); ++steps) {
    const auto st = balanced->state();
    if (balanced->step(st[2] + 0.5 * st[3] + 0.01 * st[0] + 0.1 * st[1] > 0 ? 1 : 0).terminated) break;
  }
  CHECK(steps == 500);
  // Rollouts stop at the time limit: Pendulum never terminates, so 250 actions give 200
  // rows, the last one truncated.
  std::vector<std::string> actions(250, "0.5");
  const std::string csv = rollout_csv({"Pendulum-v1", "intact", actions, std::vector<double>{0, 0}, 0});
  CHECK(rows(csv) == 200);
  CHECK(csv.substr(csv.size() - 5) == ",0,1\n");
}

TEST_CASE("Pendulum-v1: one step by hand, speed clipped at 8, angle not wrapped") {
  auto env = make_environment("Pendulum-v1");
  env->set_state(std::vector<double>{0.5, 0.1});
  const StepResult r = env->step(1.0);
  // cost = 0.5^2 + 0.1 * 0.1^2 + 0.001 * 1^2 (that last a float32 product, as NumPy 2
  // computes it for the float32 action); thdot' = 0.1 + (15 sin 0.5 + 3) * 0.05
  const double torque_cost = double(0.001f);
  CHECK(std::abs(r.reward - (-0.251 - torque_cost)) < 1e-15);
  const double thdot = 0.1 + (15 * std::sin(0.5) + 3) * 0.05;
  CHECK(std::abs(env->state()[1] - thdot) < 1e-12);
  CHECK(std::abs(env->state()[0] - (0.5 + thdot * 0.05)) < 1e-12);
  env->set_state(std::vector<double>{3.1, 7.9});
  env->step(2.0);
  CHECK(env->state()[1] == 8.0);
  CHECK(env->state()[0] > std::numbers::pi);  // 3.1 + 0.4: Gymnasium keeps the raw angle
  env->set_state(std::vector<double>{2 * std::numbers::pi + 0.5, 0});
  CHECK(std::abs(env->step(0).reward - (-0.25)) < 1e-9);  // the cost normalises the angle
  CHECK(std::abs(make_environment("Pendulum-v1")->step(5.0).reward - (-double(0.001f * 4.0f))) <
        1e-15);  // torque clipped to 2
}

TEST_CASE("MountainCarContinuous-v0: one step by hand, left wall, goal") {
  auto env = make_environment("MountainCarContinuous-v0");
  env->set_state(std::vector<double>{-0.5, 0});
  const StepResult r = env->step(1.0);
  // As Gymnasium on NumPy 2: the float32 action times power is a float32, so is its sum
  // with the slope term; the new state is stored as float32.
  auto f = [](double x) { return double(static_cast<float>(x)); };
  const double v = f(f(0.0015) - f(0.0025 * std::cos(-1.5)));
  CHECK(env->state()[1] == f(v));
  CHECK(env->state()[0] == f(-0.5 + v));
  CHECK(r.reward == doctest::Approx(-0.1));
  env->set_state(std::vector<double>{-1.19, -0.05});
  env->step(-1.0);
  CHECK(env->state()[0] == f(-1.2));
  CHECK(env->state()[1] == 0.0);
  env->set_state(std::vector<double>{0.449, 0.02});
  const StepResult goal = env->step(0.5);
  CHECK(goal.terminated);
  CHECK(goal.reward == doctest::Approx(100 - 0.025));
}

TEST_CASE("Acrobot-v1 matches an independent transcription of Gymnasium's equations") {
  // Reference: the published _dsdt ("book") and rk4 over [0, 0.2], on std::vector.
  using V = std::vector<double>;
  const double pi = std::numbers::pi;
  auto dsdt = [&](const V& s) -> V {
    const double m1 = 1, m2 = 1, l1 = 1, lc1 = .5, lc2 = .5, I1 = 1, I2 = 1, g = 9.8, a = s[4];
    const double d1 = m1 * lc1 * lc1 + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * std::cos(s[1])) + I1 + I2;
    const double d2 = m2 * (lc2 * lc2 + l1 * lc2 * std::cos(s[1])) + I2;
    const double phi2 = m2 * lc2 * g * std::cos(s[0] + s[1] - pi / 2);
    const double phi1 = -m2 * l1 * lc2 * s[3] * s[3] * std::sin(s[1]) -
                        2 * m2 * l1 * lc2 * s[3] * s[2] * std::sin(s[1]) +
                        (m1 * lc1 + m2 * l1) * g * std::cos(s[0] - pi / 2) + phi2;
    const double dd2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * s[2] * s[2] * std::sin(s[1]) - phi2) /
                       (m2 * lc2 * lc2 + I2 - d2 * d2 / d1);
    return {s[2], s[3], -(d2 * dd2 + phi1) / d1, dd2, 0};
  };
  auto rk4 = [&](V y) {
    const double h = 0.2;
    auto add = [](V a, const V& b, double k) {
      for (std::size_t i = 0; i < a.size(); ++i) a[i] += k * b[i];
      return a;
    };
    const V k1 = dsdt(y), k2 = dsdt(add(y, k1, h / 2)), k3 = dsdt(add(y, k2, h / 2)), k4 = dsdt(add(y, k3, h));
    for (std::size_t i = 0; i < y.size(); ++i) y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    return y;
  };
  auto env = make_environment("Acrobot-v1");
  V s{0.05, -0.08, 0.02, 0.01};
  env->set_state(s);
  const int actions[] = {2, 2, 0, 1, 2, 0, 0, 2, 1, 2, 2, 2, 0, 0, 0, 2, 2, 2, 2, 2};
  for (int a : actions) {
    V y = rk4({s[0], s[1], s[2], s[3], double(a - 1)});
    auto wrap = [&](double x) {
      while (x > pi) x -= 2 * pi;
      while (x < -pi) x += 2 * pi;
      return x;
    };
    s = {wrap(y[0]), wrap(y[1]), std::clamp(y[2], -4 * pi, 4 * pi), std::clamp(y[3], -9 * pi, 9 * pi)};
    const StepResult r = env->step(a);
    for (int i = 0; i < 4; ++i)
      CHECK(std::abs(env->state()[static_cast<std::size_t>(i)] - s[static_cast<std::size_t>(i)]) < 1e-9);
    CHECK(r.terminated == (-std::cos(s[0]) - std::cos(s[1] + s[0]) > 1.0));
    CHECK(r.reward == (r.terminated ? 0.0 : -1.0));
  }
}

TEST_CASE("Acrobot-v1 wraps angles into [-pi, pi] and bounds velocities") {
  auto env = make_environment("Acrobot-v1");
  env->set_state(std::vector<double>{3.1, 0, 3.0, 0});  // theta1 passes pi
  env->step(1);
  CHECK(env->state()[0] < 0);
  CHECK(env->state()[0] >= -std::numbers::pi);
  env->set_state(std::vector<double>{0, 0, 0, 40});  // beyond 9 pi
  env->step(1);
  CHECK(std::abs(env->state()[3]) <= 9 * std::numbers::pi);
}

TEST_CASE("rollout CSV: header, rows from step 1, stop at termination, bad input") {
  const std::string csv = rollout_csv({"CartPole-v1",
                                       "intact",
                                       {"1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1",
                                        "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1"},
                                       std::vector<double>{0, 0, 0, 0},
                                       0});
  CHECK(csv.rfind("step,x,x_dot,theta,theta_dot,reward,terminated,truncated\n1,", 0) == 0);
  CHECK(rows(csv) < 26);                          // pushing one way: the pole falls
  CHECK(csv.substr(csv.size() - 5) == ",1,0\n");  // the last row is terminated, not truncated
  CHECK(rollout_csv({"Pendulum-v1", "intact", {"0"}, std::nullopt, 5}) ==
        rollout_csv({"Pendulum-v1", "intact", {"0"}, std::nullopt, 5}));
  CHECK(rollout_csv({"Pendulum-v1", "intact", {"0"}, std::nullopt, 5}) !=
        rollout_csv({"Pendulum-v1", "intact", {"0"}, std::nullopt, 6}));
  CHECK_THROWS_AS(rollout_csv({"CartPole-v1", "intact", {"2"}, std::nullopt, 0}), InputError);
  CHECK_THROWS_AS(rollout_csv({"CartPole-v1", "intact", {"x"}, std::nullopt, 0}), InputError);
  CHECK_THROWS_AS(rollout_csv({"Pendulum-v1", "intact", {"0"}, std::vector<double>{1, 2, 3}, 0}), InputError);
  CHECK_THROWS_AS(rollout_csv({"Nope-v0", "intact", {"0"}, std::nullopt, 0}), InputError);
}

TEST_CASE("seeded resets follow the published initial-state distributions") {
  for (const auto& name : environment_names()) {
    INFO(name);
    if (!environment_built(name)) continue;
    auto env = make_environment(name);
    for (std::uint64_t s = 0; s < 200; ++s) {
      Rng rng = stream({s, 0, 0, Purpose::evaluate});
      env->reset(rng);
      const auto st = state_of(*env);
      if (name == "CartPole-v1")
        for (double v : st) CHECK(std::abs(v) <= 0.05);
      if (name == "Acrobot-v1")
        for (double v : st) CHECK(std::abs(v) <= 0.1);
      if (name == "Pendulum-v1") CHECK((std::abs(st[0]) <= std::numbers::pi && std::abs(st[1]) <= 1.0));
      if (name == "MountainCarContinuous-v0") CHECK((st[0] >= -0.6 && st[0] <= -0.4 && st[1] == 0.0));
    }
  }
}

TEST_CASE("Acrobot's reset draws a float32 start state, as Gymnasium's (tests/python checks Gymnasium's)") {
  auto env = make_environment("Acrobot-v1");
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    Rng rng = stream({seed, 0, 0, Purpose::evaluate});
    env->reset(rng);
    for (double v : env->state()) {
      CHECK(v == double(static_cast<float>(v)));
      CHECK(std::abs(v) <= 0.1);
    }
  }
}

TEST_CASE("MountainCarContinuous stores a float32 state after every step, and truncation also flags a terminal step") {
  auto env = make_environment("MountainCarContinuous-v0");
  const std::vector<double> start{-0.5, 0.0};
  env->set_state(start);
  for (int t = 0; t < 50; ++t) {
    env->step(t % 2 ? 0.7 : -0.3);
    for (double v : env->state()) CHECK(v == double(static_cast<float>(v)));
  }
  // Truncated at the limit: a 2-step rollout of CartPole never reaches 500, so the flag is
  // 0; the rollout's last row at the limit is checked against Gymnasium in tests/python.
  const std::string csv = rollout_csv({"CartPole-v1", "intact", {"1", "0"}, std::vector<double>{0, 0, 0, 0}, 0});
  CHECK(csv.find(",0,0\n") != std::string::npos);
}
