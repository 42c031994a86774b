#pragma once
// Hinton & Nowlan (1987), "How learning can guide evolution": one target string of
// alleles; a life of learning trials (the scenario's lifetime) sets the plastic loci;
// fitness rewards finding the target early: 1 + 19 n / 1000, n the trials left.
#include "engine/components/components.hpp"

namespace innate {

class BaldwinTask final : public Task {
 public:
  BaldwinTask(int loci, std::uint64_t target, double base_fitness, double fitness_gain);

  // Columns: fractions of loci correct, incorrect and undecided (?), and whether the
  // life found the target.
  double evaluate(const Individual& individual, const Draws& draws, std::span<double> metrics) const override;

  static TaskEntry entry();

 private:
  int loci_;
  std::uint64_t target_;
  double base_fitness_, fitness_gain_;
};

}  // namespace innate
