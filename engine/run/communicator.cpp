#include "engine/run/communicator.hpp"

#include <cstdlib>

namespace innate {

#ifdef INNATE_MPI
std::unique_ptr<Communicator> make_mpi_communicator(int& argc, char**& argv);
#endif

void Communicator::abort(int exit_code) { std::exit(exit_code); }

namespace {
// Set by Open MPI's mpirun, PMIx (srun --mpi=pmix) and PMI-1/2 launchers (MPICH, srun).
bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (std::getenv(var)) return true;
  return false;
}
}  // namespace

std::unique_ptr<Communicator> make_communicator(int& argc, char**& argv) {
#ifdef INNATE_MPI
  if (launched_by_mpi()) return make_mpi_communicator(argc, argv);
#endif
  (void)argc, (void)argv, (void)launched_by_mpi;
  return std::make_unique<Communicator>();
}

}  // namespace innate
