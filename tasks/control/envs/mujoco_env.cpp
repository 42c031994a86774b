#include "tasks/control/envs/mujoco_env.hpp"

#include <fmt/format.h>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>

#include "engine/base/error.hpp"
#include "engine/base/text.hpp"

namespace innate {
namespace {

double parse_factor(const std::string& text, const std::string& change, double high) {
  char* end = nullptr;
  const double f = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(f) || f <= 0 || f > high)
    throw InputError(fmt::format("body change '{}': the factor must be a number in (0, {}], got '{}'", change,
                                 format_number(high), text));
  return f;
}

BodyChange parse_change(const std::string& change) {
  const auto eq = change.find('=');
  if (eq == std::string::npos)
    throw InputError(
        fmt::format("body change '{}' has no '=FACTOR' (\"limb:GEOM=F\", \"mass:BODY=F\", "
                    "\"friction=F\")",
                    change));
  const std::string head = change.substr(0, eq), factor = change.substr(eq + 1);
  if (head == "friction") return {BodyChange::Kind::friction, "", parse_factor(factor, change, 1e6)};
  const auto colon = head.find(':');
  const std::string kind = head.substr(0, colon), name = colon == std::string::npos ? "" : head.substr(colon + 1);
  if ((kind == "limb" || kind == "mass") && !name.empty()) {
    if (kind == "limb") return {BodyChange::Kind::limb, name, parse_factor(factor, change, 1.0)};
    return {BodyChange::Kind::mass, name, parse_factor(factor, change, 1e6)};
  }
  throw InputError(fmt::format(
      "body change '{}': expected \"limb:GEOM=F\", \"mass:BODY=F\" or \"friction=F\" (changes joined by '+')", change));
}

// The spec's changes (limbs), then the compiled model's (masses, friction). A limb is a
// capsule: its far end moves to `factor` of its length, the end nearer the joint (its
// body's origin) stays, and the bodies attached to its body move with the far end. A capsule given by pos and
// orientation is first turned into the same capsule by fromto, read off the compiled intact model.
void shorten_limb(mjSpec* spec, const mjModel& intact, const BodyChange& c) {
  mjsElement* element = mjs_findElement(spec, mjOBJ_GEOM, c.name.c_str());
  mjsGeom* geom = element ? mjs_asGeom(element) : nullptr;
  if (!geom || geom->type != mjGEOM_CAPSULE)
    throw InputError(fmt::format("body change 'limb:{}': the model has no capsule geom '{}'", c.name, c.name));
  if (std::isnan(geom->fromto[0])) {
    const int g = mj_name2id(&intact, mjOBJ_GEOM, c.name.c_str());
    const double up[3] = {0, 0, 1};
    double axis[3];
    mju_rotVecQuat(axis, up, intact.geom_quat + 4 * g);
    const double* centre = intact.geom_pos + 3 * g;
    const double half = intact.geom_size[3 * g + 1];
    double a[3], b[3];
    for (int i = 0; i < 3; ++i) a[i] = centre[i] - half * axis[i], b[i] = centre[i] + half * axis[i];
    const bool a_near = mju_dot3(a, a) <= mju_dot3(b, b);
    for (int i = 0; i < 3; ++i) geom->fromto[i] = a_near ? a[i] : b[i], geom->fromto[i + 3] = a_near ? b[i] : a[i];
    // fromto alone places and turns it: no position or orientation beside it.
    for (int i = 0; i < 3; ++i) geom->pos[i] = 0;
    geom->alt.type = mjORIENTATION_QUAT;
    geom->quat[0] = 1, geom->quat[1] = geom->quat[2] = geom->quat[3] = 0;
  }
  double moved[3];
  for (int i = 3; i < 6; ++i) {
    const double end = geom->fromto[i - 3] + c.factor * (geom->fromto[i] - geom->fromto[i - 3]);
    moved[i - 3] = end - geom->fromto[i];
    geom->fromto[i] = end;
  }
  // What hangs from the limb comes with its end: each child body moves as the end did.
  mjsBody* body = mjs_getParent(element);
  for (mjsElement* child = mjs_firstChild(body, mjOBJ_BODY, 0); child; child = mjs_nextChild(body, child, 0))
    for (int i = 0; i < 3; ++i) mjs_asBody(child)->pos[i] += moved[i];
}

void scale_compiled(mjModel* m, const BodyChange& c) {
  if (c.kind == BodyChange::Kind::friction) {
    for (int g = 0; g < m->ngeom; ++g) m->geom_friction[3 * g] *= c.factor;
    return;
  }
  const int b = mj_name2id(m, mjOBJ_BODY, c.name.c_str());
  if (b < 1) throw InputError(fmt::format("body change 'mass:{}': the model has no body '{}'", c.name, c.name));
  m->body_mass[b] *= c.factor;
  for (int i = 0; i < 3; ++i) m->body_inertia[3 * b + i] *= c.factor;
}

std::shared_ptr<const mjModel> compile(std::string_view file, const std::vector<BodyChange>& changes) {
  char error[1000] = "";
  const std::string xml(mujoco_asset(file));
  std::unique_ptr<mjSpec, void (*)(mjSpec*)> spec(mj_parseXMLString(xml.c_str(), nullptr, error, sizeof error),
                                                  mj_deleteSpec);
  if (!spec) throw InputError(fmt::format("MuJoCo cannot read {}: {}", file, error));
  const auto limb = [](const BodyChange& c) { return c.kind == BodyChange::Kind::limb; };
  if (std::any_of(changes.begin(), changes.end(), limb)) {
    const std::unique_ptr<mjModel, void (*)(mjModel*)> intact(mj_compile(spec.get(), nullptr), mj_deleteModel);
    if (!intact) throw InputError(fmt::format("MuJoCo cannot compile {}: {}", file, mjs_getError(spec.get())));
    for (const BodyChange& c : changes)
      if (limb(c)) shorten_limb(spec.get(), *intact, c);
  }
  mjModel* m = mj_compile(spec.get(), nullptr);
  if (!m) throw InputError(fmt::format("MuJoCo cannot compile {}: {}", file, mjs_getError(spec.get())));
  std::shared_ptr<mjModel> model(m, mj_deleteModel);
  for (const BodyChange& c : changes)
    if (c.kind != BodyChange::Kind::limb) scale_compiled(m, c);
  return model;
}

// Names of a joint's coordinates: a free joint has 7 in qpos (position, quaternion) and 6
// in qvel; a ball joint 4 and 3; a slide or hinge joint one.
std::vector<std::string> coordinate_names(const mjModel& m, bool velocity) {
  std::vector<std::string> names;
  for (int j = 0; j < m.njnt; ++j) {
    const std::string joint =
        mj_id2name(&m, mjOBJ_JOINT, j) ? mj_id2name(&m, mjOBJ_JOINT, j) : fmt::format("joint{}", j);
    std::vector<std::string> parts;
    if (m.jnt_type[j] == mjJNT_FREE)
      parts = velocity ? std::vector<std::string>{"x", "y", "z", "wx", "wy", "wz"}
                       : std::vector<std::string>{"x", "y", "z", "qw", "qx", "qy", "qz"};
    else if (m.jnt_type[j] == mjJNT_BALL)
      parts = velocity ? std::vector<std::string>{"wx", "wy", "wz"} : std::vector<std::string>{"qw", "qx", "qy", "qz"};
    const std::string prefix = velocity ? "qvel_" : "qpos_";
    if (parts.empty()) names.push_back(prefix + joint);
    for (const auto& p : parts) names.push_back(prefix + joint + "_" + p);
  }
  return names;
}

// MuJoCo's own handlers print to standard output (into a rollout's CSV) and append to
// MUJOCO_LOG.TXT in the working directory, a file no run owns. innate's say it once on
// standard error instead: a warning (an unstable simulation, which MuJoCo resets, as it
// does under Gymnasium) once a process, an error as one line and exit code 2.
void install_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    mju_user_warning = [](const char* message) {
      static std::atomic<bool> said{false};
      if (!said.exchange(true)) std::fprintf(stderr, "innate: MuJoCo warning (said once): %s\n", message);
    };
    mju_user_error = [](const char* message) {
      std::fprintf(stderr, "innate: MuJoCo error: %s\n", message);
      std::_Exit(2);
    };
  });
}

}  // namespace

