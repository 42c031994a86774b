#pragma once
// The g-network of Shuvaev, Lachi, Koulakov & Zador (PNAS 2024): W[post, pre] =
// g(code(post), code(pre)), one small MLP g per weight matrix over the pair of identity
// codes; a bias net per hidden layer over the unit's code; output biases stored directly.
//
// Genome layout: the g-net of each weight layer (engine/nn/mlp.hpp layout, input = post
// code then pre code), then the bias net of each hidden layer, then the output biases.
//
// Decoding uses the separable first layer: W1 [code(post); code(pre)] = A code(post) +
// B code(pre), computed once per neuron; the rest of g (the tail) runs on 16 pre units
// of one post unit at a time, one SIMD lane each (engine/nn/lane_mlp.hpp).
#include <oneapi/tbb/enumerable_thread_specific.h>

#include "genomes/network_encoding.hpp"

namespace innate {

struct GNetScratch;  // one thread's buffers of backward()

class GNet final : public NetworkEncoding {
 public:
  // `start_scale`: the initial genome's decoded weights have `start_scale` times the
  // Kaiming std of their layer.
  GNet(MlpShape network, const std::vector<int>& image_shape, std::vector<int> hidden, std::vector<int> bias_hidden,
       Activation activation, float start_scale = 1.0f);

  std::string name() const override { return "gnet"; }
  std::size_t genome_size() const override { return size_; }
  void initialise(std::span<float> genome, Rng& rng) const override;
  void decode(GenomeView genome, std::span<float> params, Rng& birth) const override;
  void backward(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome,
                Rng& birth) const override;
  void decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                      Rng& birth) const override;
  void backward_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<const float> grads,
                        std::span<float> grad_genome, Rng& birth) const override;
  // One part per g-net, per bias net, and the stored output biases (in genome order).
  std::vector<Part> genome_parts() const override;
  std::vector<Part> genome_tensors() const override;  // each g-net's weight matrices and bias vectors
  std::size_t part_of(std::size_t index) const override;

  // The g-net of weight layer k and where its parameters start in the genome.
  const MlpShape& gnet(int k) const { return gnets_[static_cast<std::size_t>(k)]; }
  std::size_t gnet_offset(int k) const { return gnet_offsets_[static_cast<std::size_t>(k)]; }
  const Matrix& codes(int layer) const { return codes_[static_cast<std::size_t>(layer)]; }

  static EncodingEntry entry();

 private:
  // backward() of weight layer k's g-network and of the bias networks.
  void backward_layer(int k, GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome,
                      tbb::enumerable_thread_specific<GNetScratch>& scratch) const;
  void backward_biases(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome) const;
  // Entries grouped by what generates them: g-net k (pairs), bias net l (units), or the
  // stored output biases; `visit` gets (net shape, genome offset, inputs, positions).
  // The weight layer of network entry `index`, and whether it is one of that layer's weights.
  std::pair<int, bool> layer_of(std::size_t index) const;
  template <class Visit>
  void for_entry_groups(std::span<const std::size_t> indices, Visit&& visit) const;

  float start_scale_;
  std::vector<Matrix> codes_;        // per neuron layer, (code width x units)
  std::vector<MlpShape> gnets_;      // per weight layer
  std::vector<MlpShape> tails_;      // g-net without its first layer (applied per post unit)
  std::vector<MlpShape> bias_nets_;  // per hidden layer
  std::vector<std::size_t> gnet_offsets_, bias_offsets_;
  std::size_t output_bias_offset_ = 0, size_ = 0;
};

}  // namespace innate
