#include "tasks/control/envs/rollout.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "engine/base/error.hpp"
#include "engine/base/text.hpp"
#include "tasks/control/envs/environment.hpp"

namespace innate {
namespace {

// The --actions values: indices for a discrete environment, else real numbers, action_size()
// of them a step.
std::vector<double> action_values(const Environment& env, const std::vector<std::string>& actions) {
  const int n = env.discrete_actions();
  std::vector<double> values;
  for (std::size_t t = 0; t < actions.size(); ++t) {
    const std::string& text = actions[t];
    char* end = nullptr;
    const double a = std::strtod(text.c_str(), &end);
    const bool number = !text.empty() && end == text.c_str() + text.size() && std::isfinite(a);
    if (n > 0 && (!number || a != std::floor(a) || a < 0 || a >= n))
      throw InputError(fmt::format("--actions: {} takes action indices 0..{}, got '{}' at position {}", env.name(),
                                   n - 1, text, t + 1));
    if (n == 0 && !number)
      throw InputError(
          fmt::format("--actions: {} takes real values, got '{}' at position {}", env.name(), text, t + 1));
    values.push_back(a);
  }
  if (values.size() % static_cast<std::size_t>(env.action_size()) != 0)
    throw InputError(fmt::format("--actions: {} takes {} values a step, got {} values", env.name(), env.action_size(),
                                 values.size()));
  return values;
}

}  // namespace

std::string rollout_csv(const RolloutRequest& request) {
  auto env = make_environment(request.environment, request.body);
  if (request.state) {
    try {
      env->start_from(*request.state);
    } catch (const InputError& e) {
      throw InputError(fmt::format("--state: {}", e.what()));
    }
  } else {
    Rng rng = stream({request.seed, 0, 0, Purpose::evaluate});
    env->reset(rng);
  }
  std::vector<float> observation(static_cast<std::size_t>(request.observations ? env->observation_size() : 0));
  std::string csv = fmt::format("step,{}", fmt::join(env->state_names(), ","));
  for (std::size_t i = 0; i < observation.size(); ++i) csv += fmt::format(",obs{}", i);
  csv += ",reward,terminated,truncated\n";
  const std::vector<double> values = action_values(*env, request.actions);
  const auto width = static_cast<std::size_t>(env->action_size());
  for (std::size_t t = 0; t * width < values.size(); ++t) {
    const StepResult r = env->step(std::span<const double>(values.data() + t * width, width));
    const int step = static_cast<int>(t) + 1;
    const bool truncated = step >= env->max_steps();  // as Gymnasium's TimeLimit: also on a terminal step
    csv += fmt::format("{}", step);
    for (double v : env->state()) csv += fmt::format(",{}", format_number(v));
    if (request.observations) env->observe(observation);
    for (float v : observation) csv += fmt::format(",{}", format_number(v));
    csv += fmt::format(",{},{},{}\n", format_number(r.reward), r.terminated ? 1 : 0, truncated ? 1 : 0);
    if (r.terminated || truncated) break;
  }
  return csv;
}

}  // namespace innate
