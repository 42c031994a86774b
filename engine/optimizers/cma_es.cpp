#include "engine/optimizers/cma_es.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <Eigen/Eigenvalues>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/vector.hpp>

#include <cmath>

#include "engine/base/error.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/optimizers/es_common.hpp"

namespace innate {

CmaEs::CmaEs(double sigma, bool separable, const OptimizerContext& context)
    : encoding_(context.encoding), seed_(context.seed), separable_(separable), sigma_(sigma) {
  if (encoding_.domain().discrete()) throw InputError("CmaEs(): an evolution strategy needs real-valued genes");
  n_ = static_cast<int>(encoding_.genome_size());
  lambda_ = static_cast<int>(context.population);
  if (lambda_ < 2) throw InputError("CmaEs(): run.population must be at least 2");
  if (!separable && n_ > 10000)
    throw InputError(
        "CmaEs(): full CMA-ES keeps an n x n covariance; use optimizer.kind = \"sep_cma_es\" above 10,000 genes");
  // Weights (tutorial eqs. 49-53): ln((lambda + 1) / 2) - ln i for every rank; the best
  // half, normalised to sum 1, recombine the mean; the worst half, negative, drive the
  // active covariance update (as pycma's default).
  mu_ = lambda_ / 2;
  weights_.resize(lambda_);
  for (int i = 0; i < lambda_; ++i) weights_[i] = std::log((lambda_ + 1) / 2.0) - std::log(i + 1.0);
  const double positive = weights_.head(mu_).sum(), negative = -weights_.tail(lambda_ - mu_).sum();
  mu_eff_ = positive * positive / weights_.head(mu_).squaredNorm();
  const double mu_eff_minus = negative > 0 ? negative * negative / weights_.tail(lambda_ - mu_).squaredNorm() : 0.0;
  const double n = n_;
  c_sigma_ = (mu_eff_ + 2) / (n + mu_eff_ + 5);
  d_sigma_ = 1 + 2 * std::max(0.0, std::sqrt((mu_eff_ - 1) / (n + 1)) - 1) + c_sigma_;
  c_c_ = (4 + mu_eff_ / n) / (n + 4 + 2 * mu_eff_ / n);
  c_1_ = 2 / ((n + 1.3) * (n + 1.3) + mu_eff_);
  c_mu_ = std::min(1 - c_1_, 2 * (mu_eff_ - 2 + 1 / mu_eff_) / ((n + 2) * (n + 2) + mu_eff_));
  if (separable_) {
    c_1_ *= (n + 2) / 3;
    c_mu_ = std::min(1 - c_1_, c_mu_ * (n + 2) / 3);
  }
  const double alpha_mu = 1 + c_1_ / c_mu_, alpha_mu_eff = 1 + 2 * mu_eff_minus / (mu_eff_ + 2),
               alpha_posdef = (1 - c_1_ - c_mu_) / (n * c_mu_);
  weights_.head(mu_) /= positive;
  if (negative > 0) weights_.tail(lambda_ - mu_) *= std::min({alpha_mu, alpha_mu_eff, alpha_posdef}) / negative;
  chi_n_ = std::sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  m_.setZero(n_);
  p_sigma_.setZero(n_);
  p_c_.setZero(n_);
  if (separable_)
    C_ = Eigen::MatrixXd::Ones(n_, 1);
  else
    C_ = Eigen::MatrixXd::Identity(n_, n_);
  decompose();
  population_.resize(lambda_, n_);
  Y_.resize(n_, lambda_);
  z_norms_.resize(lambda_);
}

void CmaEs::decompose() {
  // The covariance's condition number is kept below 1e14 (where pycma stops): once some
  // directions no longer change the scores (a float32 gene at its resolution) the others
  // would grow unchecked until C overflows into NaN. Adding to the diagonal lifts the
  // smallest eigenvalues and keeps the eigenvectors.
  constexpr double kMaxCondition = 1e14;
  if (separable_) {
    const double floor = C_.col(0).maxCoeff() / kMaxCondition;
    if (C_.col(0).minCoeff() < floor) C_.col(0).array() += floor - C_.col(0).minCoeff();
    D_ = C_.col(0).cwiseMax(0.0).cwiseSqrt();
    return;
  }
  C_ = 0.5 * (C_ + C_.transpose()).eval();  // keep it exactly symmetric
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(C_);
  Eigen::VectorXd lambda = eig.eigenvalues();
  const double floor = lambda.maxCoeff() / kMaxCondition;
  if (lambda.minCoeff() < floor) {
    const double lift = floor - lambda.minCoeff();
    C_.diagonal().array() += lift;
    lambda.array() += lift;
  }
  B_ = eig.eigenvectors();
  D_ = lambda.cwiseMax(0.0).cwiseSqrt();
}

const Population& CmaEs::ask(std::uint64_t generation) {
  if (!initialised_) {
    m_ = initial_mean(encoding_, seed_);
    initialised_ = true;
  }
  tbb::parallel_for(0, lambda_, [&](int k) {
    Eigen::VectorXd z(n_);
    standard_normal(seed_, generation, static_cast<std::size_t>(k), z);
    z_norms_[k] = z.squaredNorm();  // |C^-1/2 y|^2, for the active update
    // y = B D B^T z: a continuous function of C (see the header), with the same law as B D z.
    Y_.col(k) = separable_ ? D_.cwiseProduct(z).eval() : (B_ * D_.cwiseProduct(B_.transpose() * z)).eval();
    population_.row(k) = (m_ + sigma_ * Y_.col(k)).cast<float>().transpose();
  });
  return population_;
}

void CmaEs::tell(std::span<const double> scores) {
  const auto order = best_first(scores);
  ++t_;
  Eigen::VectorXd y_w = Eigen::VectorXd::Zero(n_);
  for (int i = 0; i < mu_; ++i) y_w += weights_[i] * Y_.col(static_cast<Eigen::Index>(order[std::size_t(i)]));
  m_ += sigma_ * y_w;

  // C^(-1/2) y_w = B D^-1 B^T y_w.
  const Eigen::VectorXd inv_sqrt_c_y = separable_
                                           ? y_w.cwiseQuotient(D_.cwiseMax(1e-300)).eval()
                                           : (B_ * (B_.transpose() * y_w).cwiseQuotient(D_.cwiseMax(1e-300))).eval();
  p_sigma_ = (1 - c_sigma_) * p_sigma_ + std::sqrt(c_sigma_ * (2 - c_sigma_) * mu_eff_) * inv_sqrt_c_y;
  const double ps_norm = p_sigma_.norm();
  const bool h_sigma =
      ps_norm / std::sqrt(1 - std::pow(1 - c_sigma_, 2.0 * double(t_))) < (1.4 + 2.0 / (n_ + 1)) * chi_n_;
  p_c_ = (1 - c_c_) * p_c_ + (h_sigma ? std::sqrt(c_c_ * (2 - c_c_) * mu_eff_) : 0.0) * y_w;
  // Rank-mu with every rank: w_i for the best half, w_i n / |C^-1/2 y_i|^2 for the
  // negative weights, and the decay 1 - c_1 - c_mu sum(w) (tutorial eq. 47).
  const double keep = 1 - c_1_ - c_mu_ * weights_.sum() + (h_sigma ? 0.0 : c_1_ * c_c_ * (2 - c_c_));
  auto weight = [&](int i) {
    const double w = weights_[i];
    return w >= 0 ? w : w * n_ / std::max(z_norms_[Eigen::Index(order[std::size_t(i)])], 1e-300);
  };
  if (separable_) {
    Eigen::VectorXd rank_mu = Eigen::VectorXd::Zero(n_);
    for (int i = 0; i < lambda_; ++i)
      rank_mu += weight(i) * Y_.col(static_cast<Eigen::Index>(order[std::size_t(i)])).cwiseAbs2();
    C_.col(0) = keep * C_.col(0) + c_1_ * p_c_.cwiseAbs2() + c_mu_ * rank_mu;
  } else {
    Eigen::MatrixXd rank_mu = Eigen::MatrixXd::Zero(n_, n_);
    for (int i = 0; i < lambda_; ++i) {
      const auto y = Y_.col(static_cast<Eigen::Index>(order[std::size_t(i)]));
      rank_mu.noalias() += weight(i) * y * y.transpose();
    }
    C_ = keep * C_ + c_1_ * p_c_ * p_c_.transpose() + c_mu_ * rank_mu;
  }
  sigma_ *= std::exp(c_sigma_ / d_sigma_ * (ps_norm / chi_n_ - 1));
  decompose();
}

Eigen::VectorXf CmaEs::recommendation() const { return m_.cast<float>(); }

void CmaEs::save(cereal::PortableBinaryOutputArchive& archive) const {
  archive(initialised_, t_, sigma_, to_std(m_), to_std(p_sigma_), to_std(p_c_), to_std(C_));
}

void CmaEs::load(cereal::PortableBinaryInputArchive& archive) {
  std::vector<double> m, ps, pc, c;
  archive(initialised_, t_, sigma_, m, ps, pc, c);
  from_std(m, m_, "CmaEs::load()");
  from_std(ps, p_sigma_, "CmaEs::load()");
  from_std(pc, p_c_, "CmaEs::load()");
  from_std(c, C_, "CmaEs::load()");
  decompose();
}

OptimizerEntry CmaEs::entry(bool separable) {
  return {{{separable ? "sep_cma_es" : "cma_es",
            separable ? "separable CMA-ES (Ros & Hansen 2008): diagonal covariance, for large genomes"
                      : "CMA-ES (Hansen): full covariance matrix adaptation, for genomes up to a few thousand genes",
            {{"sigma", "0.1", "initial step size"}}},
           [separable](const Section& cfg, const OptimizerContext& context) -> std::unique_ptr<Optimizer> {
             return std::make_unique<CmaEs>(cfg.real("sigma", 1e-12), separable, context);
           }},
          textbook_population,
          [separable](std::size_t genes, std::size_t population) {  // C, B, rank-mu, the solver; the steps
            const double n = double(genes);
            return 8.0 * ((separable ? 4.0 * n : 5.0 * n * n) + 2.0 * n * double(population));
          }};
}

}  // namespace innate
