#include "genomes/hebbian.hpp"

#include <fmt/format.h>
#include <boost/random/normal_distribution.hpp>

#include "engine/base/error.hpp"

namespace innate {

HebbianRules::HebbianRules(const MlpShape& network, Sharing sharing, std::vector<std::vector<int>> types,
                           int shared_rules, bool normalise)
    : network_(network), normalise_(normalise) {
  for (int k = 0; k < network_.layers(); ++k) {
    const int post = network_.sizes[k + 1], pre = network_.sizes[k];
    Eigen::MatrixXi rule(post, pre);
    for (int j = 0; j < pre; ++j)
      for (int i = 0; i < post; ++i) {
        switch (sharing) {
          case Sharing::per_synapse:
            rule(i, j) = static_cast<int>(rules_) + j * post + i;
            break;
          case Sharing::per_type_pair: {
            const auto& tp = types[static_cast<std::size_t>(k) + 1];
            const auto& tq = types[static_cast<std::size_t>(k)];
            const int n_pre_types = *std::max_element(tq.begin(), tq.end()) + 1;
            rule(i, j) = static_cast<int>(rules_) + tp[static_cast<std::size_t>(i)] * n_pre_types +
                         tq[static_cast<std::size_t>(j)];
            break;
          }
          case Sharing::shared: {  // a fixed, seedless hash of (layer, synapse)
            std::uint64_t key = (std::uint64_t(k) << 40) ^ (std::uint64_t(j) << 20) ^ std::uint64_t(i);
            rule(i, j) = static_cast<int>(splitmix64(key) % static_cast<std::uint64_t>(shared_rules));
            break;
          }
        }
      }
    if (sharing == Sharing::per_synapse) rules_ += static_cast<std::size_t>(post) * static_cast<std::size_t>(pre);
    if (sharing == Sharing::per_type_pair) rules_ = static_cast<std::size_t>(rule.maxCoeff()) + 1;
    rule_of_.push_back(std::move(rule));
  }
  if (sharing == Sharing::shared) rules_ = static_cast<std::size_t>(shared_rules);
}

void HebbianRules::initialise(std::span<float> genes, Rng& rng) const {
  boost::random::normal_distribution<float> normal(0.0f, 0.1f);
  for (float& g : genes) g = normal(rng);
}

void HebbianRules::expand(GenomeView genes, Plasticity& out) const {
  out.layers.resize(rule_of_.size());
  for (std::size_t k = 0; k < rule_of_.size(); ++k) {
    const Eigen::MatrixXi& rule = rule_of_[k];
    auto& l = out.layers[k];
    for (Matrix* m : {&l.eta, &l.a, &l.b, &l.c, &l.d}) m->resize(rule.rows(), rule.cols());
    for (Eigen::Index j = 0; j < rule.cols(); ++j)
      for (Eigen::Index i = 0; i < rule.rows(); ++i) {
        const float* r = genes.data() + 5 * static_cast<std::size_t>(rule(i, j));
        l.eta(i, j) = r[0], l.a(i, j) = r[1], l.b(i, j) = r[2], l.c(i, j) = r[3], l.d(i, j) = r[4];
      }
  }
}

void HebbianRules::update(const Plasticity& p, int layer, MatrixMap weights, const Eigen::Ref<const Matrix>& pre,
                          const Eigen::Ref<const Matrix>& post) const {
  const auto& l = p.layers[static_cast<std::size_t>(layer)];
  const auto o_post = post.col(0).array();
  const auto o_pre = pre.col(0).transpose().array();
  auto w = weights.array();
  // Column j of the pre/post outer product is o_post * o_pre[j].
  w += l.eta.array() * (l.a.array() * (post.col(0) * pre.col(0).transpose()).array() + l.b.array().colwise() * o_post +
                        l.c.array().rowwise() * o_pre + l.d.array());
  if (normalise_) {
    const float m = weights.cwiseAbs().maxCoeff();
    if (m > 0) weights /= m;
  }
}

void HebbianRules::after_forward(LifeState* state, const MlpShape& net, float* params, const Matrix& input,
                                 const MlpWorkspace& ws) const {
  const auto& p = static_cast<const Plasticity&>(*state);
  for (int k = 0; k < net.layers(); ++k)
    update(p, k, net.weight(params, k), k == 0 ? input : ws.a[std::size_t(k) - 1], ws.a[static_cast<std::size_t>(k)]);
}

double HebbianRules::flops_per_step(const MlpShape& net) const {
  double synapses = 0.0;
  for (std::size_t k = 0; k + 1 < net.sizes.size(); ++k) synapses += double(net.sizes[k]) * double(net.sizes[k + 1]);
  return 9.0 * synapses;
}

LifetimeEntry HebbianRules::entry() {
  return {
      {"hebbian",
       "evolved Hebbian rules (Najarro & Risi 2020): dw = eta (A o_post o_pre + B o_post + C o_pre + D) each step",
       {
           {"rules", "\"per_synapse\"", "rule sharing: \"per_synapse\", \"per_type_pair\" or K shared rules", true},
           {"types", "[]", "types per layer for per_type_pair (contiguous blocks); empty: from a celltype genome"},
           {"normalise", "false", "rescale each layer's weights to max |w| = 1 after every update"},
       }},
      [](const Section& cfg, const EncodingContext& context, const Encoding& encoding) -> std::unique_ptr<Lifetime> {
        if (!context.network) throw InputError("lifetime.kind = \"hebbian\" needs a [network] section");
        const MlpShape& net = *context.network;
        Sharing sharing = Sharing::per_synapse;
        int k = 0;
        std::vector<std::vector<int>> types;
        if (cfg.is_integer("rules")) {
          k = static_cast<int>(cfg.integer("rules", 1, 1'000'000'000));
          sharing = Sharing::shared;
        } else if (cfg.choice("rules", {"per_synapse", "per_type_pair"}) == "per_type_pair") {
          sharing = Sharing::per_type_pair;
          const auto counts = cfg.integers("types", 1, 1'000'000);
          const auto cells = encoding.unit_types();
          if (counts.empty() && cells.empty())
            cfg.fail("types", "types per layer (e.g. [2, 4, 2]) for rules = \"per_type_pair\", or a celltype genome");
          if (!counts.empty() && counts.size() != net.sizes.size())
            cfg.fail("types", fmt::format("one entry per network layer ({})", net.sizes.size()));
          for (std::size_t l = 0; l < net.sizes.size(); ++l) {
            std::vector<int> of(static_cast<std::size_t>(net.sizes[l]));
            for (int i = 0; i < net.sizes[l]; ++i) {
              if (counts.empty()) {
                of[static_cast<std::size_t>(i)] = cells[l][static_cast<std::size_t>(i)];
              } else {
                const std::int64_t t = std::min<std::int64_t>(counts[l], net.sizes[l]);
                of[static_cast<std::size_t>(i)] = static_cast<int>(std::int64_t(i) * t / net.sizes[l]);
              }
            }
            types.push_back(std::move(of));
          }
        }
        return std::make_unique<HebbianRules>(net, sharing, std::move(types), k, cfg.boolean("normalise"));
      }};
}

}  // namespace innate
