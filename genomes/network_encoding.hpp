#pragma once
// The base of every encoding whose phenotype is a network: genome -> the network's flat
// parameter vector (engine/mlp.hpp layout), and for differentiable encodings the way
// back, from a gradient on those parameters to a gradient on the genome.
#include <span>

#include "engine/components.hpp"
#include "engine/mlp.hpp"

namespace innate {

class NetworkEncoding : public Encoding {
 public:
  explicit NetworkEncoding(MlpShape network) : network_(std::move(network)) {}

  const MlpShape& network() const { return network_; }
  std::optional<std::size_t> network_params() const override { return network_.param_count(); }
  GeneDomain domain() const override { return {0}; }
  double genome_bits() const override { return 32.0 * static_cast<double>(genome_size()); }

  // Writes the phenotype's parameters. `birth` supplies the randomness of development,
  // for encodings that have any (sampled cell-type weights); others ignore it.
  virtual void decode(GenomeView genome, std::span<float> params, Rng& birth) const = 0;

  // Adds dLoss/dGenome to `grad_genome` given dLoss/dParams. `birth` must be in the
  // state decode() received, so a sampled development is replayed exactly.
  virtual void backward(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome,
                        Rng& birth) const = 0;

  // The decoded parameters at `indices` (into the flat parameter vector) and the way
  // back from gradients at those entries alone: what regression of a genome onto
  // sampled weights needs (Shuvaev et al.'s Algorithm 1). The defaults decode and
  // back-propagate everything; the g-net evaluates g on the sampled pairs only.
  virtual void decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                              Rng& birth) const;
  virtual void backward_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<const float> grads,
                                std::span<float> grad_genome, Rng& birth) const;

 protected:
  MlpShape network_;
};

// The network an encoding needs, or a one-line error naming the missing [network].
const MlpShape& require_network(const EncodingContext& context, const std::string& encoding);

// PyTorch's default initialisation of a linear layer: weights and biases uniform in
// +-1/sqrt(fan_in). Used for every MLP that lives in a genome.
void initialise_mlp(const MlpShape& shape, float* params, Rng& rng);

// Identity codes of one layer's neurons, one column per neuron, entries 0 or 1:
// an image (height x width, row-major pixels) gets Gray(x) followed by Gray(y) with
// ceil(log2 width) + ceil(log2 height) bits; other layers the binary code of 1..n with
// bit_width(n) bits (= ceil(log2 n) unless n is a power of two); one_hot n bits.
Matrix image_codes(int height, int width);
Matrix binary_codes(int n);
Matrix one_hot_codes(int n);

// The codes of every layer of a network as in Shuvaev et al.: input pixels Gray-coded
// (binary when the input is not an image), hidden units binary, outputs one-hot.
std::vector<Matrix> layer_codes(const MlpShape& network, const std::vector<int>& image_shape);

// Substrate coordinates of every layer (2 x n, in [-1, 1]): an image input on its
// pixel grid, other layers spread along a line at y = 0 (HyperNEAT's layout).
std::vector<Matrix> layer_coordinates(const MlpShape& network, const std::vector<int>& image_shape);

}  // namespace innate
