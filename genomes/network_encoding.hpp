#pragma once
// The base of every encoding whose phenotype is a network: genome -> the network's flat
// parameter vector (engine/nn/mlp.hpp layout), and for differentiable encodings the way
// back, from a gradient on those parameters to a gradient on the genome.
#include <span>

#include "engine/components/components.hpp"
#include "engine/nn/mlp.hpp"

namespace innate {

class NetworkEncoding : public Encoding {
 public:
  explicit NetworkEncoding(MlpShape network) : network_(std::move(network)) {}

  const MlpShape& network() const { return network_; }
  std::optional<std::size_t> network_params() const override { return network_.param_count(); }
  GeneDomain domain() const override { return {0}; }
  double genome_bits() const override { return 32.0 * static_cast<double>(genome_size()); }

  // The phenotype is the network's flat parameter vector; every network encoding
  // carries a gradient on it back to the genome (decode and backward, per encoding).
  std::size_t phenotype_size() const override { return network_.param_count(); }
  bool differentiable() const override { return true; }

 protected:
  MlpShape network_;
};

// The network an encoding needs, or a one-line error naming the missing [network].
const MlpShape& require_network(const EncodingContext& context, const std::string& encoding);

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
