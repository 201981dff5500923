#pragma once
/// \file memory.hpp
/// Peak resident memory of the processes of a run, for the JSON summaries (the memory
/// figures of the scale decks come from here, not from estimates).
#include "core/base.hpp"

namespace petnet {

/// This process's peak resident set size in bytes so far (getrusage ru_maxrss; 0 where
/// the platform does not report it).
double PeakResidentBytes();

/// Peak resident bytes of the largest rank and the sum over the ranks of comm (collective).
PetscErrorCode PeakResidentBytes(MPI_Comm comm, double *max_rank, double *sum_ranks);

} // namespace petnet
