#pragma once
// Checkpoints: everything a run needs to continue exactly where it stopped. The file is
// a fixed header (magic, format version, scalar sizes, scenario fingerprint, encoding
// tag) followed by a length-prefixed payload and its checksum, written atomically, so a
// truncated, foreign or mismatched file is refused with a clear message.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "engine/components/budget.hpp"

namespace innate {

struct RunState {
  std::uint64_t next_generation = 0;
  std::uint64_t evaluations = 0;
  std::uint64_t invalid_evaluations = 0;  // NaN or infinite scores
  double best_score = -std::numeric_limits<double>::infinity();
  std::string metrics_csv;       // metrics.csv as of this checkpoint
  std::vector<double> last_row;  // its last row's values: best, mean, std, then the task's columns
  std::string optimizer_state;   // the optimizer's own archive
  Budget evaluated;              // what the evaluations so far consumed (Task::evaluation_cost)
  // run.keep = "validation": the recommendation kept so far, its validation score and when.
  std::vector<float> kept_genome;
  double kept_score = -std::numeric_limits<double>::infinity();
  std::uint64_t kept_generation = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(next_generation, evaluations, invalid_evaluations, best_score, metrics_csv, last_row, optimizer_state, evaluated,
       kept_genome, kept_score, kept_generation);
  }
};

struct CheckpointHeader {
  std::uint64_t fingerprint = 0;  // Scenario::fingerprint()
  std::string encoding_tag;       // e.g. "alleles/20"
};

inline constexpr std::uint32_t kCheckpointVersion = 5;

// A genome on its own (genome.cereal): cereal portable binary of the encoding tag and
// the genes. Reading checks the tag and throws InputError naming `where` (the file) on a
// damaged one.
std::string genome_archive(const std::string& encoding_tag, std::span<const float> genes);
std::vector<float> read_genome_archive(const std::string& bytes, const std::string& expected_tag,
                                       const std::string& where);
struct GenomeArchive {
  std::string tag;  // "<encoding>/<genes>", or "network/<units per layer, '-'-joined>"
  std::vector<float> genes;
};
GenomeArchive read_genome_archive(const std::string& bytes, const std::string& where);  // whatever its tag

void save_checkpoint(const std::filesystem::path& path, const CheckpointHeader& header, const RunState& state);

// A checkpoint from the file's bytes. Throws InputError naming the file (`where`) when it
// is truncated, corrupt, of another format version or scalar size, or of another
// scenario or encoding than `expected`.
RunState parse_checkpoint(const std::string& bytes, const std::string& where, const CheckpointHeader& expected);

}  // namespace innate
