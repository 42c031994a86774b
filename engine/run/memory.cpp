#include "engine/run/memory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/base/error.hpp"

namespace innate {

double MemoryNeed::bytes() const {
  const double f = sizeof(float);
  return 3.0 * double(population) * double(genes) * f +
         double(threads) * (2.0 * double(phenotype) + double(genes)) * f + optimizer_bytes;
}

namespace {

std::optional<double> read_number(const char* path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return std::nullopt;
  try {
    return std::stod(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<double> available_memory_bytes() {
  std::optional<double> available;
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line))
    if (line.rfind("MemAvailable:", 0) == 0) {
      std::istringstream fields(line.substr(13));
      double kib = 0;
      if (fields >> kib) available = kib * 1024.0;
    }
  const auto limit = read_number("/sys/fs/cgroup/memory.max"), used = read_number("/sys/fs/cgroup/memory.current");
  if (limit) {
    const double left = std::max(0.0, *limit - used.value_or(0.0));
    available = available ? std::min(*available, left) : left;
  }
  // A share of a machine others use too (a batch job without a cgroup of its own), in bytes.
  if (const char* cap = std::getenv("INNATE_MAX_MEMORY")) {
    char* end = nullptr;
    const double bytes = std::strtod(cap, &end);
    if (end == cap || *end != '\0' || !(bytes >= 0))
      throw InputError(fmt::format("INNATE_MAX_MEMORY: expected a number of bytes, got '{}'", cap));
    available = available ? std::min(*available, bytes) : bytes;
  }
  return available;
}

std::string format_bytes(double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024) return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024 * 1024));
  if (bytes >= 1024.0 * 1024) return fmt::format("{:.0f} MiB", bytes / (1024.0 * 1024));
  return fmt::format("{:.0f} KiB", bytes / 1024.0);
}

void check_memory(const MemoryNeed& need, std::optional<double> available) {
  if (!available || need.bytes() <= *available) return;
  throw InputError(fmt::format(
      "this run needs about {} of memory ({} individuals x {} genes, a phenotype of {} values per thread x {}) and "
      "{} is available; lower run.population, the network or run.threads",
      format_bytes(need.bytes()), need.population, need.genes, need.phenotype, need.threads, format_bytes(*available)));
}

}  // namespace innate
