#pragma once
// OpenAI-ES (Salimans et al. 2017): a Gaussian search distribution N(theta, sigma^2 I),
// antithetic pairs theta +- sigma eps, centred ranks as fitness shaping, the gradient
// estimate followed with Adam and L2 weight decay. The noise of pair k in generation g
// comes from its own keyed stream, so tell() regenerates it instead of storing it.
#include <Eigen/Core>

#include "engine/components/components.hpp"
#include "engine/nn/adam.hpp"

namespace innate {

struct OpenAiEsSettings {
  double sigma = 0.1;
  double learning_rate = 0.01;  // Adam step size
  double weight_decay = 0.005;  // L2 coefficient on theta
};

class OpenAiEs final : public Optimizer {
 public:
  OpenAiEs(const OpenAiEsSettings& settings, const OptimizerContext& context);

  const Population& ask(std::uint64_t generation) override;
  void tell(std::span<const double> scores) override;
  Eigen::VectorXf recommendation() const override;
  void save(cereal::PortableBinaryOutputArchive& archive) const override;
  void load(cereal::PortableBinaryInputArchive& archive) override;

  static OptimizerEntry entry();

 private:
  OpenAiEsSettings settings_;
  const Encoding& encoding_;
  std::uint64_t seed_;
  Eigen::VectorXd theta_;
  Adam<double> adam_;
  std::uint64_t generation_ = 0;
  bool initialised_ = false;
  Population population_;
};

}  // namespace innate
