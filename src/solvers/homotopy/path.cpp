#include "solvers/homotopy/path.hpp"

#include "core/finite.hpp"

#include <cmath>
#include <cstdio>

namespace petnet {

const char *HomotopyConvergedReasonName(HomotopyConvergedReason r) {
  switch (r) {
  case HOMOTOPY_CONVERGED_TARGET: return "CONVERGED_TARGET";
  case HOMOTOPY_CONVERGED_ITERATING: return "CONVERGED_ITERATING";
  case HOMOTOPY_DIVERGED_MAX_STEPS: return "DIVERGED_MAX_STEPS";
  case HOMOTOPY_DIVERGED_NAN: return "DIVERGED_NAN";
  case HOMOTOPY_DIVERGED_SIGNAL: return "DIVERGED_SIGNAL";
  case HOMOTOPY_DIVERGED_DTOL: return "DIVERGED_DTOL";
  }
  return "UNKNOWN";
}

PetscErrorCode HomotopyConvergedReasonView(MPI_Comm comm, const char *what,
                                           HomotopyConvergedReason      r,
                                           const ContinuationParameter &param, double lambda,
                                           PetscInt steps, const char *max_steps_option) {
  const char *n = param.name.c_str();
  PetscFunctionBeginUser;
  switch (r) {
  case HOMOTOPY_CONVERGED_TARGET:
    PetscCall(PetscPrintf(comm,
                          "%s converged: reached the target %s = %g in %" PetscInt_FMT " steps\n",
                          what, n, lambda, steps));
    break;
  case HOMOTOPY_DIVERGED_MAX_STEPS:
    PetscCall(PetscPrintf(
        comm, "%s diverged: %s reached after %" PetscInt_FMT " steps at %s = %g (target %g)\n",
        what, max_steps_option, steps, n, lambda, param.target));
    break;
  case HOMOTOPY_DIVERGED_NAN:
    PetscCall(PetscPrintf(comm,
                          "%s diverged: a non-finite loss or step after %" PetscInt_FMT
                          " steps, last good %s = %g\n",
                          what, steps, n, lambda));
    break;
  case HOMOTOPY_DIVERGED_DTOL:
    PetscCall(PetscPrintf(
        comm, "%s diverged: the loss grew past the divergence tolerance after %s = %g\n", what, n,
        lambda));
    break;
  case HOMOTOPY_DIVERGED_SIGNAL:
    PetscCall(PetscPrintf(comm,
                          "%s stopped: by a signal at %s = %g after %" PetscInt_FMT
                          " steps (checkpoint saved)\n",
                          what, n, lambda, steps));
    break;
  case HOMOTOPY_CONVERGED_ITERATING:
    PetscCall(PetscPrintf(comm, "%s still iterating at %s = %g\n", what, n, lambda));
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::string HomotopyReasonDetail(HomotopyConvergedReason r, const ContinuationParameter &param,
                                 double lambda, double failed_at, PetscInt steps,
                                 const char *max_steps_option) {
  const char *n = param.name.c_str();
  char        last[96], buf[256];
  if (std::isfinite(lambda)) snprintf(last, sizeof last, "last good %s = %g", n, lambda);
  else snprintf(last, sizeof last, "no good point on the path");
  switch (r) {
  case HOMOTOPY_CONVERGED_TARGET:
    snprintf(buf, sizeof buf, "reached the target %s = %g in %lld steps", n, lambda,
             static_cast<long long>(steps));
    break;
  case HOMOTOPY_DIVERGED_MAX_STEPS:
    snprintf(buf, sizeof buf, "%s reached after %lld steps at %s = %g, target %g", max_steps_option,
             static_cast<long long>(steps), n, lambda, param.target);
    break;
  case HOMOTOPY_DIVERGED_NAN:
    snprintf(buf, sizeof buf, "the loss is not finite at %s = %g; %s", n,
             std::isfinite(failed_at) ? failed_at : lambda, last);
    break;
  case HOMOTOPY_DIVERGED_DTOL:
    snprintf(buf, sizeof buf, "the loss grew past the divergence tolerance at %s = %g; %s", n,
             std::isfinite(failed_at) ? failed_at : lambda, last);
    break;
  default: snprintf(buf, sizeof buf, "stopped at %s = %g (target %g)", n, lambda, param.target);
  }
  return buf;
}

PetscErrorCode PathValuesText(const std::vector<PathValueSpec> &specs, const PathPoint &pt,
                              std::string *text) {
  PetscFunctionBeginUser;
  text->clear();
  for (size_t k = 0; k < specs.size() && k < pt.values.size(); ++k) {
    if (specs[k].label.empty() || !(pt.values[k] >= specs[k].shown_from)) continue;
    char v[32];
    PetscCall(PetscSNPrintf(v, sizeof v, specs[k].format.c_str(), pt.values[k]));
    *text += " " + specs[k].label + " " + v;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyMonitorDefault(PetscViewer viewer, const PathStepInfo &s) {
  PetscFunctionBeginUser;
  switch (s.event) {
  case PathStepInfo::kPhaseI:
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "phase I: %" PetscInt_FMT " iterations, loss %s -> %s (%s)\n", s.its,
        FiniteText(s.phase1_loss0).c_str(), FiniteText(s.phase1_loss).c_str(), s.phase1_reason));
    break;
  case PathStepInfo::kPoint: {
    const PathPoint &pt = *s.point;
    std::string      vals;
    if (s.specs) PetscCall(PathValuesText(*s.specs, pt, &vals));
    PetscCall(PetscViewerASCIIPrintf(
        viewer,
        "%s %s %.6f loss %s%s corrector %" PetscInt_FMT " d%s %.2e nrank %" PetscInt_FMT
        " step %" PetscInt_FMT " t %.1fs\n",
        s.final ? "hom final" : "hom", s.name, pt.lambda, FiniteText(pt.loss).c_str(), vals.c_str(),
        pt.corrector_its, s.name, pt.step, pt.rank, s.steps, s.wall));
  } break;
  case PathStepInfo::kPredictor:
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "hom   predictor %s -> %.6f: |dtheta| %.3e (|theta| %.3e)%s\n", s.name, s.lambda,
        s.dtheta, s.theta_norm, s.capped ? " capped" : ""));
    break;
  case PathStepInfo::kReject:
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "hom reject %s %.6f: loss %s after %" PetscInt_FMT " corrector its; d%s -> %.2e\n",
        s.name, s.lambda, FiniteText(s.loss).c_str(), s.its, s.name, s.next_step));
    break;
  case PathStepInfo::kResume:
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "hom: resuming %s at %s = %.6f after %" PetscInt_FMT " path steps\n", s.stage,
        s.name, s.lambda, s.steps));
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
