#pragma once
// What the evolution strategies share: rankings (non-finite scores lowest, ties keep the
// lower index first, so rankings are deterministic), the initial mean, and the keyed
// Gaussian samples each individual draws (regenerated rather than stored).
#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/components/components.hpp"

namespace innate {

// Indices from the best score to the worst.
std::vector<std::size_t> best_first(std::span<const double> scores);

// Centred ranks in [-0.5, 0.5]: the best gets 0.5, the worst -0.5, evenly spaced.
std::vector<double> centred_ranks(std::span<const double> scores);

// The encoding's initial genome, drawn from the run's initialise stream, in double.
Eigen::VectorXd initial_mean(const Encoding& encoding, std::uint64_t seed);

// 4 + floor(3 ln n): the population Hansen's CMA-ES and Schaul's SNES recommend for n genes.
std::size_t textbook_population(std::size_t genes);

// N(0, I) samples of individual `k` of `generation`, from its breed stream.
void standard_normal(std::uint64_t seed, std::uint64_t generation, std::size_t k, Eigen::VectorXd& out);

}  // namespace innate
