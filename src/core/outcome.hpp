#pragma once
/// \file outcome.hpp
/// How a solve ended, in the one form every job reports it.
///
/// Every solver keeps its own reason enum (as PETSc's KSPConvergedReason): positive when
/// it converged, negative when it diverged or was stopped, 0 while it iterates. A job
/// turns its solver's reason into a SolveOutcome; the driver (jobs/job.cpp) writes it
/// to the JSON summary ("converged", "reason", "reason_code", "reason_detail") and to
/// the HDF5 attributes of the same names, prints a warning line when the run did not
/// converge, and sets the exit status (below).
#include <string>
#include <utility>

namespace petnet {

struct SolveOutcome {
  int         code = 0; ///< > 0 converged, < 0 diverged or stopped (the solver's enum value)
  std::string reason;   ///< one snake_case word: "target_reached", "nan", "signal", ...
  std::string detail;   ///< one line for the user, e.g. "stopped at eps = 0.031 by SIGTERM"
  bool        Converged() const { return code > 0; }
};

/// The outcome of a solver whose reason is named PETSc style, "CONVERGED_TARGET" or
/// "DIVERGED_NAN": reason is the part after CONVERGED_/DIVERGED_, in lower case ("target",
/// "nan").
inline SolveOutcome MakeOutcome(int code, const std::string &name, std::string detail = "") {
  std::string r = name;
  for (const char *p : {"CONVERGED_", "DIVERGED_"})
    if (r.rfind(p, 0) == 0) r = r.substr(std::string(p).size());
  for (char &c : r) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return {code, r, std::move(detail)};
}

/// Process exit status of petnet (documented in the README).
enum ExitStatus {
  EXIT_STATUS_OK = 0,
  /// An error (bad input, I/O failure, ...): one "petnet: error:" line, nothing half-written.
  EXIT_STATUS_ERROR = 1,
  /// -error_if_not_converged was given and the solve did not converge (output written).
  EXIT_STATUS_NOT_CONVERGED = 3,
  /// Stopped by SIGTERM, SIGUSR1 or SIGINT after writing a checkpoint and the partial
  /// output: run again with -restart auto to continue (EX_TEMPFAIL of sysexits.h).
  EXIT_STATUS_INTERRUPTED = 75,
};

} // namespace petnet
