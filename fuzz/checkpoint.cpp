// Checkpoint loading as `innate resume` does it after reading the scenario: the header,
// the run state and the optimizer's own state, for each optimizer; and a genome archive
// (genome.cereal). Input: one byte choosing the optimizer, then the file's bytes.
#include <array>
#include <sstream>

#include <fmt/format.h>
#include <cereal/archives/portable_binary.hpp>

#include "engine/base/error.hpp"
#include "engine/run/bound.hpp"
#include "engine/run/checkpoint.hpp"
#include "fuzz/fuzz_support.hpp"
#include "tasks/catalog.hpp"

namespace {

// The scenario of fuzz/corpus/checkpoint's files, with each optimizer in turn.
constexpr std::array<const char*, 5> kOptimizers = {"ga", "openai_es", "snes", "sep_cma_es", "cma_es"};
constexpr const char* kScenario = R"([task]
name = "control"
env = "CartPole-v1"
episodes = 1
final_episodes = 1
[genome]
encoding = "direct"
[network]
layers = [4, 4, 2]
[optimizer]
kind = "{}"
[run]
seed = 1
generations = 2
population = 8
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace innate;
  if (size < 1) return 0;
  const std::string kind = kOptimizers[data[0] % kOptimizers.size()];
  Bound b = bind(load_scenario_text(fmt::format(kScenario, kind), "fuzz", kind, {}), builtin_catalog());
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    RunState state = parse_checkpoint(bytes, "fuzz", b.header);
    std::istringstream blob(state.optimizer_state, std::ios::binary);
    try {
      cereal::PortableBinaryInputArchive archive(blob);
      b.optimizer->load(archive);
    } catch (const cereal::Exception&) {
      // resume turns this into "corrupt checkpoint (optimizer state unreadable)"
    }
  } catch (const InputError&) {}
  try {
    read_genome_archive(bytes, "genome.cereal");
  } catch (const InputError&) {}
  return 0;
}
