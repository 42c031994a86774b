#include "genomes/direct.hpp"

#include <algorithm>
#include <cmath>

namespace innate {

Direct::Direct(MlpShape network, int bits, float range)
    : NetworkEncoding(std::move(network)), bits_(bits), range_(range) {}

void Direct::initialise(std::span<float> genome, Rng& rng) const { initialise_mlp(network_, genome.data(), rng); }

float Direct::quantise(float x) const {
  if (bits_ >= 32) return x;
  const double levels = std::ldexp(1.0, bits_) - 1.0;  // intervals between 2^bits levels
  const double unit = (std::clamp(static_cast<double>(x), -double(range_), double(range_)) + range_) / (2.0 * range_);
  return static_cast<float>(std::round(unit * levels) / levels * 2.0 * range_ - range_);
}

void Direct::decode(GenomeView genome, std::span<float> params, Rng&) const {
  std::transform(genome.begin(), genome.end(), params.begin(), [this](float x) { return quantise(x); });
}

void Direct::backward(GenomeView, std::span<const float> grad_params, std::span<float> grad_genome, Rng&) const {
  for (std::size_t i = 0; i < grad_genome.size(); ++i) grad_genome[i] += grad_params[i];
}

EncodingEntry Direct::entry() {
  return {{"direct",
           "every weight and bias in the genome, optionally quantised (the low-resolution-weights control arm)",
           {
               {"bits", "32", "bits per weight: 32 = float, k < 32 = 2^k levels over [-range, range]"},
               {"range", "1.0", "quantisation range: weights are clipped to [-range, range]"},
           }},
          [](const Section& cfg, const EncodingContext& context) -> std::unique_ptr<Encoding> {
            return std::make_unique<Direct>(require_network(context, "direct"),
                                            static_cast<int>(cfg.integer("bits", 1, 32)),
                                            static_cast<float>(cfg.real("range", 1e-6)));
          }};
}

}  // namespace innate
