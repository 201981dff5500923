#include "core/resources.hpp"

#include <sys/resource.h>

namespace petnet {

double PeakResidentBytes() {
  struct rusage u {};
  if (getrusage(RUSAGE_SELF, &u) != 0) return 0.0;
#if defined(__APPLE__)
  return static_cast<double>(u.ru_maxrss); // bytes on macOS
#else
  return 1024.0 * static_cast<double>(u.ru_maxrss); // KiB on Linux and the BSDs
#endif
}

double ProcessCpuSeconds() {
  struct rusage u {};
  if (getrusage(RUSAGE_SELF, &u) != 0) return 0.0;
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

PetscErrorCode PeakResidentBytes(MPI_Comm comm, double *max_rank, double *sum_ranks) {
  const double mine = PeakResidentBytes();
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(&mine, max_rank, 1, MPI_DOUBLE, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(&mine, sum_ranks, 1, MPI_DOUBLE, MPI_SUM, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
