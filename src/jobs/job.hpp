#pragma once
/// \file job.hpp
/// A job is what the driver runs for one `-problem`: it composes a problem, a
/// model (network or shallow Ritz basis), a solver and the output. Jobs are the only
/// place where those meet; each reads its own options, validates them all before
/// any work, honours -help (set up, print options, return), and fills RunOutput.
#include "core/base.hpp"
#include "io/output.hpp"

#include <string>
#include <vector>

namespace petnet {

struct JobInfo {
  const char *name;                             ///< family name, e.g. "pinn", "ritz"
  const char *description;                      ///< one line for -help
  std::vector<std::string> (*problems)();       ///< problem names this job handles
  PetscErrorCode (*run)(MPI_Comm comm, const std::string &problem, RunOutput &out);
};

/// Every job compiled into petnet (jobs/registry.cpp).
const std::vector<JobInfo> &Jobs();

// The jobs themselves (one file each under jobs/).
std::vector<std::string> PinnProblems();
PetscErrorCode RunPinnJob(MPI_Comm comm, const std::string &problem, RunOutput &out);
std::vector<std::string> RitzProblems();
PetscErrorCode RunRitzJob(MPI_Comm comm, const std::string &problem, RunOutput &out);
std::vector<std::string> OperatorProblems();
PetscErrorCode RunOperatorJob(MPI_Comm comm, const std::string &problem, RunOutput &out);
std::vector<std::string> TrsqpProblems();
PetscErrorCode RunTrsqpJob(MPI_Comm comm, const std::string &problem, RunOutput &out);

} // namespace petnet
