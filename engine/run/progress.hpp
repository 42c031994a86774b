#pragma once
// A one-line progress display on a terminal (generation, best/mean score, evaluations
// per second, ETA); silent when stderr is not a terminal or the user asked for quiet.
#include <chrono>
#include <cstdint>

namespace innate {

class Progress {
 public:
  Progress(bool enabled, std::uint64_t first_generation, std::uint64_t last_generation);
  void update(std::uint64_t generation, double best, double mean, std::uint64_t evaluations);
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  std::uint64_t first_, last_;
  Clock::time_point start_, last_draw_;
  std::uint64_t evaluations_ = 0;
  bool drawn_ = false;
};

// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace innate
