// The environments by name: adding one is a file in this folder and a line here.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "engine/base/error.hpp"
#include "engine/base/text.hpp"
#include "tasks/control/envs/environment.hpp"

namespace innate {

std::unique_ptr<Environment> make_cartpole();
std::unique_ptr<Environment> make_acrobot();
std::unique_ptr<Environment> make_pendulum();
std::unique_ptr<Environment> make_mountain_car_continuous();
#ifdef INNATE_MUJOCO
std::unique_ptr<Environment> make_half_cheetah(const std::string& body);
std::unique_ptr<Environment> make_ant(const std::string& body);
std::unique_ptr<Environment> make_hopper(const std::string& body);
std::unique_ptr<Environment> make_walker2d(const std::string& body);
std::unique_ptr<Environment> make_swimmer(const std::string& body);
#endif

namespace {
struct Named {
  std::string name;
  std::unique_ptr<Environment> (*make)() = nullptr;
  std::unique_ptr<Environment> (*make_body)(const std::string& body) = nullptr;  // a MuJoCo model
};

// A build without MuJoCo still knows the MuJoCo environments' names, and says how to get them.
#ifdef INNATE_MUJOCO
constexpr auto half_cheetah = make_half_cheetah, ant = make_ant, hopper = make_hopper, walker2d = make_walker2d,
               swimmer = make_swimmer;
#else
[[noreturn]] std::unique_ptr<Environment> without_mujoco(const std::string&) {
  throw InputError("this build has no MuJoCo " INNATE_MUJOCO_VERSION
                   ": run scripts/setup (it installs PyPI's mujoco==" INNATE_MUJOCO_VERSION
                   " and rebuilds), or configure with -DMUJOCO_DIR pointing at that version");
}
constexpr auto half_cheetah = without_mujoco, ant = without_mujoco, hopper = without_mujoco, walker2d = without_mujoco,
               swimmer = without_mujoco;
#endif

const std::vector<Named>& registry() {
  static const std::vector<Named> all{
      {"CartPole-v1", make_cartpole},
      {"Acrobot-v1", make_acrobot},
      {"Pendulum-v1", make_pendulum},
      {"MountainCarContinuous-v0", make_mountain_car_continuous},
      {"HalfCheetah-v5", nullptr, half_cheetah},
      {"Ant-v5", nullptr, ant},
      {"Hopper-v5", nullptr, hopper},
      {"Walker2d-v5", nullptr, walker2d},
      {"Swimmer-v5", nullptr, swimmer},
  };
  return all;
}
}  // namespace

const std::vector<std::string>& environment_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& e : registry()) n.push_back(e.name);
    return n;
  }();
  return names;
}

void Environment::start_from(std::span<const double> state) {
  const auto names = state_names();
  if (state.size() != names.size())
    throw InputError(fmt::format("{} takes a state of {} values ({}), got {}", name(), names.size(),
                                 fmt::join(names, ", "), state.size()));
  for (std::size_t i = 0; i < state.size(); ++i)
    if (!std::isfinite(state[i]))
      throw InputError(
          fmt::format("{}: state value {} ({}) must be finite, got {}", name(), i + 1, names[i], state[i]));
  set_state(state);
}

bool environment_built(const std::string& name) {
#ifdef INNATE_MUJOCO
  constexpr bool mujoco = true;
#else
  constexpr bool mujoco = false;
#endif
  const auto& names = environment_names();
  return std::find(names.begin(), names.end(), name) != names.end() && (mujoco || !has_body(name));
}

bool has_body(const std::string& name) {
  for (const auto& e : registry())
    if (e.name == name) return e.make_body != nullptr;
  return false;
}

std::unique_ptr<Environment> make_environment(const std::string& name, const std::string& body) {
  for (const auto& e : registry()) {
    if (e.name != name) continue;
    if (e.make_body) return e.make_body(body);
    if (body != "intact") throw InputError(fmt::format("{} has no body to change (body \"{}\")", name, body));
    return e.make();
  }
  const std::string near = nearest(name, environment_names());
  throw InputError(fmt::format("unknown environment '{}'{}; known: {}", name,
                               near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near),
                               fmt::join(environment_names(), ", ")));
}

}  // namespace innate
