#include "engine/optimizers/snes.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/vector.hpp>

#include <cmath>

#include "engine/base/error.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/optimizers/es_common.hpp"

namespace innate {

Snes::Snes(double sigma, double eta_mu, double eta_sigma, const OptimizerContext& context)
    : encoding_(context.encoding), seed_(context.seed), sigma0_(sigma), eta_mu_(eta_mu), eta_sigma_(eta_sigma) {
  if (encoding_.domain().discrete()) throw InputError("Snes(): an evolution strategy needs real-valued genes");
  const auto d = static_cast<Eigen::Index>(encoding_.genome_size());
  const auto n = context.population;
  if (n < 2) throw InputError("Snes(): run.population must be at least 2");
  if (eta_sigma_ <= 0) eta_sigma_ = (3.0 + std::log(double(d))) / (5.0 * std::sqrt(double(d)));
  // Utilities u_k = max(0, ln(n/2 + 1) - ln k) / sum - 1/n for rank k = 1 (best) .. n.
  double total = 0;
  for (std::size_t k = 1; k <= n; ++k) total += std::max(0.0, std::log(n / 2.0 + 1.0) - std::log(double(k)));
  for (std::size_t k = 1; k <= n; ++k)
    utilities_.push_back(std::max(0.0, std::log(n / 2.0 + 1.0) - std::log(double(k))) / total - 1.0 / double(n));
  mu_.setZero(d);
  sigma_.setConstant(d, sigma0_);
  population_.resize(static_cast<Eigen::Index>(n), d);
}

const Population& Snes::ask(std::uint64_t generation) {
  if (!initialised_) {
    mu_ = initial_mean(encoding_, seed_);
    initialised_ = true;
  }
  generation_ = generation;
  tbb::parallel_for(std::size_t{0}, static_cast<std::size_t>(population_.rows()), [&](std::size_t k) {
    Eigen::VectorXd s(mu_.size());
    standard_normal(seed_, generation, k, s);
    population_.row(static_cast<Eigen::Index>(k)) = (mu_ + sigma_.cwiseProduct(s)).cast<float>().transpose();
  });
  return population_;
}

void Snes::tell(std::span<const double> scores) {
  const auto order = best_first(scores);
  Eigen::VectorXd grad_mu = Eigen::VectorXd::Zero(mu_.size()), grad_sigma = grad_mu, s(mu_.size());
  for (std::size_t r = 0; r < order.size(); ++r) {
    standard_normal(seed_, generation_, order[r], s);
    grad_mu += utilities_[r] * s;
    grad_sigma += utilities_[r] * (s.array().square() - 1.0).matrix();
  }
  mu_ += eta_mu_ * sigma_.cwiseProduct(grad_mu);
  sigma_.array() *= (eta_sigma_ / 2.0 * grad_sigma.array()).exp();
}

Eigen::VectorXf Snes::recommendation() const { return mu_.cast<float>(); }

void Snes::save(cereal::PortableBinaryOutputArchive& archive) const {
  archive(initialised_, generation_, to_std(mu_), to_std(sigma_));
}

void Snes::load(cereal::PortableBinaryInputArchive& archive) {
  std::vector<double> mu, sigma;
  archive(initialised_, generation_, mu, sigma);
  from_std(mu, mu_, "Snes::load()");
  from_std(sigma, sigma_, "Snes::load()");
}

OptimizerEntry Snes::entry() {
  return {{{"snes",
            "separable natural evolution strategy (Schaul et al. 2011): a mean and a std per gene",
            {
                {"sigma", "0.1", "initial std of every gene"},
                {"eta_mu", "1.0", "learning rate of the mean"},
                {"eta_sigma", "0.0", "learning rate of the stds (0: (3 + ln d) / (5 sqrt d))"},
            }},
           [](const Section& cfg, const OptimizerContext& context) -> std::unique_ptr<Optimizer> {
             return std::make_unique<Snes>(cfg.real("sigma", 1e-12), cfg.real("eta_mu", 0.0),
                                           cfg.real("eta_sigma", 0.0), context);
           }},
          textbook_population};
}

}  // namespace innate
