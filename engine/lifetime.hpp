#pragma once
// Lifetimes that need no network: none (innate behaviour only) and trial-and-error
// learning of plastic genes (Hinton & Nowlan's random guessing).
#include "engine/components.hpp"

namespace innate {

class NoLifetime final : public Lifetime {
 public:
  std::string kind() const override { return "none"; }
  static LifetimeEntry entry();
};

// Each trial sets every plastic gene at random; a life stops at its first success.
class TrialLearning final : public Lifetime {
 public:
  explicit TrialLearning(int trials) : trials_(trials) {}
  std::string kind() const override { return "trials"; }
  int trials() const { return trials_; }
  static LifetimeEntry entry();

 private:
  int trials_;
};

}  // namespace innate
