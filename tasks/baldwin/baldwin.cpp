#include "tasks/baldwin/baldwin.hpp"

#include <fmt/format.h>
#include <boost/random/uniform_int_distribution.hpp>

#include <array>
#include <bit>

#include "engine/base/error.hpp"
#include "genomes/alleles.hpp"

namespace innate {

BaldwinTask::BaldwinTask(int loci, std::uint64_t target, double base_fitness, double fitness_gain)
    : loci_(loci), target_(target), base_fitness_(base_fitness), fitness_gain_(fitness_gain) {}

double BaldwinTask::evaluate(const Individual& individual, const Draws& draws, std::span<double> metrics) const {
  Rng& rng = draws.own();
  std::array<float, Alleles::kMaxLoci> alleles{};
  const std::span<float> phenotype(alleles.data(), static_cast<std::size_t>(loci_));
  individual.develop(phenotype, rng);
  const Alleles::Masks p = Alleles::masks(phenotype);
  const double loci = loci_;
  const std::uint64_t wrong = p.fixed & (p.ones ^ target_);
  metrics[0] = std::popcount(p.fixed & ~wrong) / loci;
  metrics[1] = std::popcount(wrong) / loci;
  metrics[2] = std::popcount(p.plastic) / loci;
  metrics[3] = 0.0;
  if (wrong) return base_fitness_;  // no guess can repair a wrong fixed allele
  if (!p.plastic) {                 // right from birth: all trials left
    metrics[3] = 1.0;
    return base_fitness_ + fitness_gain_;
  }
  const std::uint64_t wanted = target_ & p.plastic;
  const auto learned = individual.lifetime().search(
      p.plastic, [&](std::uint64_t guess) { return guess == wanted; }, rng);
  if (!learned) return base_fitness_;
  metrics[3] = 1.0;
  return base_fitness_ + fitness_gain_ * static_cast<double>(learned->left) / static_cast<double>(learned->of);
}

TaskEntry BaldwinTask::entry() {
  TaskEntry e;
  e.choice = {"baldwin",
              "Hinton & Nowlan's needle in a haystack: fitness 1 + 19 n/trials, n the learning trials left",
              {
                  {"target", "\"ones\"", "the target string: \"ones\" (all 1) or \"random\" (drawn from the run seed)"},
                  {"base_fitness", "1.0", "fitness of a life that never finds the target"},
                  {"fitness_gain", "19.0", "added fitness times the fraction of trials left (19 in the paper)"},
              }};
  const std::vector<std::string> columns{"correct", "incorrect", "undecided", "found"};
  e.measures.columns = columns;
  e.measures.groups = {{"allele fractions and fraction finding the target", "fraction", columns}};
  e.make = [](const Section& cfg, const TaskContext& context) -> std::unique_ptr<Task> {
    const Encoding& alleles = context.encoding;
    const GeneDomain domain = alleles.domain();
    if (!domain.discrete() || domain.values > 3 || alleles.phenotype_size() > std::size_t(Alleles::kMaxLoci))
      throw InputError(
          fmt::format("task 'baldwin' needs a genome of alleles 1 / 0 / ? (genome.encoding = \"alleles\"), not \"{}\"",
                      alleles.name()));
    // Trial and error over the plastic loci, or no learning at all.
    require_experience(context.lifetime, "baldwin", {Experience::none, Experience::trials}, "\"trials\" or \"none\"");
    const int loci = static_cast<int>(alleles.phenotype_size());
    const std::uint64_t all = loci == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << loci) - 1;
    std::uint64_t target = all;
    if (cfg.choice("target", {"ones", "random"}) == "random") {
      Rng rng = stream({context.seed, 0, 0, Purpose::task});
      target = boost::random::uniform_int_distribution<std::uint64_t>(0, all)(rng);
    }
    return std::make_unique<BaldwinTask>(loci, target, cfg.real("base_fitness"), cfg.real("fitness_gain"));
  };
  return e;
}

}  // namespace innate
