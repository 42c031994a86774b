#include "genomes/learning.hpp"

#include "engine/components/supervision.hpp"

namespace innate {

void SupervisedLearning::learn(std::span<float> params, const Supervision& data, Rng& order) const {
  data.train(params, learning_rate_, static_cast<std::size_t>(steps_), order);
}

LifetimeEntry SupervisedLearning::entry() {
  return {
      {"learning",
       "learning from labelled examples: the network as born trains `steps` minibatch steps on the task's data before "
       "it is scored (Baldwinian; the genome is not changed)",
       {{"steps", "10", "minibatch steps of the task's trainer in one life"},
        {"learning_rate", "0.001", "step size of that training"}}},
      [](const Section& cfg, const EncodingContext&, const Encoding&) -> std::unique_ptr<Lifetime> {
        return std::make_unique<SupervisedLearning>(static_cast<std::uint64_t>(cfg.integer("steps", 1, 1'000'000'000)),
                                                    cfg.real("learning_rate", 0.0));
      }};
}

}  // namespace innate
