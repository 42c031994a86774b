#include "genomes/trials.hpp"

#include <boost/random/uniform_int_distribution.hpp>

#include <bit>

namespace innate {

std::optional<TrialsLeft> TrialLearning::search(std::uint64_t plastic, const std::function<bool(std::uint64_t)>& found,
                                                Rng& rng) const {
  // One draw covers every plastic bit: uniform over the bits up to the highest one.
  const int width = std::bit_width(plastic);
  boost::random::uniform_int_distribution<std::uint64_t> guess(
      0, width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1);
  for (int k = 1; k <= trials_; ++k)  // trial k (1-based) leaves trials - k
    if (found(guess(rng) & plastic))
      return TrialsLeft{static_cast<std::uint64_t>(trials_ - k), static_cast<std::uint64_t>(trials_)};
  return std::nullopt;
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
