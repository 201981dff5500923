#pragma once
/// \file job.hpp
/// A job is what the driver runs for one `-problem`: it composes a problem, a model
/// (network or shallow Ritz basis), a solver and the output. Jobs are the only place
/// where those meet. Every job runs the same skeleton (docs/ARCHITECTURE.md, "The job
/// skeleton"): `RunJob` calls the steps of a `Job` in order and does what all jobs share
/// (timing, log stages, -help, unused options, the summary's common keys, the HDF5
/// attributes, writing the files and saying so); a family implements the steps.
#include "core/base.hpp"
#include "core/outcome.hpp"
#include "io/output.hpp"
#include "solvers/homotopy/homotopy.hpp"

#include <memory>
#include <string>
#include <vector>

namespace petnet {

class Job {
public:
  Job(MPI_Comm comm, std::string problem, RunOutput &out)
      : comm_(comm), problem_(std::move(problem)), out_(out) {}
  virtual ~Job() = default;

  /// 1. options: read and validate every option of the job, its problem and its solver
  /// (each component under its own prefix); no work yet.
  virtual PetscErrorCode SetFromOptions() = 0;
  // 2. checks (RunJob): fail on any unknown option (-help too), then return on -help.
  /// 3. reference: the problem's reference solution, where the job has one (stage reference).
  virtual PetscErrorCode Reference() { return PETSC_SUCCESS; }
  /// True when the run ends with the reference (no set-up, no solve).
  virtual bool ReferenceOnly() const { return false; }
  /// 4. set-up: points, function, model and its initial parameters, the run's banner and
  /// the summary's description of the run.
  virtual PetscErrorCode SetUp() = 0;
  /// 5. solve: the method's solver (it pushes its own log stages).
  virtual PetscErrorCode Solve() = 0;
  /// 6. report: the final figures (stage evaluation), ...
  virtual PetscErrorCode Evaluate() = 0;
  /// ... the summary's results and the final line on stdout (`wall`: seconds since the
  /// start, stored as the summary's wall_s before this is called), ...
  virtual PetscErrorCode Summarize(double wall) = 0;
  /// ... and the HDF5 datasets (stage output).
  virtual PetscErrorCode AddDatasets() = 0;

  /// How the solve ended (after step 5; jobs that only compute a reference report
  /// converged). RunJob records it, warns when it did not converge and sets the exit status.
  virtual SolveOutcome Outcome() const = 0;

  /// The -method of the run, as the summary and the HDF5 attributes record it.
  virtual std::string Method() const = 0;
  MPI_Comm            Comm() const { return comm_; }
  const std::string  &ProblemName() const { return problem_; }

protected:
  Json &Summary() { return out_.summary(); }

  MPI_Comm    comm_;
  std::string problem_;
  RunOutput  &out_;
};

/// The outcome of a solve that its keeper stopped on signal signum: reason "signal", the
/// solver's code, detail "stopped by SIGTERM " + where (e.g. "at eps = 0.031 after 17
/// steps"). RunJob then exits with EXIT_STATUS_INTERRUPTED.
SolveOutcome SignalOutcome(int code, int signum, const std::string &where);

/// The tracker's counters and reason code in a summary's "metrics" (steps, rejected, phase I
/// iterations and loss, converged_reason_code), the same for every job using it; metrics
/// hold numbers only (the reason's name is the summary's "reason").
void AddHomotopyMetrics(const HomotopySolver &hom, Json *metrics);

/// Runs the steps of `job` in order and writes its output (jobs/job.cpp); *status is
/// the process exit status the run asks for (core/outcome.hpp: ExitStatus).
PetscErrorCode RunJob(Job &job, RunOutput &out, int *status);

struct JobInfo {
  const char *name;                       ///< family name, e.g. "pinn", "ritz"
  const char *description;                ///< one line for -help
  std::vector<std::string> (*problems)(); ///< problem names this job handles
  /// A new job of this family for `problem` (one of problems()).
  std::unique_ptr<Job> (*create)(MPI_Comm comm, const std::string &problem, RunOutput &out);
};

/// Every job compiled into petnet (jobs/registry.cpp).
const std::vector<JobInfo> &Jobs();

// The job families (one file each under jobs/).
std::vector<std::string> PinnProblems();
std::unique_ptr<Job>     CreatePinnJob(MPI_Comm comm, const std::string &problem, RunOutput &out);
std::vector<std::string> RitzProblems();
std::unique_ptr<Job>     CreateRitzJob(MPI_Comm comm, const std::string &problem, RunOutput &out);
std::vector<std::string> OperatorProblems();
std::unique_ptr<Job> CreateOperatorJob(MPI_Comm comm, const std::string &problem, RunOutput &out);
std::vector<std::string> TrsqpProblems();
std::unique_ptr<Job>     CreateTrsqpJob(MPI_Comm comm, const std::string &problem, RunOutput &out);

} // namespace petnet
