#pragma once
// Trial-and-error learning (Hinton & Nowlan 1987): each trial sets every plastic locus at
// random; a life stops at its first success, and what counts is how many trials were
// left then.
#include "engine/components/components.hpp"

namespace innate {

class TrialLearning final : public Lifetime {
 public:
  explicit TrialLearning(int trials) : trials_(trials) {}
  std::string kind() const override { return "trials"; }
  Experience experience() const override { return Experience::trials; }
  std::optional<TrialsLeft> search(std::uint64_t plastic, const std::function<bool(std::uint64_t)>& found,
                                   Rng& rng) const override;
  static LifetimeEntry entry();

 private:
  int trials_;
};

}  // namespace innate
