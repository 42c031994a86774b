// The MPI communicator (built with -DINNATE_MPI=ON): Allgatherv of scores, broadcast of
// checkpoint bytes, MPI_Abort on failure.
#include <fmt/format.h>
#include <mpi.h>

#include <vector>

#include "engine/run/communicator.hpp"

namespace innate {
namespace {

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator(int& argc, char**& argv) {
    MPI_Init(&argc, &argv);
    // Errors become return codes, and any failed call ends every rank (never a hang).
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiCommunicator() override { MPI_Finalize(); }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void all_gather(std::span<double> values, std::size_t stride) override {
    const std::size_t n = values.size() / stride;
    std::vector<int> counts(static_cast<std::size_t>(size_)), displs(static_cast<std::size_t>(size_));
    for (int r = 0; r < size_; ++r) {
      const std::size_t begin = n * std::size_t(r) / std::size_t(size_),
                        end = n * std::size_t(r + 1) / std::size_t(size_);
      counts[std::size_t(r)] = static_cast<int>((end - begin) * stride);
      displs[std::size_t(r)] = static_cast<int>(begin * stride);
    }
    check(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, values.data(), counts.data(), displs.data(), MPI_DOUBLE,
                         MPI_COMM_WORLD),
          "MPI_Allgatherv");
  }

  bool any(bool flag) override {
    int in = flag ? 1 : 0, out = 0;
    check(MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD), "MPI_Allreduce");
    return out != 0;
  }

  void broadcast(std::string& bytes) override {
    unsigned long long size = bytes.size();
    check(MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD), "MPI_Bcast");
    bytes.resize(size);
    for (std::size_t offset = 0; offset < size;) {  // in pieces: MPI counts are int
      const int piece = static_cast<int>(std::min<std::size_t>(size - offset, 1u << 30));
      check(MPI_Bcast(bytes.data() + offset, piece, MPI_CHAR, 0, MPI_COMM_WORLD), "MPI_Bcast");
      offset += static_cast<std::size_t>(piece);
    }
  }

  void abort(int exit_code) override {
    MPI_Abort(MPI_COMM_WORLD, exit_code);
    std::exit(exit_code);
  }

  std::string describe() const override { return fmt::format("MPI, {} ranks", size_); }

 private:
  void check(int code, const char* call) {
    if (code == MPI_SUCCESS) return;
    fmt::print(stderr,
               "innate: rank {}: {} failed (a rank was lost?); the last checkpoint is usable with innate resume\n",
               rank_, call);
    abort(1);
  }
  int rank_ = 0, size_ = 1;
};

}  // namespace

std::unique_ptr<Communicator> make_mpi_communicator(int& argc, char**& argv) {
  return std::make_unique<MpiCommunicator>(argc, argv);
}

}  // namespace innate
