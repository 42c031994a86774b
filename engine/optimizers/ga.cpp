#include "engine/optimizers/ga.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/vector.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "engine/base/error.hpp"

namespace innate {

GeneticAlgorithm::GeneticAlgorithm(const GaSettings& settings, const OptimizerContext& context)
    : settings_(settings),
      encoding_(context.encoding),
      seed_(context.seed),
      population_(static_cast<Eigen::Index>(context.population),
                  static_cast<Eigen::Index>(context.encoding.genome_size())),
      next_(population_.rows(), population_.cols()) {
  if (settings_.elite < 0 || static_cast<std::size_t>(settings_.elite) > context.population)
    throw InputError("GeneticAlgorithm(): optimizer.elite must be between 0 and run.population");
}

const Population& GeneticAlgorithm::ask(std::uint64_t generation) {
  if (!initialised_) {
    for (Eigen::Index i = 0; i < population_.rows(); ++i) {
      Rng rng = stream({seed_, 0, static_cast<std::uint64_t>(i), Purpose::initialise});
      encoding_.initialise({population_.row(i).data(), static_cast<std::size_t>(population_.cols())}, rng);
    }
    initialised_ = true;
  } else if (told_) {
    breed(generation);
    told_ = false;
  }
  return population_;
}

void GeneticAlgorithm::tell(std::span<const double> scores) {
  if (scores.size() != static_cast<std::size_t>(population_.rows()))
    throw std::invalid_argument("GeneticAlgorithm::tell(): one score per individual expected");
  scores_.assign(scores.begin(), scores.end());
  for (double& s : scores_)
    if (!std::isfinite(s)) s = -std::numeric_limits<double>::infinity();
  // Roulette weights: fitness shifted so the worst finite score is >= 0; non-finite get 0.
  double lowest = 0.0;
  for (double s : scores_)
    if (std::isfinite(s)) lowest = std::min(lowest, s);
  cumulative_.resize(scores_.size());
  double total = 0.0;
  for (std::size_t i = 0; i < scores_.size(); ++i) {
    total += std::isfinite(scores_[i]) ? scores_[i] - lowest : 0.0;
    cumulative_[i] = total;
  }
  told_ = true;
}

Eigen::VectorXf GeneticAlgorithm::recommendation() const {
  Eigen::Index best = 0;  // the first of the best: ties keep the lower index
  for (Eigen::Index i = 1; i < static_cast<Eigen::Index>(scores_.size()); ++i)
    if (scores_[static_cast<std::size_t>(i)] > scores_[static_cast<std::size_t>(best)]) best = i;
  return population_.row(best).transpose();
}

std::size_t GeneticAlgorithm::pick_parent(Rng& rng) const {
  const std::size_t n = scores_.size();
  if (settings_.selection == GaSettings::Selection::tournament) {
    boost::random::uniform_int_distribution<std::size_t> any(0, n - 1);
    std::size_t best = any(rng);
    for (int k = 1; k < settings_.tournament_size; ++k) {
      const std::size_t c = any(rng);
      if (scores_[c] > scores_[best] || (scores_[c] == scores_[best] && c < best)) best = c;
    }
    return best;
  }
  const double total = cumulative_.back();
  if (!(total > 0.0)) return boost::random::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  const double u = boost::random::uniform_01<double>()(rng) * total;
  // First individual whose running sum exceeds u: chosen with probability weight / total.
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()), n - 1);
}

