#pragma once
// The control arm: every weight and bias of the network in the genome, optionally
// quantised to `bits` bits (2^bits levels evenly spaced over [-range, range]) -- the
// "low-resolution weights" counter-argument to the genomic bottleneck. With quantisation
// the backward pass is the straight-through estimator (identity).
#include "genomes/network_encoding.hpp"

namespace innate {

class Direct final : public NetworkEncoding {
 public:
  Direct(MlpShape network, int bits, float range);

  std::string name() const override { return "direct"; }
  std::size_t genome_size() const override { return network_.param_count(); }
  double genome_bits() const override { return static_cast<double>(bits_) * static_cast<double>(genome_size()); }
  void initialise(std::span<float> genome, Rng& rng) const override;
  void decode(GenomeView genome, std::span<float> params, Rng& birth) const override;
  void backward(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome,
                Rng& birth) const override;

  float quantise(float x) const;
  static EncodingEntry entry();

 private:
  int bits_;
  float range_;
};

}  // namespace innate
