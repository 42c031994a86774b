#pragma once
// No wiring genes at all: every birth draws the weights afresh, uniform in
// [-range, range], biases zero (Najarro & Risi 2020). With Hebbian rules this is the
// "plastic" arm: whatever the network can do, its rules must build in a lifetime.
#include "genomes/network_encoding.hpp"

namespace innate {

class RandomWeights final : public NetworkEncoding {
 public:
  RandomWeights(MlpShape network, float range) : NetworkEncoding(std::move(network)), range_(range) {}

  std::string name() const override { return "random"; }
  std::size_t genome_size() const override { return 0; }
  void initialise(std::span<float>, Rng&) const override {}
  void decode(GenomeView genome, std::span<float> params, Rng& birth) const override;
  // Nothing in the genome shapes the weights: no gradient flows back.
  void backward(GenomeView, std::span<const float>, std::span<float>, Rng&) const override {}

  static EncodingEntry entry();

 private:
  float range_;
};

}  // namespace innate
