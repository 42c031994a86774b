#pragma once
// The tables a study gathers from its finished sub-runs: the arms' result.json, a
// sweep's sweep.csv, an atlas's atlas.csv and atlas.svg (a replicate set's summary is in
// studies/summary.hpp).
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/components/catalog.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/studies/variants.hpp"

namespace innate {

// The sizes (genome_params, genome_bits, compression, ...) in a result.json: a single
// run's own, or those of its arms' nature arm (else the first arm).
Json result_sizes(const Json& result, const NatureFraction& fraction);

// DIR/result.json of arms side by side (the floor score once, every other score under
// its arm's name, the nature fraction, budgets, sizes) and DIR/resources.json.
void write_arms_result(const std::filesystem::path& dir, const Scenario& base, const std::vector<std::string>& arms,
                       const NatureFraction& fraction);

// DIR/sweep.csv of the finished value directories `subs` (in the order of vary.values):
//   value,genome_params,genome_bits,compression,<the task's declared scores>[,nature_fraction][,data_equivalent]
// (a cell is empty where the run has no such measure); with replicates each measure m
// becomes m_mean,m_ci95_low,m_ci95_high from the value's summary.
void write_sweep_table(const std::filesystem::path& dir, const std::vector<std::filesystem::path>& subs,
                       const Vary& vary, const Measures& measures);

// The nature fraction the atlas reads the genome bits at (atlas_crossings.csv).
inline constexpr double kAtlasLevel = 0.9;

// Where y (over sizes of increasing `bits`) first reaches `level`, interpolated linearly
// in log bits between the sizes around it (the first size where it starts there); none
// where it never does, or where a value is missing before it does.
std::optional<double> bits_at_level(const std::vector<double>& bits, const std::vector<double>& y, double level);

// Each seed's own crossing of `level` (bits_at_level over its sizes sorted by its own
// bits) and their summary: the geometric mean and the 95% t interval of the log bits
// over the seeds, given only when every seed reaches the level (a seed that never does
// has no finite crossing to average). bits[k][i], fraction[k][i]: seed k at size i.
struct SeedCrossings {
  std::size_t seeds = 0, reached = 0;
  double mean = std::nan(""), low = std::nan(""), high = std::nan("");  // bits
};
SeedCrossings seed_crossings(const std::vector<std::vector<double>>& bits,
                             const std::vector<std::vector<double>>& fraction, double level);

// DIR/atlas.csv, one row per task (as atlas.json `index` lists them) and size:
//   task,encoding,value,genome_params,genome_bits,compression,
//   nature_mean,nature_ci95_low,nature_ci95_high,full_mean,floor_mean,
//   nature_fraction_mean,nature_fraction_ci95_low,nature_fraction_ci95_high,
//   data_equivalent_median,data_equivalent_median_censored,
//   effective_bits_mean,effective_bits_ci95_low,effective_bits_ci95_high[,<other score>_mean ...]
// (nature, full, floor: the scores the task's nature fraction names; a cell is empty where
// a task has no such measure); DIR/atlas_crossings.csv: per task, the bits at which the
// nature fraction first reaches kAtlasLevel, interpolated on log bits, seed by seed
// (seed_crossings: each replicate's fraction against its own effective bits), where the
// mean curve crosses, and the task's trivial upper bounds (its sweep's bounds.json); and
// DIR/atlas.svg: every task's nature fraction against its effective bits (nominal where
// not measured) on one log axis, the bounds as dashed verticals.
void write_atlas_table(const std::filesystem::path& dir, const Json& index, const Catalog& catalog);

}  // namespace innate
