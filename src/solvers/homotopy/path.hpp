#pragma once
/// \file path.hpp
/// What the continuation solvers record and report along a path: the points, the
/// problem-dependent values a job attaches to them, the per-step monitor information and
/// the converged reason.
#include "core/base.hpp"
#include "core/continuation.hpp"
#include "core/monitor.hpp"
#include "core/monitor_options.hpp"

#include <functional>
#include <string>
#include <vector>

namespace petnet {

/// A problem-dependent quantity recorded at every path point (e.g. an error against the
/// exact solution). The solver stores it without knowing what it means.
struct PathValueSpec {
  std::string key;            ///< name in the checkpoint's path history (hom/history/<key>)
  std::string label;          ///< -hom_monitor prints " <label> <value>" ("": not printed)
  std::string format;         ///< printf format of the value, e.g. "%.3e"
  double      shown_from = 0; ///< printed only when the value is >= this (unset values are -1)
};

struct PathPoint {
  double              lambda = 0, loss = 0, step = 0;
  PetscInt            corrector_its = 0, rank = 0;
  std::vector<double> values; ///< one per PathObserver::values, -1 where not computed
};

/// The job's hook: which values it records, and how to compute them for θ at λ.
struct PathObserver {
  std::vector<PathValueSpec> values;
  std::function<PetscErrorCode(const std::vector<double> &theta, double lambda, double *values)>
      compute;

  /// Fill pt->values (every entry -1 first; then compute, if set).
  PetscErrorCode operator()(const std::vector<double> &theta, double lambda, PathPoint *pt) const {
    PetscFunctionBeginUser;
    pt->values.assign(values.size(), -1.0);
    if (compute) PetscCall(compute(theta, lambda, pt->values.data()));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
};

/// Why a path stopped, PETSc style: positive converged, negative diverged.
enum HomotopyConvergedReason {
  HOMOTOPY_CONVERGED_TARGET    = 1,  ///< the path reached the target
  HOMOTOPY_CONVERGED_ITERATING = 0,  ///< still running
  HOMOTOPY_DIVERGED_MAX_STEPS  = -2, ///< -hom_max_steps accepted steps before the target
  HOMOTOPY_DIVERGED_NAN        = -3, ///< a non-finite loss or step that no step cut avoided
  HOMOTOPY_DIVERGED_SIGNAL     = -4, ///< stopped by a signal (state saved by the keeper)
  HOMOTOPY_DIVERGED_DTOL       = -6, ///< the loss grew by more than the divergence tolerance
};
/// "CONVERGED_TARGET", "DIVERGED_MAX_STEPS", … (the enum's name without HOMOTOPY_).
const char *HomotopyConvergedReasonName(HomotopyConvergedReason r);
/// One line, as -ksp_converged_reason: "<what> converged: reached the target eps = 0.01
/// in 37 steps" or "<what> diverged: …" (lambda: the last accepted point).
PetscErrorCode HomotopyConvergedReasonView(MPI_Comm comm, const char *what,
                                           HomotopyConvergedReason      r,
                                           const ContinuationParameter &param, double lambda,
                                           PetscInt steps, const char *max_steps_option);

/// The reason's detail line for the run summary, e.g. "the loss is not finite at eps =
/// 0.031; last good eps = 0.035". lambda: the last accepted point (NaN: none);
/// failed_at: where the failure was met (NaN: nowhere).
std::string HomotopyReasonDetail(HomotopyConvergedReason r, const ContinuationParameter &param,
                                 double lambda, double failed_at, PetscInt steps,
                                 const char *max_steps_option);

/// What happened at one step of the homotopy tracker (one monitor call per event).
struct PathStepInfo {
  enum Event {
    kPhaseI, ///< phase I finished: phase1_* set
    kPoint,  ///< a point of the path was accepted (the start, a step, or the final polish): point
             ///< set
    kPredictor, ///< a predictor step to lambda: dtheta, theta_norm, capped set
    kReject,    ///< the step to lambda was rejected: loss, its, next_step set
    kResume,    ///< resumed from a checkpoint at lambda: stage, steps set
  };
  Event                             event  = kPoint;
  const char                       *name   = "";      ///< the parameter's name
  const std::vector<PathValueSpec> *specs  = nullptr; ///< what point->values are
  const PathPoint                  *point  = nullptr;
  bool                              final  = false; ///< kPoint: the polish at the target
  double                            lambda = 0, dtheta = 0, theta_norm = 0, loss = 0, next_step = 0;
  bool                              capped = false;
  PetscInt                          its = 0, steps = 0; ///< kPoint: steps = accepted path steps
  double                            wall         = 0;   ///< kPoint: seconds since the solve began
  double                            phase1_loss0 = 0, phase1_loss = 0;
  const char                       *phase1_reason = "", *stage = "";
  const Progress *progress = nullptr; ///< kPoint on the path: the way to the target
};

/// The -hom_monitor text for one event to viewer (added by HomotopySolver::SetFromOptions).
PetscErrorCode HomotopyMonitorDefault(PetscViewer viewer, const PathStepInfo &s);
/// " <label> <value>" for every printed value of a point ("" if none).
PetscErrorCode PathValuesText(const std::vector<PathValueSpec> &specs, const PathPoint &pt,
                              std::string *text);

} // namespace petnet
