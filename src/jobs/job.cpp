// The driver of the job skeleton (jobs/job.hpp): the steps in order, and what every job
// shares around them.
#include "jobs/job.hpp"

#include "core/log.hpp"
#include "core/options_left.hpp"
#include "core/session.hpp"
#include "core/signals.hpp"

namespace petnet {

namespace {

/// Runs one step of `job` inside log stage `stage`; its wall time (the slowest rank's)
/// goes into the run's provenance as stage `name` (collective).
template <class Step>
PetscErrorCode InStage(RunOutput &out, MPI_Comm comm, const char *name, PetscLogStage stage,
                       Step step) {
  PetscFunctionBeginUser;
  const double t0 = MPI_Wtime();
  if (stage >= 0) PetscCall(PetscLogStagePush(stage));
  PetscCall(step());
  if (stage >= 0) PetscCall(PetscLogStagePop());
  PetscCall(out.provenance().AddStage(comm, name, MPI_Wtime() - t0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Step 6's common end: the job's datasets, the attributes every file carries, the files.
PetscErrorCode WriteOutput(Job &job, RunOutput &out) {
  MPI_Comm comm = job.Comm();
  PetscFunctionBeginUser;
  PetscCall(job.AddDatasets());
  out.AddAttribute("problem", job.ProblemName());
  out.AddAttribute("method", job.Method());
  out.AddAttribute("options", OptionsString());
  PetscCall(out.Write(comm));
  if (out.enabled())
    PetscCall(PetscPrintf(comm, "petnet: wrote %s.h5 and %s.json\n", out.prefix().c_str(),
                          out.prefix().c_str()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The outcome in the summary and the HDF5 attributes; a warning line when the solve
/// did not converge; the exit status it asks for.
PetscErrorCode ReportOutcome(Job &job, RunOutput &out, PetscBool error_if_not_converged,
                             int *status) {
  const SolveOutcome o =
      job.ReferenceOnly() ? SolveOutcome{1, "reference_only", ""} : job.Outcome();
  Json &js = out.summary();
  PetscFunctionBeginUser;
  js["converged"]     = o.Converged();
  js["reason"]        = o.reason;
  js["reason_code"]   = static_cast<long>(o.code);
  js["reason_detail"] = o.detail;
  out.AddAttribute("converged", o.Converged() ? "true" : "false");
  out.AddAttribute("reason", o.reason);
  *status = EXIT_STATUS_OK;
  if (!o.Converged()) {
    PetscCall(PetscPrintf(job.Comm(), "petnet: warning: %s did not converge: %s%s%s\n",
                          job.Method().c_str(), o.reason.c_str(), o.detail.empty() ? "" : " (",
                          o.detail.empty() ? "" : (o.detail + ")").c_str()));
    if (o.reason == "signal") *status = EXIT_STATUS_INTERRUPTED;
    else if (error_if_not_converged) *status = EXIT_STATUS_NOT_CONVERGED;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

SolveOutcome SignalOutcome(int code, int signum, const std::string &where) {
  return {code, "signal", std::string("stopped by ") + StopSignalName(signum) + " " + where};
}

void AddHomotopyMetrics(const HomotopySolver &hom, Json *metrics) {
  Json &m                    = *metrics;
  m["steps"]                 = static_cast<long>(hom.Steps());
  m["rejected"]              = static_cast<long>(hom.Rejected());
  m["phase1_its"]            = static_cast<long>(hom.PhaseI().its);
  m["phase1_loss"]           = hom.PhaseI().loss;
  m["converged_reason_code"] = static_cast<long>(hom.Reason());
}

PetscErrorCode RunJob(Job &job, RunOutput &out, int *status) {
  MPI_Comm comm = job.Comm();
  PetscFunctionBeginUser;
  const double t0                  = MPI_Wtime();
  *status                          = EXIT_STATUS_OK;
  PetscBool error_if_not_converged = PETSC_FALSE;
  PetscOptionsBegin(comm, nullptr, "Run outcome", "petnet");
  PetscCall(PetscOptionsBool("-error_if_not_converged",
                             "Exit with status 3 (after writing the output) when the solve does "
                             "not converge",
                             "petnet", error_if_not_converged, &error_if_not_converged, nullptr));
  PetscOptionsEnd();
  // 1. options, 2. checks: every option read and validated before any work.
  PetscCall(InStage(out, comm, "options", Log::setup, [&] { return job.SetFromOptions(); }));
  // -help lists the options (PETSc printed them as they were read) and then checks them:
  // an unknown one (a misspelt key of a deck) fails the run as it would without -help.
  PetscCall(CheckUnusedOptions(comm));
  if (HelpRequested()) PetscFunctionReturn(PETSC_SUCCESS);
  // 3. reference.
  PetscCall(InStage(out, comm, "reference", Log::reference, [&] { return job.Reference(); }));
  Json &js      = out.summary();
  js["problem"] = job.ProblemName();
  js["method"]  = job.Method();
  js["ranks"]   = Size(comm);
  if (!job.ReferenceOnly()) {
    // 4. set-up, 5. solve.
    PetscCall(InStage(out, comm, "setup", Log::setup, [&] { return job.SetUp(); }));
    // The solver pushes its own log stages.
    PetscCall(InStage(out, comm, "solve", -1, [&] { return job.Solve(); }));
  } else { // every run has the five stages: these took no time
    PetscCall(out.provenance().AddStage(comm, "setup", 0));
    PetscCall(out.provenance().AddStage(comm, "solve", 0));
  }
  // 6. report.
  PetscCall(InStage(out, comm, "evaluation", Log::evaluation, [&] { return job.Evaluate(); }));
  const double wall = MPI_Wtime() - t0;
  js["wall_s"]      = wall;
  PetscCall(job.Summarize(wall));
  PetscCall(ReportOutcome(job, out, error_if_not_converged, status));
  PetscCall(PetscLogStagePush(Log::output));
  PetscCall(WriteOutput(job, out));
  PetscCall(PetscLogStagePop());
  PetscCall(ReportUnusedOptions(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
