#pragma once
// The processes of one run. A plain process is a communicator of one; under an MPI
// launcher (mpirun, srun) each rank evaluates a contiguous share of every generation,
// the scores are gathered to all ranks, every rank then runs the same deterministic
// optimizer step, and rank 0 alone writes the run directory.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <utility>

namespace innate {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const { return 0; }
  virtual int size() const { return 1; }
  bool leader() const { return rank() == 0; }

  // This rank's contiguous block [begin, end) of n items.
  std::pair<std::size_t, std::size_t> share(std::size_t n) const {
    const auto r = static_cast<std::size_t>(rank()), k = static_cast<std::size_t>(size());
    return {n * r / k, n * (r + 1) / k};
  }
  // `values` holds n items of `stride` doubles; each rank has filled its share. After
  // the call every rank holds all of them.
  virtual void all_gather(std::span<double> values, std::size_t stride) { (void)values, (void)stride; }
  // True on every rank when `flag` is true on any (e.g. an interrupt seen by one rank).
  virtual bool any(bool flag) { return flag; }
  // Rank 0's `bytes` replace every other rank's.
  virtual void broadcast(std::string& bytes) { (void)bytes; }
  // Ends every rank of the run at once (a rank that failed alone must not leave the
  // others waiting in a collective).
  [[noreturn]] virtual void abort(int exit_code);
  // A short description for resources.json.
  virtual std::string describe() const { return "single process"; }
};

// MPI when built with it (INNATE_MPI) and started by an MPI launcher; a single process
// otherwise. Keeps MPI initialised for the lifetime of the returned object.
std::unique_ptr<Communicator> make_communicator(int& argc, char**& argv);

}  // namespace innate
