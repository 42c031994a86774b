#pragma once
// Rankings shared by the optimizers. Non-finite scores rank lowest; ties keep the lower
// index first, so rankings are deterministic.
#include <cstddef>
#include <span>
#include <vector>

namespace innate {

// Indices from the best score to the worst.
std::vector<std::size_t> best_first(std::span<const double> scores);

// Centred ranks in [-0.5, 0.5]: the best gets 0.5, the worst -0.5, evenly spaced.
std::vector<double> centred_ranks(std::span<const double> scores);

}  // namespace innate
