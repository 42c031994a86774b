#include "engine/optimizers/genome_fitting.hpp"

#include <fmt/format.h>
#include <boost/random/uniform_int_distribution.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/vector.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/base/error.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/information/quantise.hpp"

namespace innate {

double cosine_annealed(double start, double final_fraction, std::uint64_t iteration, std::uint64_t iterations) {
  const double progress =
      iterations > 1 ? double(std::clamp<std::uint64_t>(iteration, 1, iterations) - 1) / double(iterations - 1) : 0.0;
  return start * (final_fraction + (1 - final_fraction) * 0.5 * (1 + std::cos(std::numbers::pi * progress)));
}

double genome_step_size(const FitSettings& settings, std::uint64_t iteration, std::uint64_t iterations) {
  const double scheduled = cosine_annealed(settings.fit_learning_rate, settings.fit_anneal, iteration, iterations);
  if (settings.fit_warmup <= 0 || iteration >= std::uint64_t(settings.fit_warmup)) return scheduled;
  return scheduled * double(iteration) / double(settings.fit_warmup);  // iterations count from 1
}

namespace {

const Supervision& require_supervision(const OptimizerContext& context, const char* kind) {
  if (!context.supervision)
    throw InputError(
        fmt::format("optimizer.kind = \"{}\" fits a genome by gradient on labelled examples, which this "
                    "task does not offer",
                    kind));
  if (!context.network)
    throw InputError(
        fmt::format("optimizer.kind = \"{}\" fits a genome that decodes into a network: add [network]", kind));
  if (!context.encoding.differentiable())
    throw InputError(fmt::format("optimizer.kind = \"{}\" needs a differentiable encoding, not \"{}\"", kind,
                                 context.encoding.name()));
  return *context.supervision;
}

}  // namespace

GenomeFitting::GenomeFitting(const FitSettings& settings, const OptimizerContext& context, const char* kind)
    : settings_(settings),
      encoding_(context.encoding),
      data_(require_supervision(context, kind)),
      network_(*context.network),
      seed_(context.seed),
      iterations_(context.generations),
      tensors_(context.encoding.genome_tensors()) {
  if (context.population != 1)
    throw InputError(fmt::format("optimizer.kind = \"{}\" improves one genome: set run.population = 1", kind));
  const auto d = static_cast<Eigen::Index>(encoding_.genome_size());
  genome_.setZero(d);
  adam_.resize(d);
  population_.resize(1, d);
  Rng rng = stream({seed_, 0, 0, Purpose::initialise});
  encoding_.initialise({genome_.data(), static_cast<std::size_t>(d)}, rng);
}

void GenomeFitting::quantised_into(Eigen::VectorXf& out) const {
  out.resize(genome_.size());  // no allocation once sized
  quantise_genes({genome_.data(), std::size_t(genome_.size())}, tensors_, settings_.quantise_bits,
                 {out.data(), std::size_t(out.size())});
}

GenomeView GenomeFitting::genome() {
  if (settings_.quantise_bits == 0) return {genome_.data(), static_cast<std::size_t>(genome_.size())};
  quantised_into(quantised_);
  return {quantised_.data(), static_cast<std::size_t>(quantised_.size())};
}

Eigen::VectorXf GenomeFitting::recommendation() const {
  if (settings_.quantise_bits == 0) return genome_;
  Eigen::VectorXf q;
  quantised_into(q);
  return q;
}

const Population& GenomeFitting::ask(std::uint64_t generation) {
  generation_ = generation;
  const GenomeView g = genome();
  population_.row(0) = Eigen::Map<const Eigen::VectorXf>(g.data(), Eigen::Index(g.size())).transpose();
  return population_;
}

void GenomeFitting::tell(std::span<const double>) {
  if (generation_ < iterations_) iterate(generation_ + 1);
}

Budget GenomeFitting::consumed() const {
  const std::uint64_t iterations = std::min(generation_, iterations_);  // genome g follows g iterations
  return data_.step_cost().times(iterations * static_cast<std::uint64_t>(settings_.batches));
}

void GenomeFitting::save(cereal::PortableBinaryOutputArchive& archive) const {
  archive(to_std(genome_));  // generation_ is set again by the next ask()
  adam_.save(archive);
  save_more(archive);
}

void GenomeFitting::load(cereal::PortableBinaryInputArchive& archive) {
  std::vector<float> genome;
  archive(genome);
  from_std(genome, genome_, "GenomeFitting::load()");
  adam_.load(archive, "GenomeFitting::load()");
  load_more(archive);
}

namespace {

std::vector<KeySpec> common_keys() {
  return {{"batches", "100", "training batches per iteration (network, or genome end to end)"},
          {"fit_learning_rate", "0.001", "Adam step size of the genome"},
          {"fit_anneal", "1.0",
           "the last iteration's genome step size as a fraction of fit_learning_rate (cosine schedule; 1 = constant)"},
          {"fit_warmup", "0",
           "iterations over which the genome's step size rises linearly from 1/fit_warmup of its schedule (0 = none)"},
          {"quantise_bits", "0",
           "quantisation-aware fitting: decode the genome stored at this many bits a gene (1 to 16), its gradient "
           "applied to the float genes (straight through); 0 = float"}};
}

FitSettings common_settings(const Section& cfg) {
  FitSettings s;
  s.batches = static_cast<int>(cfg.integer("batches", 1));
  s.fit_learning_rate = cfg.real("fit_learning_rate", 0.0);
  s.fit_anneal = cfg.real("fit_anneal", 0.0, 1.0);
  s.fit_warmup = static_cast<int>(cfg.integer("fit_warmup", 0, 1'000'000'000));
  s.quantise_bits = static_cast<int>(cfg.integer("quantise_bits", 0, 16));
  return s;
}

}  // namespace

// --- intermittent: Algorithm 1 ---------------------------------------------------------

Intermittent::Intermittent(const FitSettings& settings, const OptimizerContext& context)
    : GenomeFitting(settings, context, "intermittent") {
  if (settings_.samples.size() != static_cast<std::size_t>(network_.layers()))
    throw InputError(
        fmt::format("Intermittent(): optimizer.samples needs one count per weight layer ({})", network_.layers()));
  params_.setZero(static_cast<Eigen::Index>(network_.param_count()));
  Rng init = stream({seed_, 0, 1, Purpose::initialise});  // the first iteration trains a standard init
  initialise_mlp(network_, params_.data(), init);
  for (int k = 0; k < network_.layers(); ++k)
    for (std::size_t i = network_.bias_offset(k); i < network_.weight_offset(k + 1); ++i) biases_.push_back(i);
  grad_.setZero(genome_.size());
  parts_ =
      settings_.adam_per_part ? encoding_.genome_parts() : std::vector<Encoding::Part>{{0, encoding_.genome_size()}};
  for (const auto& part : parts_) part_adams_.emplace_back(static_cast<Eigen::Index>(part.count));
}

// An Adam step of each part that `entries` reach (their gradient is in grad_).
void Intermittent::step_parts(std::span<const std::size_t> entries, double learning_rate) {
  reached_.assign(parts_.size(), parts_.size() == 1);
  for (std::size_t e : entries) reached_[settings_.adam_per_part ? encoding_.part_of(e) : 0] = 1;
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    if (!reached_[p]) continue;
    const auto first = static_cast<Eigen::Index>(parts_[p].first), count = static_cast<Eigen::Index>(parts_[p].count);
    part_adams_[p].step(genome_.segment(first, count), grad_.segment(first, count), learning_rate);
  }
}

// One pass of MSE regression of the genome onto the network's values at `entries`.
void Intermittent::regress(const std::vector<std::size_t>& entries, double learning_rate, Rng& birth) {
  const auto fit_batch = static_cast<std::size_t>(settings_.fit_batch);
  for (std::size_t first = 0; first < entries.size(); first += fit_batch) {
    const std::size_t count = std::min(fit_batch, entries.size() - first);
    const std::span<const std::size_t> batch(entries.data() + first, count);
    values_.resize(count);
    grads_.resize(count);
    const GenomeView g = genome();  // quantised once a step, where fitted so
    encoding_.decode_entries(g, batch, values_, birth);
    for (std::size_t k = 0; k < count; ++k)  // d/dv of the mean squared error
      grads_[k] = 2.0f * (values_[k] - params_[static_cast<Eigen::Index>(batch[k])]) / float(count);
    grad_.setZero();
    encoding_.backward_entries(g, batch, grads_, {grad_.data(), std::size_t(grad_.size())}, birth);
    step_parts(batch, learning_rate);
  }
}

Rng Intermittent::data_order(std::uint64_t iteration) const {
  return stream({seed_, iteration, 0, Purpose::optimizer});
}

std::vector<std::size_t> Intermittent::training_examples(std::uint64_t iteration) const {
  return data_.training_examples(static_cast<std::size_t>(settings_.batches), data_order(iteration));
}

std::vector<std::vector<std::size_t>> Intermittent::weight_samples(std::uint64_t iteration) const {
  Rng sampler = stream({seed_, iteration, 1, Purpose::optimizer});
  std::vector<std::vector<std::size_t>> samples;
  for (int k = 0; k < network_.layers(); ++k) {
    const std::size_t first = network_.weight_offset(k), count = network_.bias_offset(k) - first;
    boost::random::uniform_int_distribution<std::size_t> pick(first, first + count - 1);
    auto& sample = samples.emplace_back(static_cast<std::size_t>(settings_.samples[static_cast<std::size_t>(k)]));
    for (auto& s : sample) s = pick(sampler);
  }
  return samples;
}

void Intermittent::iterate(std::uint64_t iteration) {
  const std::span<float> params(params_.data(), static_cast<std::size_t>(params_.size()));
  // 1. Nurture: train the network on the data, with a fresh Adam each iteration (stale
  // moments would push the regenerated weights on in the last iteration's direction).
  Rng order = data_order(iteration);
  data_.train(params, settings_.network_learning_rate, static_cast<std::size_t>(settings_.batches), order);
  // 2. Inheritance: regress the genome onto samples of the trained weights, layer by
  // layer, then the biases, at this iteration's step size.
  const double lr = genome_step_size(settings_, iteration, iterations_);
  Rng birth = stream({seed_, iteration, 1, Purpose::optimizer});
  for (const auto& sample : weight_samples(iteration)) regress(sample, lr, birth);
  for (int pass = 0; pass < settings_.bias_passes; ++pass) regress(biases_, lr, birth);
  // 3. Regenerate the network from the genome.
  encoding_.decode(genome(), params, birth);
}

void Intermittent::save_more(cereal::PortableBinaryOutputArchive& archive) const {
  archive(to_std(params_));
  for (const auto& adam : part_adams_) adam.save(archive);
}

void Intermittent::load_more(cereal::PortableBinaryInputArchive& archive) {
  std::vector<float> params;
  archive(params);
  from_std(params, params_, "Intermittent::load()");
  for (auto& adam : part_adams_) adam.load(archive, "Intermittent::load()");
}

OptimizerEntry Intermittent::entry() {
  std::vector<KeySpec> keys = common_keys();
  keys.push_back({"samples", "[100000, 10000]", "weights sampled per weight layer for the regression, per iteration"});
  keys.push_back({"bias_passes", "3", "regression passes over the biases per iteration"});
  keys.push_back({"fit_batch", "1000", "regression minibatch"});
  keys.push_back({"network_learning_rate", "0.001", "Adam step size of the network's training in each iteration"});
  keys.push_back({"genome_adam", "\"per_part\"",
                  "\"per_part\": an Adam per g-net / bias net, stepped by the batches that reach it (as one PyTorch "
                  "optimizer per g-net); \"shared\": one Adam over the whole genome, every part stepped every batch"});
  return {{{"intermittent",
            "Shuvaev et al.'s Algorithm 1: train the network, regress the genome onto its weights, regenerate", keys},
           [](const Section& cfg, const OptimizerContext& context) -> std::unique_ptr<Optimizer> {
             FitSettings s = common_settings(cfg);
             s.samples = cfg.integers("samples", 1, 1'000'000'000);
             s.bias_passes = static_cast<int>(cfg.integer("bias_passes", 0));
             s.fit_batch = static_cast<int>(cfg.integer("fit_batch", 1));
             s.network_learning_rate = cfg.real("network_learning_rate", 0.0);
             s.adam_per_part = cfg.choice("genome_adam", {"per_part", "shared"}) == "per_part";
             return std::make_unique<Intermittent>(s, context);
           }}};
}

// --- gradient: end to end through the decoder --------------------------------------------

Gradient::Gradient(const FitSettings& settings, const OptimizerContext& context)
    : GenomeFitting(settings, context, "gradient") {
  params_.setZero(static_cast<Eigen::Index>(network_.param_count()));
  grad_params_.setZero(params_.size());
  grad_.setZero(genome_.size());
}

void Gradient::iterate(std::uint64_t iteration) {
  const std::span<float> params(params_.data(), static_cast<std::size_t>(params_.size()));
  Rng order = stream({seed_, iteration, 0, Purpose::optimizer}),
      birth = stream({seed_, iteration, 1, Purpose::optimizer});
  const double lr = genome_step_size(settings_, iteration, iterations_);
  for (int b = 0; b < settings_.batches; ++b) {
    Rng life = birth;               // every step replays the same development
    const GenomeView g = genome();  // quantised once a step, where fitted so
    encoding_.decode(g, params, life);
    grad_params_.setZero();
    data_.gradient(params, order, {grad_params_.data(), std::size_t(grad_params_.size())});
    grad_.setZero();
    life = birth;
    encoding_.backward(g, {grad_params_.data(), std::size_t(grad_params_.size())},
                       {grad_.data(), std::size_t(grad_.size())}, life);
    adam_.step(genome_, grad_, lr);
  }
}

OptimizerEntry Gradient::entry() {
  return {{{"gradient", "fit the genome end to end: the task's loss gradient carried back through the decoder",
            common_keys()},
           [](const Section& cfg, const OptimizerContext& context) -> std::unique_ptr<Optimizer> {
             return std::make_unique<Gradient>(common_settings(cfg), context);
           }}};
}

}  // namespace innate