std::vector<BodyChange> parse_body(const std::string& body) {
  if (body == "intact") return {};
  if (body.empty()) throw InputError("a body is \"intact\" or changes joined by '+', got \"\"");
  std::vector<BodyChange> changes;
  std::size_t start = 0;
  while (true) {
    const auto plus = body.find('+', start);
    changes.push_back(parse_change(body.substr(start, plus - start)));
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  return changes;
}

std::shared_ptr<const mjModel> mujoco_model(std::string_view file, const std::string& body) {
  install_handlers();
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const mjModel>> models;
  const std::vector<BodyChange> changes = parse_body(body);
  const std::lock_guard lock(mutex);
  auto& model = models[fmt::format("{} {}", file, body)];
  if (!model) model = compile(file, changes);
  return model;
}

MujocoEnvironment::MujocoEnvironment(std::string name, std::string_view file, const std::string& body, int frame_skip,
                                     ResetNoise noise)
    : name_(std::move(name)),
      model_(mujoco_model(file, body)),
      data_(mj_makeData(model_.get())),
      frame_skip_(frame_skip),
      noise_(noise),
      state_(static_cast<std::size_t>(model_->nq + model_->nv)) {
  if (!data_) throw InputError(fmt::format("{}: MuJoCo could not allocate its data", name_));
  forward_and_record();
}

MujocoEnvironment::~MujocoEnvironment() { mj_deleteData(data_); }

std::vector<std::string> MujocoEnvironment::state_names() const {
  std::vector<std::string> names = coordinate_names(*model_, false);
  for (auto& n : coordinate_names(*model_, true)) names.push_back(std::move(n));
  return names;
}

void MujocoEnvironment::reset(Rng& rng) {
  mj_resetData(model_.get(), data_);
  boost::random::uniform_real_distribution<double> uniform(-noise_.scale, noise_.scale);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  for (int i = 0; i < model_->nq; ++i) data_->qpos[i] = model_->qpos0[i] + uniform(rng);
  for (int i = 0; i < model_->nv; ++i)
    data_->qvel[i] = noise_.normal_velocity ? noise_.scale * normal(rng) : uniform(rng);
  forward_and_record();
}

void MujocoEnvironment::set_state(std::span<const double> state) {
  mj_resetData(model_.get(), data_);
  std::copy(state.begin(), state.begin() + model_->nq, data_->qpos);
  std::copy(state.begin() + model_->nq, state.end(), data_->qvel);
  forward_and_record();
}

void MujocoEnvironment::forward_and_record() {
  mj_forward(model_.get(), data_);
  record();
}

void MujocoEnvironment::record() {
  std::copy(data_->qpos, data_->qpos + model_->nq, state_.begin());
  std::copy(data_->qvel, data_->qvel + model_->nv, state_.begin() + model_->nq);
}

void MujocoEnvironment::simulate(std::span<const double> action) {
  if (action.size() != static_cast<std::size_t>(model_->nu))
    throw InputError(fmt::format("{} takes {} action values a step, got {}", name_, model_->nu, action.size()));
  std::copy(action.begin(), action.end(), data_->ctrl);  // MuJoCo clamps it to ctrlrange
  for (int i = 0; i < frame_skip_; ++i) mj_step(model_.get(), data_);
  mj_rnePostConstraint(model_.get(), data_);
  record();
}

void MujocoEnvironment::observe_state(std::span<float> o, int skip, double velocity_clip) const {
  std::size_t k = 0;
  for (int i = skip; i < model_->nq; ++i) o[k++] = static_cast<float>(data_->qpos[i]);
  for (int i = 0; i < model_->nv; ++i)
    o[k++] = static_cast<float>(velocity_clip > 0 ? std::clamp(data_->qvel[i], -velocity_clip, velocity_clip)
                                                  : data_->qvel[i]);
}

ObservationBounds MujocoEnvironment::unbounded(int size) const {
  const double inf = std::numeric_limits<double>::infinity();
  return {std::vector<double>(std::size_t(size), -inf), std::vector<double>(std::size_t(size), inf)};
}

double MujocoEnvironment::simulate_forward(std::span<const double> action) {
  const double before = data_->qpos[0];
  simulate(action);
  return (data_->qpos[0] - before) / dt();
}

double MujocoEnvironment::control_cost(std::span<const double> action, double weight) const {
  double sum = 0.0;
  for (const double a : action) sum += a * a;
  return weight * sum;
}

}  // namespace innate
