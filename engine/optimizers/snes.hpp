#pragma once
// Separable natural evolution strategy (Schaul, Glasmachers & Schmidhuber 2011): a
// Gaussian with a mean and one std per gene; samples mu + sigma * s with s ~ N(0, I)
// from each individual's keyed stream; rank-based utilities; natural-gradient updates
// mu += eta_mu sigma * sum u s, sigma *= exp(eta_sigma / 2 * sum u (s^2 - 1)).
#include <Eigen/Core>

#include "engine/components/components.hpp"

namespace innate {

class Snes final : public Optimizer {
 public:
  Snes(double sigma, double eta_mu, double eta_sigma, const OptimizerContext& context);

  const Population& ask(std::uint64_t generation) override;
  void tell(std::span<const double> scores) override;
  Eigen::VectorXf recommendation() const override;
  void save(cereal::PortableBinaryOutputArchive& archive) const override;
  void load(cereal::PortableBinaryInputArchive& archive) override;

  static OptimizerEntry entry();

 private:
  const Encoding& encoding_;
  std::uint64_t seed_, generation_ = 0;
  double sigma0_, eta_mu_, eta_sigma_;
  Eigen::VectorXd mu_, sigma_;
  std::vector<double> utilities_;  // by rank, best first
  bool initialised_ = false;
  Population population_;
};

}  // namespace innate