void GeneticAlgorithm::breed(std::uint64_t generation) {
  const Eigen::Index n = population_.rows(), loci = population_.cols();
  const GeneDomain domain = encoding_.domain();

  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  if (settings_.elite > 0)  // stable: ties keep the lower index
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return scores_[a] > scores_[b]; });

  // Each offspring depends only on the parents and its own stream: parallel by index.
  tbb::parallel_for(Eigen::Index{0}, n, [&](Eigen::Index i) {
    if (i < settings_.elite) {
      next_.row(i) = population_.row(order[static_cast<std::size_t>(i)]);
      return;
    }
    Rng rng = stream({seed_, generation, static_cast<std::uint64_t>(i), Purpose::breed});
    boost::random::uniform_01<double> unit;
    const auto a = static_cast<Eigen::Index>(pick_parent(rng));
    const auto b = static_cast<Eigen::Index>(pick_parent(rng));
    auto child = next_.row(i);
    child = population_.row(a);
    if (settings_.crossover != GaSettings::Crossover::none && loci > 1 && unit(rng) < settings_.crossover_rate) {
      if (settings_.crossover == GaSettings::Crossover::single_point) {
        // Cut after locus c, c uniform in 1..loci-1: the child takes a[0, c) and b[c, loci).
        const auto c = boost::random::uniform_int_distribution<Eigen::Index>(1, loci - 1)(rng);
        child.tail(loci - c) = population_.row(b).tail(loci - c);
      } else {
        for (Eigen::Index l = 0; l < loci; ++l)
          if (unit(rng) < 0.5) child(l) = population_(b, l);
      }
    }
    if (settings_.mutation_rate > 0.0) {
      for (Eigen::Index l = 0; l < loci; ++l) {
        if (unit(rng) >= settings_.mutation_rate) continue;
        if (domain.discrete()) {
          // A mutation always changes the allele: one of the other values, uniformly.
          const int other = boost::random::uniform_int_distribution<int>(0, domain.values - 2)(rng);
          const int current = static_cast<int>(child(l));
          child(l) = static_cast<float>(other >= current ? other + 1 : other);
        } else {
          child(l) +=
              static_cast<float>(boost::random::normal_distribution<double>(0.0, settings_.mutation_sigma)(rng));
        }
      }
    }
  });
  population_.swap(next_);
}

void GeneticAlgorithm::save(cereal::PortableBinaryOutputArchive& archive) const {
  std::vector<float> genes(population_.data(), population_.data() + population_.size());
  archive(initialised_, told_, genes, scores_, cumulative_);
}

void GeneticAlgorithm::load(cereal::PortableBinaryInputArchive& archive) {
  std::vector<float> genes;
  archive(initialised_, told_, genes, scores_, cumulative_);
  if (genes.size() != static_cast<std::size_t>(population_.size()) || scores_.size() != cumulative_.size() ||
      (told_ && scores_.size() != static_cast<std::size_t>(population_.rows())))
    throw InputError("GeneticAlgorithm::load(): checkpoint population does not match the scenario");
  std::copy(genes.begin(), genes.end(), population_.data());
}

OptimizerEntry GeneticAlgorithm::entry() {
  return {
      {{"ga",
        "genetic algorithm (Hinton & Nowlan's by default: proportional parents, single-point crossover, no mutation)",
        {
            {"selection", "\"proportional\"",
             "parent choice: \"proportional\" (roulette on fitness) or \"tournament\""},
            {"tournament_size", "2", "contestants per tournament"},
            {"crossover", "\"single_point\"", "\"single_point\" (cut uniform in 1..loci-1), \"uniform\" or \"none\""},
            {"crossover_rate", "1.0", "probability that an offspring is a crossover of its two parents"},
            {"mutation_rate", "0.0", "probability per locus of a mutation"},
            {"mutation_sigma", "0.1", "std of the Gaussian mutation of real-valued genes"},
            {"elite", "0", "best individuals copied unchanged into the next generation"},
        }},
       [](const Section& cfg, const OptimizerContext& context) -> std::unique_ptr<Optimizer> {
         GaSettings s;
         s.selection = cfg.choice("selection", {"proportional", "tournament"}) == "tournament"
                           ? GaSettings::Selection::tournament
                           : GaSettings::Selection::proportional;
         s.tournament_size = static_cast<int>(cfg.integer("tournament_size", 1, 1'000'000));
         const std::string crossover = cfg.choice("crossover", {"single_point", "uniform", "none"});
         s.crossover = crossover == "single_point" ? GaSettings::Crossover::single_point
                       : crossover == "uniform"    ? GaSettings::Crossover::uniform
                                                   : GaSettings::Crossover::none;
         s.crossover_rate = cfg.real("crossover_rate", 0.0, 1.0);
         s.mutation_rate = cfg.real("mutation_rate", 0.0, 1.0);
         s.mutation_sigma = cfg.real("mutation_sigma", 0.0);
         s.elite = static_cast<int>(cfg.integer("elite", 0, static_cast<std::int64_t>(context.population)));
         return std::make_unique<GeneticAlgorithm>(s, context);
       }}};
}

}  // namespace innate
