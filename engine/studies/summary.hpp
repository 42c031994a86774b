#pragma once
// The summary of a replicate set, DIR/summary.json and DIR/summary.csv:
//   score,n,mean,std,ci95_low,ci95_high,method,wilcoxon_p,sign_p,censored,median,sampling_se
// one row per key of result.json "scores" (mean, sample std, mean +- t(0.975, n-1)
// std/sqrt(n), cut to the task's score range), then validation.<arm> for
// "validation_scores"; paired.<a>-<b> for each pair the task declares (per seed a - b on
// the same seeds: paired t interval, exact Wilcoxon signed-rank and sign-test p-values);
// nature_fraction (the ratio of the mean scores, Fieller's interval); data_equivalent
// (the median over replicates with those never reaching the level censored at the budget,
// how many were, and no mean or interval). sampling_se: for scores the task declares
// proportions of a split's examples, sqrt(m (1 - m) / N) of the mean m on that split's N
// (the same examples for every seed: an error the seeds' spread does not show).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/statistics.hpp"
#include "engine/components/measures.hpp"
#include "engine/formats/serialization.hpp"

namespace innate {

// A replicate set's directory (it holds replicates.json).
bool is_replicate_set(const std::filesystem::path& dir);

struct SummaryRow {
  std::string name;
  Interval interval;   // mean, std and 95% interval (NaN where the row has none)
  std::string method;  // "t", "paired t", "Fieller", "censored median"
  std::optional<PairedDifference> paired;
  std::optional<Censored> censored;
  std::optional<double> sampling_se;  // the split's binomial standard error, where the score is a proportion
};

// The summary of replicates' result.json (in order) under what the task measures: the
// rows summary.csv lists.
std::vector<SummaryRow> summarise(const std::vector<Json>& results, const Measures& measures);

// Writes summary.json and summary.csv of the replicates of `scenario` (its run name) from
// `seed`; returns their rows.
std::vector<SummaryRow> write_replicate_summary(const std::filesystem::path& dir, const std::string& scenario,
                                                std::uint64_t seed, const std::vector<Json>& results,
                                                const Measures& measures);

// "0.8947 [0.8083, 0.9810]", "more than 20000 (2 of 3 censored)": a row as one phrase.
std::string row_phrase(const SummaryRow& row);

}  // namespace innate
