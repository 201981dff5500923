#include "core/signals.hpp"

#include <csignal>
#include <cstdio>

namespace petnet {

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;
volatile std::sig_atomic_t g_armed       = 0;

/// Only async-signal-safe calls here: signal() and raise() restore and take the default
/// action when no keeper listens yet, or on a second SIGINT (Ctrl-C twice kills). A
/// repeated SIGTERM/SIGUSR1 while a stop is pending is ignored: batch systems may
/// deliver one signal twice (scancel --full reaches the ranks from Slurm and again from
/// the launcher).
extern "C" void OnStopSignal(int signum) {
  if (g_armed && g_stop_signal && signum != SIGINT) return;
  if (!g_armed || g_stop_signal) {
    std::signal(signum, SIG_DFL);
    std::raise(signum);
    return;
  }
  g_stop_signal = signum;
}

} // namespace

PetscErrorCode InstallStopSignalHandlers() {
  PetscFunctionBeginUser;
  struct sigaction sa = {};
  sa.sa_handler       = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int s : {SIGTERM, SIGUSR1, SIGINT})
    PetscCheck(sigaction(s, &sa, nullptr) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS,
               "cannot install the handler for %s", StopSignalName(s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void ArmStopSignals() { g_armed = 1; }

int PendingStopSignal() { return static_cast<int>(g_stop_signal); }

void ResetStopSignal() { g_stop_signal = 0; }

PetscErrorCode AgreeStopSignal(MPI_Comm comm, int *signum) {
  PetscFunctionBeginUser;
  int local = PendingStopSignal();
  PetscCallMPI(MPI_Allreduce(&local, signum, 1, MPI_INT, MPI_MAX, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const char *StopSignalName(int signum) {
  switch (signum) {
  case SIGTERM: return "SIGTERM";
  case SIGUSR1: return "SIGUSR1";
  case SIGINT: return "SIGINT";
  default: {
    static char buf[32];
    std::snprintf(buf, sizeof buf, "signal %d", signum);
    return buf;
  }
  }
}

} // namespace petnet
