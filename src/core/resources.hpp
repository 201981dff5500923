#pragma once
/// \file resources.hpp
/// Peak resident memory and CPU time of the processes of a run, for the JSON summaries
/// (the memory figures of the scale decks come from here, not from estimates; CPU time
/// measures a rank's work when the cores are shared and wall time does not).
#include "core/base.hpp"

namespace petnet {

/// This process's peak resident set size in bytes so far (getrusage ru_maxrss; 0 where
/// the platform does not report it). Not PetscMemoryGetMaximumUsage: that is the largest
/// current size PETSc sampled (after PetscMemorySetGetMaximumUsage) each time it destroyed
/// an object, so it misses a peak between two destructions (a Kokkos kernel's work arrays,
/// the dense Jacobian of a solve); the kernel's high-water mark does not.
double PeakResidentBytes();

/// CPU seconds (user + system) this process has used so far.
double ProcessCpuSeconds();

/// Peak resident bytes of the largest rank and the sum over the ranks of comm (collective).
PetscErrorCode PeakResidentBytes(MPI_Comm comm, double *max_rank, double *sum_ranks);

} // namespace petnet
