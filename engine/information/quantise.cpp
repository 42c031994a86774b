#include "engine/information/quantise.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/information/arithmetic_coder.hpp"

namespace innate {

std::vector<std::uint32_t> levels_of(std::span<const float> tensor, int bits_per_gene, float& lowest, float& step) {
  const auto [lo, hi] = std::minmax_element(tensor.begin(), tensor.end());
  lowest = tensor.empty() ? 0.0f : *lo;
  const float highest = tensor.empty() ? 0.0f : *hi;
  const std::uint32_t top = (1u << bits_per_gene) - 1;  // the highest level
  step = highest > lowest ? static_cast<float>((double(highest) - double(lowest)) / top) : 0.0f;
  std::vector<std::uint32_t> levels(tensor.size(), 0);
  if (step > 0.0f)
    for (std::size_t i = 0; i < tensor.size(); ++i) {
      const double at = std::nearbyint((double(tensor[i]) - double(lowest)) / double(step));
      levels[i] = static_cast<std::uint32_t>(std::clamp(at, 0.0, double(top)));
    }
  return levels;
}

QuantisedGenome quantise(std::span<const float> genome, std::span<const Encoding::Part> tensors, int bits_per_gene) {
  QuantisedGenome q;
  q.bits_per_gene = bits_per_gene;
  q.genes.assign(genome.begin(), genome.end());
  if (bits_per_gene == kFloatBits) {
    q.coded_bits = kFloatBits * genome.size();
    return q;
  }
  if (bits_per_gene < 1 || bits_per_gene > 16)
    throw std::invalid_argument(fmt::format("quantise(): {} bits a gene (1 to 16, or 32)", bits_per_gene));
  ArithmeticEncoder encoder;
  std::size_t covered = 0;
  for (const Encoding::Part& t : tensors) {
    if (t.first != covered || t.first + t.count > genome.size())
      throw std::logic_error("quantise(): the tensors do not tile the genome in order");
    covered += t.count;
    float lowest = 0.0f, step = 0.0f;
    const auto levels = levels_of(genome.subspan(t.first, t.count), bits_per_gene, lowest, step);
    AdaptiveModel model(std::size_t{1} << bits_per_gene);  // each tensor learns its own histogram
    for (std::size_t i = 0; i < t.count; ++i) {
      encoder.encode(model, levels[i]);
      q.genes[t.first + i] = static_cast<float>(double(lowest) + double(levels[i]) * double(step));
    }
  }
  if (covered != genome.size()) throw std::logic_error("quantise(): the tensors do not cover the genome");
  encoder.finish();
  q.coded_bits = 4 + 2 * 32 * tensors.size() + encoder.bits();
  return q;
}

}  // namespace innate
