#include "tasks/control/envs/rollout.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "engine/base/error.hpp"
#include "engine/base/text.hpp"
#include "tasks/control/envs/environment.hpp"

namespace innate {

std::string rollout_csv(const std::string& environment, const std::vector<std::string>& actions,
                        const std::optional<std::vector<double>>& state, std::uint64_t seed) {
  auto env = make_environment(environment);
  const auto names = env->state_names();
  if (state) {
    try {
      env->start_from(*state);
    } catch (const InputError& e) {
      throw InputError(fmt::format("--state: {}", e.what()));
    }
  } else {
    Rng rng = stream({seed, 0, 0, Purpose::evaluate});
    env->reset(rng);
  }
  std::string csv = fmt::format("step,{},reward,terminated,truncated\n", fmt::join(names, ","));
  const int n = env->discrete_actions();
  for (std::size_t t = 0; t < actions.size(); ++t) {
    const std::string& text = actions[t];
    char* end = nullptr;
    const double a = std::strtod(text.c_str(), &end);
    const bool number = !text.empty() && end == text.c_str() + text.size() && std::isfinite(a);
    if (n > 0 && (!number || a != std::floor(a) || a < 0 || a >= n))
      throw InputError(fmt::format("--actions: {} takes action indices 0..{}, got '{}' at position {}", environment,
                                   n - 1, text, t + 1));
    if (n == 0 && !number)
      throw InputError(
          fmt::format("--actions: {} takes real values, got '{}' at position {}", environment, text, t + 1));
    const StepResult r = env->step(a);
    const int step = static_cast<int>(t) + 1;
    const bool truncated = step >= env->max_steps();  // as Gymnasium's TimeLimit: also on a terminal step
    csv += fmt::format("{}", step);
    for (double v : env->state()) csv += fmt::format(",{}", format_number(v));
    csv += fmt::format(",{},{},{}\n", format_number(r.reward), r.terminated ? 1 : 0, truncated ? 1 : 0);
    if (r.terminated || truncated) break;
  }
  return csv;
}

}  // namespace innate
