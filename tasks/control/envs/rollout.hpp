#pragma once
// `innate env rollout`: the internal-state trajectory of an environment under a given
// action sequence, as CSV, so the dynamics can be checked against Gymnasium step by step.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace innate {

// Columns: step, the environment's state names, reward, terminated, truncated; one row
// per step from step 1, ending at termination, truncation or the last action. Starts
// from `state` if given, else from a reset seeded by `seed`. Throws InputError.
std::string rollout_csv(const std::string& environment, const std::vector<std::string>& actions,
                        const std::optional<std::vector<double>>& state, std::uint64_t seed);

}  // namespace innate
