// The driver of the job skeleton (jobs/job.hpp): the steps in order, and what every job
// shares around them.
#include "jobs/job.hpp"

#include "core/log.hpp"
#include "core/session.hpp"

namespace petnet {

namespace {

/// Runs one step of `job` inside log stage `stage`.
template <class Step> PetscErrorCode InStage(PetscLogStage stage, Step step) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePush(stage));
  PetscCall(step());
  PetscCall(PetscLogStagePop());
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

} // namespace

PetscErrorCode RunJob(Job &job, RunOutput &out) {
  MPI_Comm comm = job.Comm();
  PetscFunctionBeginUser;
  const double t0 = MPI_Wtime();
  // 1. options, 2. checks: every option read and validated before any work.
  PetscCall(InStage(Log::setup, [&] { return job.SetFromOptions(); }));
  if (HelpRequested()) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(CheckUnusedOptions(comm));
  // 3. reference.
  PetscCall(InStage(Log::reference, [&] { return job.Reference(); }));
  Json &js      = out.summary();
  js["problem"] = job.ProblemName();
  js["method"]  = job.Method();
  js["ranks"]   = Size(comm);
  if (!job.ReferenceOnly()) {
    // 4. set-up, 5. solve.
    PetscCall(InStage(Log::setup, [&] { return job.SetUp(); }));
    PetscCall(job.Solve());
  }
  // 6. report.
  PetscCall(InStage(Log::evaluation, [&] { return job.Evaluate(); }));
  const double wall = MPI_Wtime() - t0;
  js["wall_s"]      = wall;
  PetscCall(job.Summarize(wall));
  PetscCall(InStage(Log::output, [&] { return WriteOutput(job, out); }));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
