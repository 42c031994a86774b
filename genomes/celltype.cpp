#include "genomes/celltype.hpp"

#include <boost/random/normal_distribution.hpp>

#include <algorithm>
#include <cmath>

namespace innate {

CellType::CellType(MlpShape network, int types, bool sampled) : NetworkEncoding(std::move(network)), sampled_(sampled) {
  for (int n : network_.sizes) {
    const int t = std::min(types, n);
    types_.push_back(t);
    std::vector<int> of(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) of[static_cast<std::size_t>(i)] = static_cast<int>(std::int64_t(i) * t / n);
    type_.push_back(std::move(of));
  }
  for (int k = 0; k < network_.layers(); ++k) {
    offsets_.push_back(size_);
    const auto post = static_cast<std::size_t>(types_[k + 1]), pre = static_cast<std::size_t>(types_[k]);
    size_ += 2 * post * pre + post;
  }
}

void CellType::initialise(std::span<float> genome, Rng& rng) const {
  for (int k = 0; k < network_.layers(); ++k) {
    const auto post = static_cast<std::size_t>(types_[k + 1]), pre = static_cast<std::size_t>(types_[k]);
    const float kaiming = std::sqrt(2.0f / static_cast<float>(network_.sizes[k]));
    boost::random::normal_distribution<float> mean(0.0f, kaiming);
    float* g = genome.data() + offsets_[static_cast<std::size_t>(k)];
    for (std::size_t i = 0; i < post * pre; ++i) g[i] = mean(rng);
    std::fill(g + post * pre, g + 2 * post * pre, kaiming);
    std::fill(g + 2 * post * pre, g + 2 * post * pre + post, 0.0f);
  }
}

void CellType::decode(GenomeView genome, std::span<float> params, Rng& birth) const {
  boost::random::normal_distribution<float> noise;
  for (int k = 0; k < network_.layers(); ++k) {
    const int tp = types_[k + 1], tq = types_[k];
    const float* g = genome.data() + offsets_[static_cast<std::size_t>(k)];
    const ConstMatrixMap mean(g, tp, tq), spread(g + tp * tq, tp, tq);
    auto w = network_.weight(params.data(), k);
    const auto& post = type_[static_cast<std::size_t>(k) + 1];
    const auto& pre = type_[static_cast<std::size_t>(k)];
    for (Eigen::Index j = 0; j < w.cols(); ++j)  // column-major: the order noise is drawn in
      for (Eigen::Index i = 0; i < w.rows(); ++i) {
        const int a = post[static_cast<std::size_t>(i)], b = pre[static_cast<std::size_t>(j)];
        w(i, j) = mean(a, b) + (sampled_ ? spread(a, b) * noise(birth) : 0.0f);
      }
    auto bias = network_.bias(params.data(), k);
    for (Eigen::Index i = 0; i < bias.size(); ++i) bias[i] = g[2 * tp * tq + post[static_cast<std::size_t>(i)]];
  }
}

void CellType::backward(GenomeView, std::span<const float> grad_params, std::span<float> grad_genome,
                        Rng& birth) const {
  boost::random::normal_distribution<float> noise;
  for (int k = 0; k < network_.layers(); ++k) {
    const int tp = types_[k + 1], tq = types_[k];
    float* g = grad_genome.data() + offsets_[static_cast<std::size_t>(k)];
    MatrixMap mean(g, tp, tq), spread(g + tp * tq, tp, tq);
    const auto grad_w = network_.weight(grad_params.data(), k);
    const auto& post = type_[static_cast<std::size_t>(k) + 1];
    const auto& pre = type_[static_cast<std::size_t>(k)];
    for (Eigen::Index j = 0; j < grad_w.cols(); ++j)
      for (Eigen::Index i = 0; i < grad_w.rows(); ++i) {
        const int a = post[static_cast<std::size_t>(i)], b = pre[static_cast<std::size_t>(j)];
        mean(a, b) += grad_w(i, j);
        if (sampled_) spread(a, b) += grad_w(i, j) * noise(birth);  // the same draws as decode
      }
    const auto grad_bias = network_.bias(grad_params.data(), k);
    for (Eigen::Index i = 0; i < grad_bias.size(); ++i)
      g[2 * tp * tq + post[static_cast<std::size_t>(i)]] += grad_bias[i];
  }
}

EncodingEntry CellType::entry() {
  return {{"celltype",
           "cell types (Lachi et al. 2024): a mean and spread per (post type, pre type) pair, weights fixed or sampled",
           {
               {"types", "16", "types per layer (a layer of n < types units has n types)"},
               {"sampled", "false", "draw weights mean + spread * N(0,1) at every birth (false: weights = means)"},
           }},
          [](const Section& cfg, const EncodingContext& context) -> std::unique_ptr<Encoding> {
            return std::make_unique<CellType>(require_network(context, "celltype"),
                                              static_cast<int>(cfg.integer("types", 1, 1'000'000)),
                                              cfg.boolean("sampled"));
          }};
}

}  // namespace innate
