// The MuJoCo environments against Gymnasium's definitions by hand (the step-by-step
// equality with Gymnasium itself is tests/python/mujoco_fidelity.py): sizes, rewards from
// the state before and after, termination, reset noise, and the body changes.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <numeric>

#include "engine/base/error.hpp"
#include "tasks/control/envs/environment.hpp"

using namespace innate;

#ifdef INNATE_MUJOCO
#include "tasks/control/envs/mujoco_env.hpp"

namespace {

const MujocoEnvironment& mujoco(const Environment& e) { return dynamic_cast<const MujocoEnvironment&>(e); }

std::vector<double> copy(std::span<const double> s) { return {s.begin(), s.end()}; }

}  // namespace

TEST_CASE("HalfCheetah-v5: sizes, observation, and the reward from the state by hand") {
  auto env = make_environment("HalfCheetah-v5");
  CHECK(env->observation_size() == 17);
  CHECK(env->action_size() == 6);
  CHECK(env->discrete_actions() == 0);
  CHECK(env->max_steps() == 1000);
  CHECK(env->state_names().size() == 18);
  CHECK(env->state_names().front() == "qpos_rootx");
  CHECK(env->state_names()[9] == "qvel_rootx");
  Rng rng = stream({3, 0, 0, Purpose::evaluate});
  env->reset(rng);
  const std::vector<double> action{0.5, -0.25, 1.0, 0.0, -1.0, 0.75};
  const auto before = copy(env->state());
  const StepResult r = env->step(action);
  const auto after = copy(env->state());
  // forward reward: the root's x velocity over dt = 0.01 * 5; control cost 0.1 * sum(a^2).
  const double expected = (after[0] - before[0]) / (0.01 * 5) - 0.1 * (0.25 + 0.0625 + 1 + 0 + 1 + 0.5625);
  CHECK(r.reward == doctest::Approx(expected).epsilon(1e-12));
  CHECK_FALSE(r.terminated);
  std::vector<float> obs(17);
  env->observe(obs);
  for (std::size_t i = 0; i < 17; ++i) CHECK(obs[i] == static_cast<float>(after[i + 1]));  // qpos[1:], qvel
  CHECK(env->progress() == after[0]);
}

TEST_CASE("Ant-v5: 105 observations, healthy while the torso is between 0.2 and 1.0") {
  auto env = make_environment("Ant-v5");
  CHECK(env->observation_size() == 13 + 14 + 13 * 6);
  CHECK(env->action_size() == 8);
  std::vector<double> state(15 + 14, 0.0);
  state[3] = 1.0;  // the identity quaternion
  const std::vector<double> still(8, 0.0);
  for (const auto& [z, healthy] : std::vector<std::pair<double, bool>>{{0.75, true}, {1.5, false}, {3.0, false}}) {
    INFO(z);
    state[2] = z;
    env->start_from(state);
    const StepResult r = env->step(still);
    const double height = env->state()[2];
    CHECK(r.terminated == !(height >= 0.2 && height <= 1.0));
    CHECK(r.terminated == !healthy);
  }
  // From rest at 0.75 with no action the ant drops onto its legs: the reward is the x
  // velocity + 1 (healthy) - 5e-4 sum(clipped contact forces^2), so within 1e-3 of 1 + x velocity.
  state[2] = 0.75;
  env->start_from(state);
  const double x0 = env->progress();
  const StepResult r = env->step(still);
  CHECK(r.reward == doctest::Approx(1.0 + (env->progress() - x0) / 0.05).epsilon(1e-3));
  CHECK_THROWS_AS(env->step(std::vector<double>(6, 0.0)), InputError);
}

