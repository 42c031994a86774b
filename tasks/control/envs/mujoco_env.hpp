#pragma once
// Gymnasium's MuJoCo environments (v5) on MuJoCo's C library, the version PyPI's `mujoco`
// wheel ships (CMake pins it): the same XML model, frame skip, reset noise and step as
// gymnasium/envs/mujoco/mujoco_env.py. A step sets ctrl to the action, calls mj_step
// frame_skip times, then mj_rnePostConstraint (which fills cfrc_ext, the contact forces
// Ant observes and pays for). The internal state is qpos then qvel.
//
// A body is the model as Gymnasium defines it ("intact") or that model changed (a leg
// shortened, a body heavier, less friction): see parse_body(). Models are compiled once per
// (model, body) and shared read-only by every environment that uses them.
#include <mujoco/mujoco.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tasks/control/envs/environment.hpp"

namespace innate {

// The XML of a model Gymnasium ships (tasks/control/envs/assets/, embedded by CMake).
std::string_view mujoco_asset(std::string_view file);

// One change to a model: a capsule geom's length, a body's mass (and inertia), or every
// geom's sliding friction, each scaled by `factor`.
struct BodyChange {
  enum class Kind { limb, mass, friction } kind;
  std::string name;  // the geom (limb) or body (mass); empty for friction
  double factor = 1.0;
};

// "intact", or changes joined by '+': "limb:GEOM=F" (the capsule GEOM's far end moved
// to F of its length, 0 < F <= 1, the bodies attached to GEOM's body moved with it), "mass:BODY=F" (F > 0),
// "friction=F" (F > 0). Throws InputError naming what is wrong.
std::vector<BodyChange> parse_body(const std::string& body);

// The compiled model of `file` with `body`'s changes, shared (throws InputError when a
// name is not in the model).
std::shared_ptr<const mjModel> mujoco_model(std::string_view file, const std::string& body);

// Gymnasium's reset: qpos0 + U(-scale, scale), and velocities scale N(0, 1) (HalfCheetah,
// Ant) or U(-scale, scale) (Hopper, Walker2d, Swimmer).
struct ResetNoise {
  double scale = 0.1;
  bool normal_velocity = true;
};

class MujocoEnvironment : public Environment {
 public:
  MujocoEnvironment(std::string name, std::string_view file, const std::string& body, int frame_skip, ResetNoise noise);
  ~MujocoEnvironment() override;
  MujocoEnvironment(const MujocoEnvironment&) = delete;
  MujocoEnvironment& operator=(const MujocoEnvironment&) = delete;

  std::string name() const override { return name_; }
  std::vector<std::string> state_names() const override;  // each joint's qpos, then its qvel
  int discrete_actions() const override { return 0; }
  int action_size() const override { return model_->nu; }
  double max_action() const override { return 1.0; }  // every actuator's ctrlrange is [-1, 1]
  int max_steps() const override { return 1000; }
  double progress() const override { return data_->qpos[0]; }  // the root's x

  // mj_resetData, then the reset noise on qpos0 and zero velocities.
  void reset(Rng& rng) override;
  void set_state(std::span<const double> state) override;  // mj_resetData, qpos, qvel, mj_forward
  std::span<const double> state() const override { return state_; }

  const mjModel& model() const { return *model_; }
  const mjData& data() const { return *data_; }

 protected:
  // ctrl = action, frame_skip mj_steps, mj_rnePostConstraint.
  void simulate(std::span<const double> action);
  // simulate(), returning the root's x velocity over the step (qpos[0]'s change / dt).
  double simulate_forward(std::span<const double> action);
  double dt() const { return model_->opt.timestep * frame_skip_; }           // Gymnasium's self.dt
  double control_cost(std::span<const double> action, double weight) const;  // weight * sum(a^2)
  // Observations qpos[skip:] then qvel, each velocity clipped to +-velocity_clip when given.
  void observe_state(std::span<float> o, int skip, double velocity_clip = 0.0) const;
  ObservationBounds unbounded(int size) const;

 private:
  void forward_and_record();
  void record();  // state_ from qpos and qvel

  std::string name_;
  std::shared_ptr<const mjModel> model_;
  mjData* data_;
  int frame_skip_;
  ResetNoise noise_;
  std::vector<double> state_;  // qpos then qvel after the last reset or step
};

}  // namespace innate
