#pragma once
// CMA-ES (Hansen & Ostermeier 2001; parameters and updates as in Hansen's tutorial,
// arXiv:1604.00772): x = m + sigma C^(1/2) z with z ~ N(0, I) from each individual's
// keyed stream; weighted recombination of the best half, cumulative step-size
// adaptation, rank-one and active rank-mu covariance updates (negative weights for the
// worst half, as in the tutorial and pycma's default). Full covariance (Eigen's symmetric
// eigensolver each generation; for genomes up to a few thousand genes) or separable
// (diagonal; Ros & Hansen 2008, learning rates scaled by (n + 2) / 3).
//
// C^(1/2) = B D B^T, the symmetric root. The tutorial's B D z has the same distribution,
// but C's eigenvectors within a repeated eigenvalue (which a small population leaves over
// most of the space) are any basis the solver returns: with B D z a change of C in its
// last bit drew other samples, and runs parted between builds (-O2 ASan against Release).
// B D B^T z is the same vector whichever basis it is.
#include <Eigen/Core>

#include "engine/components/components.hpp"

namespace innate {

class CmaEs final : public Optimizer {
 public:
  CmaEs(double sigma, bool separable, const OptimizerContext& context);

  const Population& ask(std::uint64_t generation) override;
  void tell(std::span<const double> scores) override;
  Eigen::VectorXf recommendation() const override;
  void save(cereal::PortableBinaryOutputArchive& archive) const override;
  void load(cereal::PortableBinaryInputArchive& archive) override;

  static OptimizerEntry entry(bool separable);

 private:
  void decompose();  // B and D from C

  const Encoding& encoding_;
  std::uint64_t seed_;
  bool separable_, initialised_ = false;
  int n_, lambda_, mu_;
  Eigen::VectorXd weights_;
  double mu_eff_, c_sigma_, d_sigma_, c_c_, c_1_, c_mu_, chi_n_;
  // State.
  Eigen::VectorXd m_, p_sigma_, p_c_;
  Eigen::MatrixXd C_;  // full; separable keeps its diagonal in column 0
  double sigma_;
  std::uint64_t t_ = 0;
  // Derived from C after every update.
  Eigen::MatrixXd B_;
  Eigen::VectorXd D_;
  Eigen::MatrixXd Y_;        // the last ask's steps C^(1/2) z, one per column
  Eigen::VectorXd z_norms_;  // and their |z|^2
  Population population_;
};

}  // namespace innate