TEST_CASE("MuJoCo resets: qpos0 + U(-0.1, 0.1), qvel 0.1 N(0, 1)") {
  auto env = make_environment("Ant-v5");
  const mjModel& m = mujoco(*env).model();
  std::vector<double> velocities;
  for (std::uint64_t s = 0; s < 300; ++s) {
    Rng rng = stream({s, 0, 0, Purpose::evaluate});
    env->reset(rng);
    const auto st = env->state();
    for (int i = 0; i < m.nq; ++i) CHECK(std::abs(st[std::size_t(i)] - m.qpos0[i]) <= 0.1);
    velocities.insert(velocities.end(), st.begin() + m.nq, st.end());
  }
  const double n = double(velocities.size());
  const double mean = std::accumulate(velocities.begin(), velocities.end(), 0.0) / n;
  double var = 0;
  for (double v : velocities) var += (v - mean) * (v - mean);
  CHECK(std::abs(mean) < 0.01);  // 4,200 draws: sd of the mean 0.0015
  CHECK(std::sqrt(var / (n - 1)) == doctest::Approx(0.1).epsilon(0.05));
}

TEST_CASE("Hopper-v5, Walker2d-v5, Swimmer-v5: sizes, clipped velocities, uniform reset noise") {
  struct Expected {
    const char* name;
    int observations, actions;
    double noise;
  };
  for (const Expected& e :
       {Expected{"Hopper-v5", 11, 3, 5e-3}, Expected{"Walker2d-v5", 17, 6, 5e-3}, Expected{"Swimmer-v5", 8, 2, 0.1}}) {
    INFO(e.name);
    auto env = make_environment(e.name);
    CHECK(env->observation_size() == e.observations);
    CHECK(env->action_size() == e.actions);
    const mjModel& m = mujoco(*env).model();
    double widest = 0;
    for (std::uint64_t s = 0; s < 100; ++s) {
      Rng rng = stream({s, 0, 0, Purpose::evaluate});
      env->reset(rng);
      for (int i = 0; i < m.nq; ++i) CHECK(std::abs(env->state()[std::size_t(i)] - m.qpos0[i]) <= e.noise);
      for (int i = m.nq; i < m.nq + m.nv; ++i) widest = std::max(widest, std::abs(env->state()[std::size_t(i)]));
    }
    CHECK(widest <= e.noise);       // uniform: never beyond the scale
    CHECK(widest > 0.9 * e.noise);  // and it reaches near it
  }
  // A walker's observed velocities are clipped to +-10; the state keeps them.
  auto hopper = make_environment("Hopper-v5");
  std::vector<double> state(12, 0.0);
  state[1] = 1.25, state[6] = 25.0;  // standing, moving forward at 25 m/s
  hopper->start_from(state);
  std::vector<float> obs(11);
  hopper->observe(obs);
  CHECK(obs[5] == 10.0f);
  CHECK(hopper->state()[6] == 25.0);
}

TEST_CASE("body changes: a shorter limb, a heavier body, less friction, models shared per body") {
  auto intact = make_environment("Ant-v5"), again = make_environment("Ant-v5");
  auto changed = make_environment("Ant-v5", "limb:right_ankle_geom=0.5+mass:torso=2+friction=0.25");
  const mjModel &a = mujoco(*intact).model(), &b = mujoco(*changed).model();
  CHECK(&a == &mujoco(*again).model());
  CHECK(&a != &b);
  const int geom = mj_name2id(&a, mjOBJ_GEOM, "right_ankle_geom"), torso = mj_name2id(&a, mjOBJ_BODY, "torso");
  CHECK(b.geom_size[3 * geom + 1] == doctest::Approx(a.geom_size[3 * geom + 1] / 2));  // half-length
  const int leg = a.geom_bodyid[geom];
  CHECK(b.body_mass[leg] < a.body_mass[leg]);  // inertia from the geoms: a shorter capsule weighs less
  CHECK(b.body_mass[torso] == doctest::Approx(2 * a.body_mass[torso]));
  CHECK(b.body_inertia[3 * torso] == doctest::Approx(2 * a.body_inertia[3 * torso]));
  for (int g = 0; g < a.ngeom; ++g) CHECK(b.geom_friction[3 * g] == doctest::Approx(0.25 * a.geom_friction[3 * g]));
  CHECK(parse_body("intact").empty());
  CHECK(parse_body("friction=0.5+limb:x=1").size() == 2);
  for (const char* bad : {"", "limb:x", "limb:x=0", "limb:x=1.5", "mass:=2", "friction=nan", "wings=2", "a+"})
    CHECK_THROWS_AS(parse_body(bad), InputError);
  CHECK_THROWS_AS(make_environment("Ant-v5", "limb:torso_geom=0.5"), InputError);  // a sphere
  CHECK_THROWS_AS(make_environment("HalfCheetah-v5", "limb:nope=0.5"), InputError);
  CHECK_THROWS_AS(make_environment("Ant-v5", "mass:world=2"), InputError);
  CHECK_THROWS_AS(make_environment("CartPole-v1", "friction=0.5"), InputError);
}

