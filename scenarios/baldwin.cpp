#include "scenarios/baldwin.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>

#include <bit>

#include "engine/error.hpp"
#include "engine/lifetime.hpp"

namespace innate {

BaldwinTask::BaldwinTask(const Alleles& alleles, int trials, std::uint64_t target, double base_fitness,
                         double fitness_gain)
    : alleles_(alleles), trials_(trials), target_(target), base_fitness_(base_fitness), fitness_gain_(fitness_gain) {}

double BaldwinTask::evaluate(GenomeView genome, Rng& rng, std::span<double> metrics) const {
  const Alleles::Phenotype p = alleles_.decode(genome);
  const double loci = alleles_.loci();
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
  // Trial k (1-based) guesses every plastic locus at random; success keeps n = trials - k.
  const int width = std::bit_width(p.plastic);
  boost::random::uniform_int_distribution<std::uint64_t> guess(0, width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1);
  const std::uint64_t wanted = target_ & p.plastic;
  for (int k = 1; k <= trials_; ++k) {
    if ((guess(rng) & p.plastic) == wanted) {
      metrics[3] = 1.0;
      return base_fitness_ + fitness_gain_ * static_cast<double>(trials_ - k) / trials_;
    }
  }
  return base_fitness_;
}

TaskEntry BaldwinTask::entry() {
  return {{"baldwin",
           "Hinton & Nowlan's needle in a haystack: fitness 1 + 19 n/trials, n the learning trials left",
           {
               {"target", "\"ones\"", "the target string: \"ones\" (all 1) or \"random\" (drawn from the run seed)"},
               {"base_fitness", "1.0", "fitness of a life that never finds the target"},
               {"fitness_gain", "19.0", "added fitness times the fraction of trials left (19 in the paper)"},
           }},
          [](const Section& cfg, const TaskContext& context) -> std::unique_ptr<Task> {
            const auto* alleles = dynamic_cast<const Alleles*>(&context.encoding);
            if (!alleles)
              throw InputError(fmt::format("task 'baldwin' needs genome.encoding = \"alleles\", not \"{}\"",
                                           context.encoding.name()));
            int trials = 0;
            if (const auto* learning = dynamic_cast<const TrialLearning*>(&context.lifetime)) trials = learning->trials();
            else if (context.lifetime.kind() != "none")
              throw InputError(fmt::format("task 'baldwin' needs lifetime.kind = \"trials\" or \"none\", not \"{}\"",
                                           context.lifetime.kind()));
            const int loci = alleles->loci();
            const std::uint64_t all = loci == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << loci) - 1;
            std::uint64_t target = all;
            if (cfg.choice("target", {"ones", "random"}) == "random") {
              Rng rng = stream({context.seed, 0, 0, Purpose::task});
              target = boost::random::uniform_int_distribution<std::uint64_t>(0, all)(rng);
            }
            return std::make_unique<BaldwinTask>(*alleles, trials, target, cfg.real("base_fitness"),
                                                 cfg.real("fitness_gain"));
          }};
}

}  // namespace innate
