#pragma once
// Hinton & Nowlan (1987), "How learning can guide evolution": one target string of
// alleles; a life of random learning trials sets the plastic loci; fitness rewards
// finding the target early: 1 + 19 n / 1000, n the trials left.
#include "engine/components.hpp"
#include "genomes/alleles.hpp"

namespace innate {

class BaldwinTask final : public Task {
 public:
  BaldwinTask(const Alleles& alleles, int trials, std::uint64_t target, double base_fitness, double fitness_gain);

  std::vector<std::string> metric_names() const override { return {"correct", "incorrect", "undecided", "found"}; }
  double evaluate(GenomeView genome, Rng& rng, std::span<double> metrics) const override;

  std::uint64_t target() const { return target_; }
  static TaskEntry entry();

 private:
  const Alleles& alleles_;
  int trials_;  // 0: no learning
  std::uint64_t target_;
  double base_fitness_, fitness_gain_;
};

}  // namespace innate
