#include "engine/run/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace innate {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

Progress::Progress(bool enabled, std::uint64_t first_generation, std::uint64_t last_generation)
    : enabled_(enabled), first_(first_generation), last_(last_generation), start_(Clock::now()), last_draw_(start_) {}

void Progress::update(std::uint64_t generation, double best, double mean, std::uint64_t evaluations) {
  if (!enabled_) return;
  evaluations_ += evaluations;
  const auto now = Clock::now();
  // Redraw at most ten times a second, and always on the last generation.
  if (drawn_ && generation != last_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double done = static_cast<double>(generation - first_ + 1);
  const double eta = elapsed / done * static_cast<double>(last_ - generation);
  fmt::print(stderr, "\r\033[Kgeneration {}/{}  best {:.6g}  mean {:.6g}  {:.3g} evals/s  ETA {:.0f}s", generation,
             last_, best, mean, elapsed > 0 ? static_cast<double>(evaluations_) / elapsed : 0.0, eta);
  std::fflush(stderr);
}

void Progress::finish() {
  if (enabled_ && drawn_) std::fputs("\n", stderr);
  drawn_ = false;
}

}  // namespace innate
