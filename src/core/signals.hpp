#pragma once
/// \file signals.hpp
/// Stop requests from the batch system: SIGTERM, SIGUSR1 (what Slurm sends before a
/// job's time limit with --signal) and SIGINT only set a flag. A solver never reads the
/// flag itself: its StateKeeper (core/solver_state.hpp) agrees on it across all ranks
/// after every completed step (AgreeStopSignal), saves the state and tells the solver
/// to stop, so every rank stops after the same step.
///
/// A flag helps only once a keeper reads it: until the keeper has seen the solver's
/// first completed step (ArmStopSignals), a stop signal ends the process at once with
/// the signal's default action, as without these handlers (there is nothing to save
/// yet, and a solver that reports no steps could not stop otherwise). A second SIGINT
/// while a stop is pending does the same (Ctrl-C twice: the user insists); a repeated
/// SIGTERM or SIGUSR1 is ignored (a batch system may deliver one signal twice).
#include "core/base.hpp"

namespace petnet {

/// Installs the handlers for SIGTERM, SIGUSR1 and SIGINT (replacing PETSc's and MPI's
/// for those three). Call once, after PetscInitialize.
PetscErrorCode InstallStopSignalHandlers();
/// From now on a stop signal sets the flag instead of ending the process (called by the
/// keeper at every completed step).
void ArmStopSignals();
/// The stop signal this rank has received (0: none). Local: never branch on it
/// around a collective; use AgreeStopSignal.
int PendingStopSignal();
/// Forgets a received stop signal (a caller that has acted on it and goes on).
void ResetStopSignal();
/// Collective: the largest stop signal number any rank of comm has received (0: none).
PetscErrorCode AgreeStopSignal(MPI_Comm comm, int *signum);
/// "SIGTERM", "SIGUSR1", "SIGINT" (or "signal N").
const char *StopSignalName(int signum);

} // namespace petnet