TEST_CASE("a limb given by pos and orientation: factor 1 is the same capsule, 0.5 keeps the end at the joint") {
  const auto intact = make_environment("HalfCheetah-v5"), same = make_environment("HalfCheetah-v5", "limb:bfoot=1");
  const auto half = make_environment("HalfCheetah-v5", "limb:bfoot=0.5");
  const mjModel &a = mujoco(*intact).model(), &b = mujoco(*same).model(), &c = mujoco(*half).model();
  const int g = mj_name2id(&a, mjOBJ_GEOM, "bfoot");
  auto ends = [&](const mjModel& m) {  // the capsule's two ends in its body's frame
    const double up[3] = {0, 0, 1};
    double axis[3];
    mju_rotVecQuat(axis, up, m.geom_quat + 4 * g);
    std::array<double, 6> e{};
    for (int i = 0; i < 3; ++i) {
      e[std::size_t(i)] = m.geom_pos[3 * g + i] - m.geom_size[3 * g + 1] * axis[i];
      e[std::size_t(i + 3)] = m.geom_pos[3 * g + i] + m.geom_size[3 * g + 1] * axis[i];
    }
    return e;
  };
  const auto ea = ends(a), eb = ends(b), ec = ends(c);
  for (std::size_t i = 0; i < 6; ++i) CHECK(eb[i] == doctest::Approx(ea[i]).epsilon(1e-9));
  for (int i = 0; i < a.nbody; ++i) CHECK(b.body_mass[i] == doctest::Approx(a.body_mass[i]).epsilon(1e-9));
  CHECK(c.geom_size[3 * g + 1] == doctest::Approx(a.geom_size[3 * g + 1] / 2));
  // bfoot's end near its joint is the second (+axis) one in both: it stays.
  for (std::size_t i = 3; i < 6; ++i) CHECK(ec[i] == doctest::Approx(ea[i]).epsilon(1e-9));
  // A limb with a body hanging from it: the shin's far end moves, and the foot with it.
  const auto shin = make_environment("HalfCheetah-v5", "limb:bshin=0.5");
  const mjModel& d = mujoco(*shin).model();
  const int s = mj_name2id(&a, mjOBJ_GEOM, "bshin"), foot = mj_name2id(&a, mjOBJ_BODY, "bfoot");
  auto far_end = [&](const mjModel& m) {  // the capsule's end farther from its body's origin
    const double up[3] = {0, 0, 1};
    double axis[3];
    mju_rotVecQuat(axis, up, m.geom_quat + 4 * s);
    std::array<double, 3> plus{}, minus{};
    for (int i = 0; i < 3; ++i) {
      plus[std::size_t(i)] = m.geom_pos[3 * s + i] + m.geom_size[3 * s + 1] * axis[i];
      minus[std::size_t(i)] = m.geom_pos[3 * s + i] - m.geom_size[3 * s + 1] * axis[i];
    }
    return mju_dot3(plus.data(), plus.data()) > mju_dot3(minus.data(), minus.data()) ? plus : minus;
  };
  const auto far_a = far_end(a), far_d = far_end(d);
  for (int i = 0; i < 3; ++i)
    CHECK(d.body_pos[3 * foot + i] - a.body_pos[3 * foot + i] ==
          doctest::Approx(far_d[std::size_t(i)] - far_a[std::size_t(i)]).epsilon(1e-9));
  CHECK(d.body_pos[3 * foot] != doctest::Approx(a.body_pos[3 * foot]));
}

#else

TEST_CASE("a build without MuJoCo names its environments and says how to get them") {
  CHECK_FALSE(environment_built("Ant-v5"));
  try {
    make_environment("Ant-v5");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("scripts/setup") != std::string::npos);
  }
}

#endif
