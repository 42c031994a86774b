#include "genomes/connectome.hpp"

#include <boost/random/normal_distribution.hpp>

#include <cmath>

namespace innate {

Connectome::Connectome(MlpShape network, int genes, bool learned_expression, std::uint64_t expression_seed)
    : NetworkEncoding(std::move(network)), genes_(genes), learned_(learned_expression) {
  const auto G = static_cast<std::size_t>(genes);
  for (std::size_t l = 0; l < network_.sizes.size(); ++l) {
    const int n = network_.sizes[l];
    if (learned_) {
      expression_offsets_.push_back(size_);
      size_ += static_cast<std::size_t>(n) * G;
    } else {
      Rng rng = stream({expression_seed, 0, l, Purpose::run_constant});
      boost::random::normal_distribution<float> normal;
      Matrix x(n, genes);
      for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = normal(rng);
      fixed_expression_.push_back(std::move(x));
    }
  }
  for (int k = 0; k < network_.layers(); ++k) {
    interaction_offsets_.push_back(size_);
    size_ += G * G;
  }
  for (int k = 0; k < network_.layers(); ++k) {
    bias_offsets_.push_back(size_);
    size_ += static_cast<std::size_t>(network_.sizes[k + 1]);
  }
}

void Connectome::initialise(std::span<float> genome, Rng& rng) const {
  boost::random::normal_distribution<float> normal;
  const std::size_t biases = bias_offsets_.front();
  for (std::size_t i = 0; i < biases; ++i) genome[i] = normal(rng);  // X and O: unit variance
  std::fill(genome.begin() + static_cast<std::ptrdiff_t>(biases), genome.end(), 0.0f);
}

std::vector<Encoding::Part> Connectome::genome_tensors() const {
  std::vector<Part> tensors;
  for (std::size_t l = 0; l < expression_offsets_.size(); ++l)
    tensors.push_back({expression_offsets_[l], static_cast<std::size_t>(network_.sizes[l] * genes_)});
  for (const std::size_t offset : interaction_offsets_)
    tensors.push_back({offset, static_cast<std::size_t>(genes_ * genes_)});
  for (std::size_t k = 0; k < bias_offsets_.size(); ++k)
    tensors.push_back({bias_offsets_[k], static_cast<std::size_t>(network_.sizes[k + 1])});
  return tensors;
}

ConstMatrixMap Connectome::expression(GenomeView genome, int layer) const {
  const auto l = static_cast<std::size_t>(layer);
  if (!learned_) return {fixed_expression_[l].data(), fixed_expression_[l].rows(), genes_};
  return {genome.data() + expression_offsets_[l], network_.sizes[l], genes_};
}

void Connectome::decode(GenomeView genome, std::span<float> params, Rng&) const {
  for (int k = 0; k < network_.layers(); ++k) {
    const auto K = static_cast<std::size_t>(k);
    const ConstMatrixMap o(genome.data() + interaction_offsets_[K], genes_, genes_);
    const float s = std::sqrt(2.0f / static_cast<float>(network_.sizes[K])) / static_cast<float>(genes_);
    const Matrix post_o = s * expression(genome, k + 1) * o;  // (post x G), small
    network_.weight(params.data(), k).noalias() = post_o * expression(genome, k).transpose();
    network_.bias(params.data(), k) =
        Eigen::Map<const Eigen::VectorXf>(genome.data() + bias_offsets_[K], network_.sizes[K + 1]);
  }
}

void Connectome::backward(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome,
                          Rng&) const {
  for (int k = 0; k < network_.layers(); ++k) {
    const auto K = static_cast<std::size_t>(k);
    const ConstMatrixMap o(genome.data() + interaction_offsets_[K], genes_, genes_);
    const float s = std::sqrt(2.0f / static_cast<float>(network_.sizes[K])) / static_cast<float>(genes_);
    const auto grad_w = network_.weight(grad_params.data(), k);
    const auto x_post = expression(genome, k + 1), x_pre = expression(genome, k);
    const Matrix grad_w_pre = s * (grad_w * x_pre);  // (post x G)
    MatrixMap(grad_genome.data() + interaction_offsets_[K], genes_, genes_).noalias() +=
        x_post.transpose() * grad_w_pre;
    if (learned_) {
      MatrixMap(grad_genome.data() + expression_offsets_[K + 1], network_.sizes[K + 1], genes_).noalias() +=
          grad_w_pre * o.transpose();
      MatrixMap(grad_genome.data() + expression_offsets_[K], network_.sizes[K], genes_).noalias() +=
          s * (grad_w.transpose() * (x_post * o));
    }
    Eigen::Map<Eigen::VectorXf>(grad_genome.data() + bias_offsets_[K], network_.sizes[K + 1]) +=
        network_.bias(grad_params.data(), k);
  }
}

Connectome::Entry Connectome::locate(std::size_t index) const {
  int layer = network_.layers() - 1;
  while (layer > 0 && index < network_.weight_offset(layer)) --layer;
  if (index >= network_.bias_offset(layer))
    return {layer, static_cast<Eigen::Index>(index - network_.bias_offset(layer)), -1};
  const auto rows = static_cast<std::size_t>(network_.sizes[static_cast<std::size_t>(layer) + 1]);
  const std::size_t at = index - network_.weight_offset(layer);
  return {layer, static_cast<Eigen::Index>(at % rows), static_cast<Eigen::Index>(at / rows)};
}

void Connectome::decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                                Rng&) const {
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const Entry e = locate(indices[k]);
    const auto K = static_cast<std::size_t>(e.layer);
    if (e.pre < 0) {
      values[k] = genome[bias_offsets_[K] + static_cast<std::size_t>(e.post)];
      continue;
    }
    const ConstMatrixMap o(genome.data() + interaction_offsets_[K], genes_, genes_);
    const float s = std::sqrt(2.0f / static_cast<float>(network_.sizes[K])) / static_cast<float>(genes_);
    values[k] = s * (expression(genome, e.layer + 1).row(e.post) * o).dot(expression(genome, e.layer).row(e.pre));
  }
}

