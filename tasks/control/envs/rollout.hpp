#pragma once
// `innate env rollout`: the internal-state trajectory of an environment under a given
// action sequence, as CSV, so the dynamics can be checked against Gymnasium step by step.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace innate {

struct RolloutRequest {
  std::string environment, body = "intact";
  std::vector<std::string> actions;          // as --actions gives them
  std::optional<std::vector<double>> state;  // the internal state to start from
  std::uint64_t seed = 0;                    // the reset's seed when no state is given
  bool observations = false;                 // add the observation's columns
};

// Columns: step, the environment's state names, (obs0, obs1, ... with `observations`),
// reward, terminated, truncated; one row per step from step 1, ending at termination,
// truncation or the last action. Starts from `state` if given, else from a reset seeded
// by `seed`. Throws InputError.
std::string rollout_csv(const RolloutRequest& request);

}  // namespace innate
