#include "scenarios/images/intermittent.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/vector.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/error.hpp"
#include "engine/serialization.hpp"

namespace innate {

double cosine_annealed(double start, double final_fraction, std::uint64_t iteration, std::uint64_t iterations) {
  const double progress =
      iterations > 1 ? double(std::clamp<std::uint64_t>(iteration, 1, iterations) - 1) / double(iterations - 1) : 0.0;
  return start * (final_fraction + (1 - final_fraction) * 0.5 * (1 + std::cos(std::numbers::pi * progress)));
}

GenomeFitting::GenomeFitting(const FitSettings& settings, const ImageTask& task, const OptimizerContext& context)
    : settings_(settings), task_(task), seed_(context.seed) {
  if (context.population != 1)
    throw InputError("GenomeFitting(): gradient fitting improves one genome: set run.population = 1");
  if (context.encoding.genome_size() != task.encoding().genome_size())
    throw InputError("GenomeFitting(): the genome has lifetime genes; gradient fitting needs lifetime.kind = \"none\"");
  if (!settings_.end_to_end && settings_.samples.size() != static_cast<std::size_t>(task.encoding().network().layers()))
    throw InputError(fmt::format("GenomeFitting(): optimizer.samples needs one count per weight layer ({})",
                                 task.encoding().network().layers()));
  const auto d = static_cast<Eigen::Index>(task.encoding().genome_size());
  genome_.setZero(d);
  adam_.resize(d);
  params_.setZero(static_cast<Eigen::Index>(task.encoding().network().param_count()));
  population_.resize(1, d);
  const MlpShape& net = task.encoding().network();
  for (int k = 0; k < net.layers(); ++k)
    for (std::size_t i = net.bias_offset(k); i < net.weight_offset(k + 1); ++i) biases_.push_back(i);
}

void GenomeFitting::intermittent_iteration(std::uint64_t generation) {
  const NetworkEncoding& enc = task_.encoding();
  const MlpShape& net = enc.network();
  const std::span<float> params(params_.data(), static_cast<std::size_t>(params_.size()));
  const GenomeView genome(genome_.data(), static_cast<std::size_t>(genome_.size()));
  // 1. Nurture: train the network on the images, with a fresh Adam each iteration (stale
  // moments would push the regenerated weights on in the last iteration's direction).
  Rng order = stream({seed_, generation, 0, Purpose::optimizer});
  TrainSettings training = task_.settings().training;
  training.learning_rate = settings_.network_learning_rate;
  Trainer trainer(net, training);
  trainer.train(params, task_.data().train, static_cast<std::size_t>(settings_.batches), order);
  // 2. Nature: regress the genome onto samples of the trained weights, then the biases,
  // at this iteration's step size: cosine from fit_learning_rate to fit_anneal of it.
  const double lr = cosine_annealed(settings_.fit_learning_rate, settings_.fit_anneal, generation, settings_.iterations);
  Rng sampler = stream({seed_, generation, 1, Purpose::optimizer}), birth = sampler;
  std::vector<std::size_t> indices;
  std::vector<float> values, grads;
  Eigen::VectorXf grad(genome_.size());
  auto fit = [&](const std::vector<std::size_t>& all) {
    for (std::size_t first = 0; first < all.size(); first += std::size_t(settings_.fit_batch)) {
      const std::size_t count = std::min<std::size_t>(std::size_t(settings_.fit_batch), all.size() - first);
      indices.assign(all.begin() + std::ptrdiff_t(first), all.begin() + std::ptrdiff_t(first + count));
      values.resize(count);
      grads.resize(count);
      enc.decode_entries(genome, indices, values, birth);
      for (std::size_t k = 0; k < count; ++k)  // d/dv of the mean squared error
        grads[k] = 2.0f * (values[k] - params_[static_cast<Eigen::Index>(indices[k])]) / float(count);
      grad.setZero();
      enc.backward_entries(genome, indices, grads, {grad.data(), std::size_t(grad.size())}, birth);
      adam_.step(genome_, grad, lr);
    }
  };
  for (int k = 0; k < net.layers(); ++k) {
    const std::size_t first = net.weight_offset(k), count = net.bias_offset(k) - first;
    boost::random::uniform_int_distribution<std::size_t> pick(first, first + count - 1);
    sample_.resize(static_cast<std::size_t>(settings_.samples[static_cast<std::size_t>(k)]));
    for (auto& s : sample_) s = pick(sampler);
    fit(sample_);
  }
  for (int pass = 0; pass < settings_.bias_passes; ++pass) fit(biases_);
  // 3. Regenerate the network from the genome.
  enc.decode(genome, params, birth);
}

void GenomeFitting::end_to_end_iteration(std::uint64_t generation) {
  const NetworkEncoding& enc = task_.encoding();
  const MlpShape& net = enc.network();
  const Dataset& data = task_.data().train;
  const std::span<float> params(params_.data(), static_cast<std::size_t>(params_.size()));
  const GenomeView genome(genome_.data(), static_cast<std::size_t>(genome_.size()));
  Rng order = stream({seed_, generation, 0, Purpose::optimizer}), birth = stream({seed_, generation, 1, Purpose::optimizer});
  boost::random::uniform_int_distribution<Eigen::Index> pick(0, static_cast<Eigen::Index>(data.size()) - 1);
  const int batch = task_.settings().training.batch;
  Matrix x(data.images.rows(), batch), grad_out;
  std::vector<int> labels(static_cast<std::size_t>(batch));
  MlpWorkspace ws;
  Eigen::VectorXf grad_params(params_.size()), grad(genome_.size());
  for (int b = 0; b < settings_.batches; ++b) {
    for (int j = 0; j < batch; ++j) {
      const Eigen::Index i = pick(order);
      x.col(j) = data.images.col(i);
      labels[std::size_t(j)] = data.labels[static_cast<std::size_t>(i)];
    }
    Rng life = birth;
    enc.decode(genome, params, life);
    softmax_cross_entropy(mlp_forward(net, params_.data(), x, ws), labels, grad_out);
    grad_params.setZero();
    mlp_backward(net, params_.data(), x, ws, grad_out, grad_params.data());
    grad.setZero();
    life = birth;
    enc.backward(genome, {grad_params.data(), std::size_t(grad_params.size())}, {grad.data(), std::size_t(grad.size())},
                 life);
    adam_.step(genome_, grad, settings_.fit_learning_rate);
  }
}

const Population& GenomeFitting::ask(std::uint64_t generation) {
  if (!initialised_) {  // generation 0: the initial genome; the network starts from a standard init
    Rng rng = stream({seed_, 0, 0, Purpose::initialise});
    task_.encoding().initialise({genome_.data(), std::size_t(genome_.size())}, rng);
    Rng init = stream({seed_, 0, 1, Purpose::initialise});
    initialise_mlp(task_.encoding().network(), params_.data(), init);
    initialised_ = true;
  } else if (settings_.end_to_end) {
    end_to_end_iteration(generation);
  } else {
    intermittent_iteration(generation);
  }
  population_.row(0) = genome_.transpose();
  return population_;
}

void GenomeFitting::save(cereal::PortableBinaryOutputArchive& archive) const {
  archive(initialised_, to_std(genome_), to_std(params_));
  adam_.save(archive);
}

void GenomeFitting::load(cereal::PortableBinaryInputArchive& archive) {
  std::vector<float> genome, params;
  archive(initialised_, genome, params);
  from_std(genome, genome_, "GenomeFitting::load()");
  from_std(params, params_, "GenomeFitting::load()");
  adam_.load(archive, "GenomeFitting::load()");
}

OptimizerEntry GenomeFitting::entry(bool end_to_end) {
  std::vector<KeySpec> keys{{"batches", "100", "training batches per iteration (network, or genome end to end)"},
                            {"fit_learning_rate", "0.001", "Adam step size of the genome"}};
  if (!end_to_end) {
    keys.push_back({"samples", "[100000, 10000]", "weights sampled per weight layer for the regression, per iteration"});
    keys.push_back({"bias_passes", "3", "regression passes over the biases per iteration"});
    keys.push_back({"fit_batch", "1000", "regression minibatch"});
    keys.push_back({"network_learning_rate", "0.001", "Adam step size of the network's training in each iteration"});
    keys.push_back({"fit_anneal", "1.0",
                    "the last iteration's genome step size as a fraction of fit_learning_rate (cosine schedule; 1 = constant)"});
  }
  return {{end_to_end ? "gradient" : "intermittent",
           end_to_end ? "fit the genome end to end: the classification gradient carried back through the decoder"
                      : "Shuvaev et al.'s Algorithm 1: train the network, regress the genome onto its weights, regenerate",
           keys},
          [end_to_end](const Section& cfg, const OptimizerContext& context) -> std::unique_ptr<Optimizer> {
            const auto* task = dynamic_cast<const ImageTask*>(context.task);
            if (!task)
              throw InputError(fmt::format("optimizer.kind = \"{}\" fits a genome by gradient: it needs task.name = \"images\"",
                                           end_to_end ? "gradient" : "intermittent"));
            FitSettings s;
            s.end_to_end = end_to_end;
            s.batches = static_cast<int>(cfg.integer("batches", 1));
            s.fit_learning_rate = cfg.real("fit_learning_rate", 0.0);
            if (!end_to_end) {
              s.samples = cfg.integers("samples", 1, 1'000'000'000);
              s.bias_passes = static_cast<int>(cfg.integer("bias_passes", 0));
              s.fit_batch = static_cast<int>(cfg.integer("fit_batch", 1));
              s.network_learning_rate = cfg.real("network_learning_rate", 0.0);
              s.fit_anneal = cfg.real("fit_anneal", 0.0, 1.0);
              s.iterations = context.generations;
            }
            return std::make_unique<GenomeFitting>(s, *task, context);
          }};
}

}  // namespace innate
