// The environments by name: adding one is a file in this folder and a line here.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

#include "engine/base/error.hpp"
#include "engine/base/text.hpp"
#include "tasks/control/envs/environment.hpp"

namespace innate {

std::unique_ptr<Environment> make_cartpole();
std::unique_ptr<Environment> make_acrobot();
std::unique_ptr<Environment> make_pendulum();
std::unique_ptr<Environment> make_mountain_car_continuous();

namespace {
struct Named {
  std::string name;
  std::unique_ptr<Environment> (*make)();
};
const std::vector<Named>& registry() {
  static const std::vector<Named> all{
      {"CartPole-v1", make_cartpole},
      {"Acrobot-v1", make_acrobot},
      {"Pendulum-v1", make_pendulum},
      {"MountainCarContinuous-v0", make_mountain_car_continuous},
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

std::unique_ptr<Environment> make_environment(const std::string& name) {
  for (const auto& e : registry())
    if (e.name == name) return e.make();
  const std::string near = nearest(name, environment_names());
  throw InputError(fmt::format("unknown environment '{}'{}; known: {}", name,
                               near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near),
                               fmt::join(environment_names(), ", ")));
}

}  // namespace innate
