#pragma once
// Keyed random streams: every draw in a run comes from a stream named by
// (run seed, round, index, purpose): round a generation or a sub-stream, so results never depend on thread
// scheduling and a resumed run needs no saved generator state.
#include <boost/random/taus88.hpp>
#include <cstdint>

namespace innate {

// splitmix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mix.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// What a stream is used for; a new purpose gets a new, never reused, number.
enum class Purpose : std::uint64_t {
  initialise = 1,        // initial genomes
  breed = 2,             // selection, crossover, mutation of one offspring
  evaluate = 3,          // one individual's lifetime and evaluation
  task = 4,              // task-level draws made once per run (e.g. a seeded target)
  optimizer = 5,         // optimizer-level draws made once per generation
  run_constant = 6,      // draws fixed for the whole run: an encoding's developmental program (gene
                         // expression), the split of a data set, the samples an analysis looks at
  final_evaluation = 7,  // fresh episodes that score the final genome
  common = 8,            // draws every individual of a generation meets alike (episode start states)
  data_split = 9,        // the fixed split of a data set into train, validation and test
  bootstrap = 10,        // resampling of replicates for a confidence interval
};

// The engine: L'Ecuyer's taus88 from Boost.Random (period 2^88, 12 bytes of state),
// cheap to seed per stream. Boost's distributions are used with it because, unlike
// the standard library's, they give the same values on every platform.
using Rng = boost::random::taus88;

// `round` is the generation for per-generation purposes, else a sub-stream number of the
// purpose; `index` the individual (or an item within the round).
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t round = 0;
  std::uint64_t index = 0;
  Purpose purpose = Purpose::evaluate;
};

// Hash of a key: each field is folded in through splitmix64 so that nearby keys give
// unrelated states.
std::uint64_t stream_hash(const StreamKey& key);

// A fresh generator for one key; all three taus88 components are seeded from the hash.
Rng stream(const StreamKey& key);

}  // namespace innate
