#include "engine/base/rng.hpp"

#include <array>

namespace innate {

std::uint64_t stream_hash(const StreamKey& key) {
  std::uint64_t state = key.seed;
  std::uint64_t h = splitmix64(state);
  for (std::uint64_t field : {key.round, key.index, static_cast<std::uint64_t>(key.purpose)}) {
    state = h ^ field;
    h = splitmix64(state);
  }
  return h;
}

Rng stream(const StreamKey& key) {
  std::uint64_t state = stream_hash(key);
  std::array<std::uint32_t, 3> words{};
  for (auto& w : words) w = static_cast<std::uint32_t>(splitmix64(state) >> 32);
  Rng rng;
  auto first = words.begin();
  rng.seed(first, words.end());
  return rng;
}

}  // namespace innate
