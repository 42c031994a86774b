#include "genomes/random_weights.hpp"

#include <boost/random/uniform_real_distribution.hpp>

namespace innate {

void RandomWeights::decode(GenomeView, std::span<float> params, Rng& birth) const {
  boost::random::uniform_real_distribution<float> u(-range_, range_);
  for (int k = 0; k < network_.layers(); ++k) {
    auto w = network_.weight(params.data(), k);
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = u(birth);
    network_.bias(params.data(), k).setZero();
  }
}

EncodingEntry RandomWeights::entry() {
  return {{"random",
           "no wiring genes: weights drawn U(-range, range) at every birth, biases zero (the plastic arm's start)",
           {{"range", "0.1", "weights are uniform in [-range, range]"}}},
          [](const Section& cfg, const EncodingContext& context) -> std::unique_ptr<Encoding> {
            return std::make_unique<RandomWeights>(require_network(context, "random"),
                                                   static_cast<float>(cfg.real("range", 0.0)));
          }};
}

}  // namespace innate