void Connectome::backward_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<const float> grads,
                                  std::span<float> grad_genome, Rng&) const {
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const Entry e = locate(indices[k]);
    const auto K = static_cast<std::size_t>(e.layer);
    if (e.pre < 0) {
      grad_genome[bias_offsets_[K] + static_cast<std::size_t>(e.post)] += grads[k];
      continue;
    }
    const ConstMatrixMap o(genome.data() + interaction_offsets_[K], genes_, genes_);
    const float g = grads[k] * std::sqrt(2.0f / static_cast<float>(network_.sizes[K])) / static_cast<float>(genes_);
    const auto x_post = expression(genome, e.layer + 1).row(e.post), x_pre = expression(genome, e.layer).row(e.pre);
    MatrixMap(grad_genome.data() + interaction_offsets_[K], genes_, genes_).noalias() += g * x_post.transpose() * x_pre;
    if (learned_) {
      MatrixMap(grad_genome.data() + expression_offsets_[K + 1], network_.sizes[K + 1], genes_).row(e.post) +=
          g * (o * x_pre.transpose()).transpose();
      MatrixMap(grad_genome.data() + expression_offsets_[K], network_.sizes[K], genes_).row(e.pre) += g * (x_post * o);
    }
  }
}

EncodingEntry Connectome::entry() {
  return {{"connectome",
           "genetic connectome model (Barabasi et al.): W = s X_post O X_pre^T over per-neuron gene expression",
           {
               {"genes", "9", "genes per neuron (the size of O)"},
               {"expression", "\"learned\"",
                "gene expression X: \"learned\" (in the genome) or \"fixed\" (random, seeded)"},
               {"expression_seed", "0", "seed of the fixed expression"},
           }},
          [](const Section& cfg, const EncodingContext& context) -> std::unique_ptr<Encoding> {
            return std::make_unique<Connectome>(require_network(context, "connectome"),
                                                static_cast<int>(cfg.integer("genes", 1, 100'000)),
                                                cfg.choice("expression", {"learned", "fixed"}) == "learned",
                                                static_cast<std::uint64_t>(cfg.integer("expression_seed", 0)));
          }};
}

}  // namespace innate
