#pragma once
// Evolved Hebbian plasticity (Najarro & Risi 2020): during a life every synapse changes
// at each step by dw_ij = eta (A o_i o_j + B o_i + C o_j + D), o_j the presynaptic and
// o_i the postsynaptic activation; the genome holds the rules, not the weights.
// Rule sharing is the bottleneck (Pedersen & Risi 2021): one rule per synapse, one per
// (post type, pre type) pair, or K rules shared by all synapses.
//
// Genome (after the encoding's genes): R rules x (eta, A, B, C, D), rule by rule.
#include "engine/components/components.hpp"
#include "engine/nn/mlp.hpp"

namespace innate {

// The per-synapse coefficients of one life, expanded from the rules at birth.
struct Plasticity final : LifeState {
  struct Layer {
    Matrix eta, a, b, c, d;  // (post x pre)
  };
  std::vector<Layer> layers;
};

class HebbianRules final : public Lifetime {
 public:
  enum class Sharing { per_synapse, per_type_pair, shared };

  // `types`: units per type of each layer (contiguous blocks) for per_type_pair;
  // `shared_rules`: K for Sharing::shared (synapses assigned to rules by a fixed hash).
  HebbianRules(const MlpShape& network, Sharing sharing, std::vector<std::vector<int>> types, int shared_rules,
               bool normalise);

  std::string kind() const override { return "hebbian"; }
  Experience experience() const override { return Experience::activity; }
  std::size_t genome_size() const override { return 5 * rules_; }
  void initialise(std::span<float> genes, Rng& rng) const override;
  std::size_t rules() const { return rules_; }

  // The life: a Plasticity per thread, expanded at each birth, then every layer's update
  // after each forward pass.
  std::unique_ptr<LifeState> new_state() const override { return std::make_unique<Plasticity>(); }
  void birth(GenomeView genes, LifeState* state) const override { expand(genes, static_cast<Plasticity&>(*state)); }
  void after_forward(LifeState* state, const MlpShape& net, float* params, const Matrix& input,
                     const MlpWorkspace& ws) const override;
  // Per synapse: eta (A o_post o_pre + B o_post + C o_pre + D) added to w, 9 operations.
  double flops_per_step(const MlpShape& net) const override;

  // Expands the rule genes into per-synapse coefficients (once per birth).
  void expand(GenomeView genes, Plasticity& out) const;
  // One plastic step of layer k after a forward pass: pre (in x 1), post (out x 1).
  void update(const Plasticity& p, int layer, MatrixMap weights, const Eigen::Ref<const Matrix>& pre,
              const Eigen::Ref<const Matrix>& post) const;

  static LifetimeEntry entry();

 private:
  MlpShape network_;
  bool normalise_;
  std::vector<Eigen::MatrixXi> rule_of_;  // per layer: each synapse's rule index
  std::size_t rules_ = 0;
};

}  // namespace innate
