#include "engine/optimizers/openai_es.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/vector.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/base/error.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/optimizers/es_common.hpp"

namespace innate {

OpenAiEs::OpenAiEs(const OpenAiEsSettings& settings, const OptimizerContext& context)
    : settings_(settings), encoding_(context.encoding), seed_(context.seed) {
  if (context.population < 2 || context.population % 2 != 0)
    throw InputError("OpenAiEs(): run.population must be even (antithetic pairs) and at least 2");
  if (encoding_.domain().discrete()) throw InputError("OpenAiEs(): an evolution strategy needs real-valued genes");
  const auto d = static_cast<Eigen::Index>(encoding_.genome_size());
  theta_.setZero(d);
  adam_.resize(d);
  population_.resize(static_cast<Eigen::Index>(context.population), d);
}

const Population& OpenAiEs::ask(std::uint64_t generation) {
  if (!initialised_) {
    theta_ = initial_mean(encoding_, seed_);
    initialised_ = true;
  }
  generation_ = generation;
  const std::size_t pairs = static_cast<std::size_t>(population_.rows()) / 2;
  tbb::parallel_for(std::size_t{0}, pairs, [&](std::size_t k) {
    Eigen::VectorXd eps(theta_.size());
    standard_normal(seed_, generation, k, eps);
    const auto i = static_cast<Eigen::Index>(2 * k);
    population_.row(i) = (theta_ + settings_.sigma * eps).cast<float>().transpose();
    population_.row(i + 1) = (theta_ - settings_.sigma * eps).cast<float>().transpose();
  });
  return population_;
}

void OpenAiEs::tell(std::span<const double> scores) {
  const std::vector<double> u = centred_ranks(scores);
  const std::size_t pairs = u.size() / 2;
  // g = 1/(n sigma) sum_k (u+ - u-) eps_k; summed serially in pair order for exact bits.
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(theta_.size()), eps(theta_.size());
  for (std::size_t k = 0; k < pairs; ++k) {
    standard_normal(seed_, generation_, k, eps);
    grad += (u[2 * k] - u[2 * k + 1]) * eps;
  }
  grad /= static_cast<double>(u.size()) * settings_.sigma;
  grad -= settings_.weight_decay * theta_;
  adam_.step(theta_, -grad, settings_.learning_rate);  // ascending
}

Eigen::VectorXf OpenAiEs::recommendation() const { return theta_.cast<float>(); }

void OpenAiEs::save(cereal::PortableBinaryOutputArchive& archive) const {
  archive(initialised_, generation_, to_std(theta_));
  adam_.save(archive);
}

void OpenAiEs::load(cereal::PortableBinaryInputArchive& archive) {
  std::vector<double> theta;
  archive(initialised_, generation_, theta);
  from_std(theta, theta_, "OpenAiEs::load()");
  adam_.load(archive, "OpenAiEs::load()");
}

OptimizerEntry OpenAiEs::entry() {
  return {{{"openai_es",
            "OpenAI-ES (Salimans et al. 2017): antithetic Gaussian sampling, centred ranks, Adam, weight decay",
            {
                {"sigma", "0.1", "std of the search distribution"},
                {"learning_rate", "0.01", "Adam step size"},
                {"weight_decay", "0.005", "L2 coefficient pulling the mean towards 0"},
            }},
           [](const Section& cfg, const OptimizerContext& context) -> std::unique_ptr<Optimizer> {
             OpenAiEsSettings s;
             s.sigma = cfg.real("sigma", 1e-12);
             s.learning_rate = cfg.real("learning_rate", 0.0);
             s.weight_decay = cfg.real("weight_decay", 0.0);
             return std::make_unique<OpenAiEs>(s, context);
           }}};
}

}  // namespace innate
