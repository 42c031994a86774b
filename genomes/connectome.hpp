#pragma once
// The genetic connectome model (Barabasi & Barabasi 2020; Barabasi et al. 2023):
// W = s * X_post * O * X_pre^T, with X (units x genes) the gene expression of each
// neuron layer and O (genes x genes) the gene-interaction matrix of each weight layer.
// s = sqrt(2 / fan_in) / genes gives Kaiming-scaled weights when X and O have unit-variance
// entries. Expression is in the genome ("learned") or drawn once from a fixed seed
// ("fixed"); biases are stored directly.
//
// Genome layout: [X of each neuron layer, if learned] [O of each weight layer] [biases].
// Matrices are column-major.
#include "genomes/network_encoding.hpp"

namespace innate {

class Connectome final : public NetworkEncoding {
 public:
  Connectome(MlpShape network, int genes, bool learned_expression, std::uint64_t expression_seed);

  std::string name() const override { return "connectome"; }
  std::size_t genome_size() const override { return size_; }
  void initialise(std::span<float> genome, Rng& rng) const override;
  void decode(GenomeView genome, std::span<float> params, Rng& birth) const override;
  void backward(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome,
                Rng& birth) const override;
  // Entry by entry: W_ij = s X_post[i] O X_pre[j]^T costs genes^2, not the whole matrix.
  void decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                      Rng& birth) const override;
  void backward_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<const float> grads,
                        std::span<float> grad_genome, Rng& birth) const override;
  // Each expression matrix, each interaction matrix and each layer's biases on its own
  // range: unit-variance expression beside near-zero biases would waste most levels.
  std::vector<Part> genome_tensors() const override;

  static EncodingEntry entry();

 private:
  ConstMatrixMap expression(GenomeView genome, int layer) const;
  // Where flat parameter `index` lives: weight layer, and (post, pre) or (post, -1) for a bias.
  struct Entry {
    int layer;
    Eigen::Index post, pre;
  };
  Entry locate(std::size_t index) const;

  int genes_;
  bool learned_;
  std::vector<Matrix> fixed_expression_;  // when not learned
  std::vector<std::size_t> expression_offsets_, interaction_offsets_, bias_offsets_;
  std::size_t size_ = 0;
};

}  // namespace innate
