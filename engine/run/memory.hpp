#pragma once
// Memory before work: what a run will hold, estimated from its sizes before anything
// large is allocated, against what the machine (or its cgroup) has available, so a
// scenario that cannot fit stops with one line instead of at the allocator.
#include <cstddef>
#include <optional>
#include <string>

namespace innate {

struct MemoryNeed {
  std::size_t genes = 0, phenotype = 0, population = 0, threads = 1;
  double optimizer_bytes = 0.0;  // the optimizer's own state beyond the population

  // The population as the optimizer keeps it (asked, next or steps: three copies), a
  // phenotype, its gradient and a genome per worker thread, and the optimizer's state.
  double bytes() const;
};

// MemAvailable of /proc/meminfo, lowered to the cgroup's memory.max less its usage where
// one is set and to $INNATE_MAX_MEMORY (bytes) where that is set; none when nothing can
// be read.
std::optional<double> available_memory_bytes();

// InputError naming the need and what is available when `need` exceeds `available`.
void check_memory(const MemoryNeed& need, std::optional<double> available);

std::string format_bytes(double bytes);  // "1.5 GiB", "320 MiB"

}  // namespace innate
