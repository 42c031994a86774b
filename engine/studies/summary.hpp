#pragma once
// The summary of a replicate set, DIR/summary.json and DIR/summary.csv:
//   score,n,mean,std,ci95_low,ci95_high
// one row per key of result.json "scores" (mean, sample std, mean +- t(0.975, n-1) std/sqrt(n)),
// then validation.<arm> for "validation_scores", nature_fraction (the ratio of the mean
// scores, with a percentile bootstrap over replicates: 2,000 resamples from a stream keyed
// by the seed) and data_equivalent (over the replicates that reached the level).
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/statistics.hpp"
#include "engine/components/measures.hpp"
#include "engine/formats/serialization.hpp"

namespace innate {

inline constexpr std::size_t kBootstrapResamples = 2000;

// A replicate set's directory (it holds replicates.json).
bool is_replicate_set(const std::filesystem::path& dir);

// The summary of replicates' result.json (in order) under `fraction`: named rows as
// summary.csv lists them; `seed` keys the bootstrap.
std::vector<std::pair<std::string, Interval>> summarise(const std::vector<Json>& results,
                                                        const NatureFraction& fraction, std::uint64_t seed);

// Writes summary.json and summary.csv of the replicates of `scenario` (its run name) from
// `seed`; returns their rows.
std::vector<std::pair<std::string, Interval>> write_replicate_summary(const std::filesystem::path& dir,
                                                                      const std::string& scenario, std::uint64_t seed,
                                                                      const std::vector<Json>& results,
                                                                      const NatureFraction& fraction);

}  // namespace innate
