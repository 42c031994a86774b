#pragma once
// A genome stored at b bits a gene: each tensor (a weight matrix, a bias vector: the
// encoding's genome_tensors()) quantised uniformly onto 2^b levels spanning its own
// smallest to largest gene, and the levels coded by the adaptive arithmetic coder. What
// such a genome costs to store is its coded size: the stream, plus each tensor's two
// 32-bit ends and the 4 bits that say b. At b = 32 the genome is the float genome itself.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/components/encoding.hpp"

namespace innate {

struct QuantisedGenome {
  int bits_per_gene = 32;
  std::vector<float> genes;      // the genome as decoded from its levels
  std::uint64_t coded_bits = 0;  // what storing it takes
};

inline constexpr int kFloatBits = 32;

// `genome` at `bits_per_gene` (1 to 16, or 32: unchanged, 32 bits a gene). `tensors`
// cover the genome, in order, without overlap.
QuantisedGenome quantise(std::span<const float> genome, std::span<const Encoding::Part> tensors, int bits_per_gene);

// The genes quantise() decodes, without coding them: what quantisation-aware fitting
// decodes the network from at every step (b = 1 to 16).
void quantise_genes(std::span<const float> genome, std::span<const Encoding::Part> tensors, int bits_per_gene,
                    std::span<float> out);

// The levels of one tensor at b bits (what quantise() codes), and the genes they stand for.
std::vector<std::uint32_t> levels_of(std::span<const float> tensor, int bits_per_gene, float& lowest, float& step);

}  // namespace innate
