#pragma once
/// \file signals.hpp
/// Stop requests from the batch system: SIGTERM, SIGUSR1 (what Slurm sends before a
/// job's time limit with --signal) and SIGINT only set a flag. A solver never reads the
/// flag itself: its StateKeeper (core/solver_state.hpp) agrees on it across all ranks
/// after every completed step (AgreeStopSignal), saves the state and tells the solver
/// to stop, so every rank stops after the same step.
#include "core/base.hpp"

namespace petnet {

/// Installs the flag-setting handlers for SIGTERM, SIGUSR1 and SIGINT (replacing
/// PETSc's and MPI's for those three). Call once, after PetscInitialize.
PetscErrorCode InstallStopSignalHandlers();
/// The stop signal this rank has received (0: none). Local: never branch on it
/// around a collective; use AgreeStopSignal.
int PendingStopSignal();
/// Collective: the largest stop signal number any rank of comm has received (0: none).
PetscErrorCode AgreeStopSignal(MPI_Comm comm, int *signum);
/// "SIGTERM", "SIGUSR1", "SIGINT" (or "signal N").
const char *StopSignalName(int signum);

} // namespace petnet
