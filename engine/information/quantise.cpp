#include "engine/information/quantise.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/information/arithmetic_coder.hpp"

namespace innate {

namespace {

// A tensor's grid at b bits: 2^b levels from its smallest gene to its largest.
struct Grid {
  float lowest = 0.0f, step = 0.0f;
  std::uint32_t top = 0;  // the highest level

  std::uint32_t level(float gene) const {
    if (step <= 0.0f) return 0;
    const double at = std::nearbyint((double(gene) - double(lowest)) / double(step));
    return static_cast<std::uint32_t>(std::clamp(at, 0.0, double(top)));
  }
  float gene(std::uint32_t level) const { return static_cast<float>(double(lowest) + double(level) * double(step)); }
};

Grid grid_of(std::span<const float> tensor, int bits_per_gene) {
  Grid g;
  const auto [lo, hi] = std::minmax_element(tensor.begin(), tensor.end());
  g.lowest = tensor.empty() ? 0.0f : *lo;
  const float highest = tensor.empty() ? 0.0f : *hi;
  g.top = (1u << bits_per_gene) - 1;
  g.step = highest > g.lowest ? static_cast<float>((double(highest) - double(g.lowest)) / g.top) : 0.0f;
  return g;
}

void check_bits(int bits_per_gene, const char* where) {
  if (bits_per_gene < 1 || bits_per_gene > 16)
    throw std::invalid_argument(fmt::format("{}: {} bits a gene (1 to 16, or 32)", where, bits_per_gene));
}

// `use` for each tensor, with its grid at b bits, after checking that the tensors tile
// the genome in order.
template <class Use>
void for_each_tensor(std::span<const float> genome, std::span<const Encoding::Part> tensors, int bits_per_gene,
                     Use&& use) {
  std::size_t covered = 0;
  for (const Encoding::Part& t : tensors) {
    if (t.first != covered || t.first + t.count > genome.size())
      throw std::logic_error("quantise(): the tensors do not tile the genome in order");
    covered += t.count;
    use(t, grid_of(genome.subspan(t.first, t.count), bits_per_gene));
  }
  if (covered != genome.size()) throw std::logic_error("quantise(): the tensors do not cover the genome");
}

}  // namespace

std::vector<std::uint32_t> levels_of(std::span<const float> tensor, int bits_per_gene, float& lowest, float& step) {
  const Grid g = grid_of(tensor, bits_per_gene);
  lowest = g.lowest;
  step = g.step;
  std::vector<std::uint32_t> levels(tensor.size());
  for (std::size_t i = 0; i < tensor.size(); ++i) levels[i] = g.level(tensor[i]);
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
  check_bits(bits_per_gene, "quantise()");
  ArithmeticEncoder encoder;
  for_each_tensor(genome, tensors, bits_per_gene, [&](const Encoding::Part& t, const Grid& grid) {
    AdaptiveModel model(std::size_t{1} << bits_per_gene);  // each tensor learns its own histogram
    for (std::size_t i = t.first; i < t.first + t.count; ++i) {
      const std::uint32_t level = grid.level(genome[i]);
      encoder.encode(model, level);
      q.genes[i] = grid.gene(level);
    }
  });
  encoder.finish();
  q.coded_bits = 4 + 2 * 32 * tensors.size() + encoder.bits();
  return q;
}

void quantise_genes(std::span<const float> genome, std::span<const Encoding::Part> tensors, int bits_per_gene,
                    std::span<float> out) {
  check_bits(bits_per_gene, "quantise_genes()");
  if (out.size() != genome.size()) throw std::logic_error("quantise_genes(): out is not the genome's size");
  for_each_tensor(genome, tensors, bits_per_gene, [&](const Encoding::Part& t, const Grid& grid) {
    for (std::size_t i = t.first; i < t.first + t.count; ++i) out[i] = grid.gene(grid.level(genome[i]));
  });
}

}  // namespace innate
