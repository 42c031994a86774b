#include "engine/lifetime.hpp"

namespace innate {

LifetimeEntry NoLifetime::entry() {
  return {{"none", "no learning: the genome's innate phenotype is scored as it is", {}},
          [](const Section&, const EncodingContext&, const Encoding&) -> std::unique_ptr<Lifetime> {
            return std::make_unique<NoLifetime>();
          }};
}

LifetimeEntry TrialLearning::entry() {
  return {{"trials",
           "trial-and-error learning: each trial sets every plastic gene at random, until success or the last trial",
           {{"trials", "1000", "learning trials in one lifetime"}}},
          [](const Section& cfg, const EncodingContext&, const Encoding&) -> std::unique_ptr<Lifetime> {
            return std::make_unique<TrialLearning>(static_cast<int>(cfg.integer("trials", 1, 1'000'000'000)));
          }};
}

}  // namespace innate
