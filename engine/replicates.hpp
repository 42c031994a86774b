#pragma once
// Replicates: `run.replicates = N` (or --replicates N) runs the scenario N times into
// DIR/replicate-1/ ... DIR/replicate-N/, replicate k with seed run.seed + k - 1, each an
// ordinary run (or arms) directory byte-identical to `innate run --seed` of that seed,
// then summarises them in DIR/summary.json and DIR/summary.csv:
//   score,n,mean,std,ci95_low,ci95_high
// one row per key of result.json "scores" (mean, sample std, mean +- t(0.975, n-1) std/sqrt(n)),
// then validation.<arm> for "validation_scores", nature_fraction (the ratio of the mean
// scores, with a percentile bootstrap over replicates: 2,000 resamples from a stream keyed
// by the seed) and data_equivalent (over the replicates that reached the level).
// `innate resume DIR` finishes a partly done set.
#include <filesystem>
#include <vector>

#include "engine/run.hpp"
#include "engine/statistics.hpp"

namespace innate {

inline constexpr std::size_t kBootstrapResamples = 2000;

// run.replicates of a resolved scenario.
std::size_t replicate_count(const Scenario& scenario);

int run_replicates(const Scenario& scenario, const Catalog& catalog, const RunOptions& options);
bool is_replicate_set(const std::filesystem::path& dir);
int resume_replicates(const std::filesystem::path& dir, const Catalog& catalog, const RunOptions& options);

// The summary of replicates' result.json (in order) under `fraction`: named rows as
// summary.csv lists them; `seed` keys the bootstrap.
std::vector<std::pair<std::string, Interval>> summarise(const std::vector<Json>& results, const NatureFraction& fraction,
                                                        std::uint64_t seed);

}  // namespace innate
