#pragma once
// How many bits a fitted genome really carries: the genome stored at b = 1 ... 16 bits a
// gene (quantise.hpp), each version scored on validation; its effective bits are the
// smallest coded size whose validation score stays within the float genome's interval
// (its score less the half-width of the validation set's 95% sampling interval). The
// float genome itself (32 bits a gene, its nominal size) is the answer when no b is.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/components/encoding.hpp"
#include "engine/components/task.hpp"

namespace innate {

struct InformationLevel {
  int bits_per_gene = 0;
  std::uint64_t coded_bits = 0;
  double validation_score = 0.0;
};

struct GenomeInformation {
  std::uint64_t nominal_bits = 0;  // 32 a gene
  double float_score = 0.0, half_width = 0.0;
  std::vector<InformationLevel> levels;  // b = 1 ... 16
  std::uint64_t effective_bits = 0;
  int effective_bits_per_gene = 32;
  double effective_score = 0.0;  // the validation score at the effective bits
};

inline constexpr int kMostQuantisedBits = 16;

// `score` scores a genome on validation; `float_score` is the float genome's score with
// the half-width of its 95% sampling interval (0 where the score is exact).
GenomeInformation measure_information(std::span<const float> genome, const std::vector<Encoding::Part>& tensors,
                                      const std::function<double(std::span<const float>)>& score,
                                      ScoreInterval float_score);

// result.json's "information": nominal and effective bits, the float genome's validation
// score and interval, and every level's coded bits and score.
nlohmann::ordered_json information_json(const GenomeInformation& info);

}  // namespace innate
