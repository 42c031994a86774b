#pragma once
// CPPN / HyperNEAT (Stanley et al. 2009): W[post, pre] = cppn(x_post, y_post, x_pre,
// y_pre, distance), neurons placed on a substrate (an image input on its pixel grid,
// other layers along a line). One CPPN per weight layer and one bias CPPN per layer over
// (x, y) of its units; hidden activations chosen per layer (sin, gaussian, tanh, ...).
//
// Genome layout: the weight CPPN of each layer, then the bias CPPN of each layer.
#include "genomes/network_encoding.hpp"

namespace innate {

class Cppn final : public NetworkEncoding {
 public:
  Cppn(MlpShape network, const std::vector<int>& image_shape, std::vector<int> hidden,
       std::vector<Activation> activations, std::vector<int> bias_hidden);

  std::string name() const override { return "cppn"; }
  std::size_t genome_size() const override { return size_; }
  void initialise(std::span<float> genome, Rng& rng) const override;
  void decode(GenomeView genome, std::span<float> params, Rng& birth) const override;
  void backward(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome,
                Rng& birth) const override;

  // The CPPN inputs for all pre units of post unit i of weight layer k: (5 x n_pre).
  void pair_inputs(int k, Eigen::Index i, Matrix& inputs) const;
  const MlpShape& weight_cppn(int k) const { return weight_cppns_[static_cast<std::size_t>(k)]; }
  std::size_t weight_offset(int k) const { return weight_offsets_[static_cast<std::size_t>(k)]; }

  static EncodingEntry entry();

 private:
  std::vector<Matrix> coords_;  // per neuron layer (2 x units)
  std::vector<MlpShape> weight_cppns_, bias_cppns_;
  std::vector<std::size_t> weight_offsets_, bias_offsets_;
  std::size_t size_ = 0;
};

}  // namespace innate
