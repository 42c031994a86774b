#include "genomes/cppn.hpp"

#include <fmt/format.h>

#include "engine/base/error.hpp"

namespace innate {
namespace {

MlpShape cppn_shape(int inputs, const std::vector<int>& hidden, const std::vector<Activation>& activations) {
  MlpShape s;
  s.sizes.push_back(inputs);
  for (std::size_t h = 0; h < hidden.size(); ++h) {
    s.sizes.push_back(hidden[h]);
    s.activations.push_back(activations[h % activations.size()]);
  }
  s.sizes.push_back(1);
  s.activations.push_back(Activation::linear);
  return s;
}

}  // namespace

Cppn::Cppn(MlpShape network, const std::vector<int>& image_shape, std::vector<int> hidden,
           std::vector<Activation> activations, std::vector<int> bias_hidden)
    : NetworkEncoding(std::move(network)), coords_(layer_coordinates(network_, image_shape)) {
  if (activations.empty()) throw InputError("Cppn(): genome.activations needs at least one activation");
  for (int k = 0; k < network_.layers(); ++k) {
    weight_cppns_.push_back(cppn_shape(5, hidden, activations));
    weight_offsets_.push_back(size_);
    size_ += weight_cppns_.back().param_count();
  }
  for (int k = 0; k < network_.layers(); ++k) {
    bias_cppns_.push_back(cppn_shape(2, bias_hidden, activations));
    bias_offsets_.push_back(size_);
    size_ += bias_cppns_.back().param_count();
  }
}

void Cppn::initialise(std::span<float> genome, Rng& rng) const {
  for (std::size_t k = 0; k < weight_cppns_.size(); ++k) {
    initialise_mlp(weight_cppns_[k], genome.data() + weight_offsets_[k], rng);
    initialise_mlp(bias_cppns_[k], genome.data() + bias_offsets_[k], rng);
  }
}

void Cppn::pair_inputs(int k, Eigen::Index i, Matrix& inputs) const {
  const Matrix& pre = coords_[static_cast<std::size_t>(k)];
  const auto post = coords_[static_cast<std::size_t>(k) + 1].col(i);
  inputs.resize(5, pre.cols());
  inputs.row(0).setConstant(post(0));
  inputs.row(1).setConstant(post(1));
  inputs.middleRows(2, 2) = pre;
  inputs.row(4) = (pre.colwise() - post).colwise().norm();
}

void Cppn::decode(GenomeView genome, std::span<float> params, Rng&) const {
  MlpWorkspace ws;
  Matrix inputs;
  for (int k = 0; k < network_.layers(); ++k) {
    const auto K = static_cast<std::size_t>(k);
    auto w = network_.weight(params.data(), k);
    for (Eigen::Index i = 0; i < w.rows(); ++i) {
      pair_inputs(k, i, inputs);
      w.row(i) = mlp_forward(weight_cppns_[K], genome.data() + weight_offsets_[K], inputs, ws);
    }
    network_.bias(params.data(), k) =
        mlp_forward(bias_cppns_[K], genome.data() + bias_offsets_[K], coords_[K + 1], ws).transpose();
  }
}

void Cppn::backward(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome, Rng&) const {
  MlpWorkspace ws;
  Matrix inputs, grad_row;
  for (int k = 0; k < network_.layers(); ++k) {
    const auto K = static_cast<std::size_t>(k);
    const float* cp = genome.data() + weight_offsets_[K];
    const auto grad_w = network_.weight(grad_params.data(), k);
    for (Eigen::Index i = 0; i < grad_w.rows(); ++i) {
      pair_inputs(k, i, inputs);
      mlp_forward(weight_cppns_[K], cp, inputs, ws);
      grad_row = grad_w.row(i);
      mlp_backward(weight_cppns_[K], cp, inputs, ws, grad_row, grad_genome.data() + weight_offsets_[K]);
    }
    const float* bp = genome.data() + bias_offsets_[K];
    mlp_forward(bias_cppns_[K], bp, coords_[K + 1], ws);
    grad_row = network_.bias(grad_params.data(), k).transpose();
    mlp_backward(bias_cppns_[K], bp, coords_[K + 1], ws, grad_row, grad_genome.data() + bias_offsets_[K]);
  }
}

EncodingEntry Cppn::entry() {
  return {{"cppn",
           "CPPN / HyperNEAT: weights from a small network over substrate coordinates of the pre and post neurons",
           {
               {"hidden", "[16, 16]", "hidden layers of each weight CPPN"},
               {"activations", "[\"sin\", \"gaussian\"]",
                "activation of each hidden layer (cycled): sin, gaussian, tanh, linear, abs, relu, sigmoid"},
               {"bias_hidden", "[8]", "hidden layers of each bias CPPN"},
           }},
          [](const Section& cfg, const EncodingContext& context) -> std::unique_ptr<Encoding> {
            auto to_int = [](const std::vector<std::int64_t>& v) { return std::vector<int>(v.begin(), v.end()); };
            std::vector<Activation> activations;
            for (const auto& name : cfg.texts("activations", activation_names()))
              activations.push_back(parse_activation(name));
            if (activations.empty()) cfg.fail("activations", "at least one activation");
            return std::make_unique<Cppn>(require_network(context, "cppn"), context.input_grid,
                                          to_int(cfg.integers("hidden", 1, 100'000)), activations,
                                          to_int(cfg.integers("bias_hidden", 1, 100'000)));
          }};
}

}  // namespace innate
