#pragma once
// Cell types / stochastic block wiring (Lachi et al. 2024): the units of each layer are
// split into `types` contiguous blocks; the genome holds a mean and a spread for each
// (post type, pre type) pair and a bias per post type. A weight is its block's mean, or,
// sampled afresh at every birth, mean + spread * N(0, 1).
//
// Genome layout per weight layer: means (T_post x T_pre), spreads (T_post x T_pre),
// biases (T_post); column-major.
#include "genomes/network_encoding.hpp"

namespace innate {

class CellType final : public NetworkEncoding {
 public:
  CellType(MlpShape network, int types, bool sampled);

  std::string name() const override { return "celltype"; }
  std::size_t genome_size() const override { return size_; }
  void initialise(std::span<float> genome, Rng& rng) const override;
  void decode(GenomeView genome, std::span<float> params, Rng& birth) const override;
  void backward(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome,
                Rng& birth) const override;

  // The type of unit i of neuron layer l.
  int type_of(int layer, int unit) const {
    return type_[static_cast<std::size_t>(layer)][static_cast<std::size_t>(unit)];
  }
  std::vector<std::vector<int>> unit_types() const override { return type_; }
  int types_in(int layer) const { return types_[static_cast<std::size_t>(layer)]; }

  static EncodingEntry entry();

 private:
  std::vector<int> types_;              // per neuron layer
  std::vector<std::vector<int>> type_;  // per neuron layer, per unit
  std::vector<std::size_t> offsets_;    // per weight layer: means, then spreads, then biases
  std::size_t size_ = 0;
  bool sampled_;
};

}  // namespace innate
