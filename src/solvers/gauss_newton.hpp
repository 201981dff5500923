#pragma once
/// \file gauss_newton.hpp
/// Levenberg–Marquardt / Gauss–Newton on ½‖r(θ, λ)‖² at fixed λ, with Moore–Penrose
/// steps: δ = −J⁺_μ r (minimum norm, truncated and/or damped by the LeastSquares
/// backend). Used for phase I of homotopy (converge far below the loss at which the
/// interface mode is pinned) and as the path tracker's corrector.
///
///   Nielsen's rule: after an accepted step with gain ratio ρ, μ ← μ·max(1/down,
///   1 − (2ρ − 1)³); after a rejected one μ ← μ·ν, ν ← 2ν, and retry (μ = 0 allowed:
///   the pure truncated Gauss–Newton step is tried first).
///
/// Progress goes to GaussNewtonOptions::monitors after every accepted step;
/// -<prefix>gn_monitor adds GaussNewtonPrintMonitor.
#include "core/monitor.hpp"
#include "core/monitor_options.hpp"
#include "core/solver_state.hpp"
#include "functions/residual_function.hpp"
#include "linalg/least_squares.hpp"

#include <vector>

namespace petnet {

/// An accepted Gauss–Newton/LM step, as passed to the monitors.
struct GNStep {
  const char     *label;              ///< the caller's name for this solve ("GN", "phase I", ...)
  PetscInt        its;                ///< iteration number (0-based, continuing across restarts)
  double          loss, new_loss;     ///< before and after the step
  double          step;               ///< ‖δ‖
  double          mu_rel;             ///< the damping after the step's update
  PetscInt        rank;               ///< numerical rank of the least-squares solve
  PetscInt        rejects;            ///< trial steps rejected before this one
  double          wall;               ///< seconds since this solve (or its restart) began
  const Progress *progress = nullptr; ///< iterations done over the maximum
};

/// An iteration of the iterative least-squares solve (lsqr) inside a Gauss–Newton step,
/// as passed to the inner monitors: a step that takes longer than the progress interval
/// still reports how far the solve has come.
struct GNInnerStep {
  const char     *label;              ///< as GNStep's
  PetscInt        its;                ///< the Gauss–Newton iteration under way (0-based)
  PetscInt        ls_its;             ///< the least-squares solver's iteration
  const Progress *progress = nullptr; ///< the solve's progress, its clock refreshed
};

/// The default monitor: one line per step to spec's viewer, and its progress lines.
MonitorList<GNStep>::Callback GaussNewtonPrintMonitor(const MonitorSpec &spec);

struct GaussNewtonOptions {
  PetscInt  max_it      = 100;   ///< iterations (Jacobian evaluations)
  double    atol        = 1e-24; ///< stop when the loss ≤ atol
  double    rtol        = 1e-14; ///< stop when a step lowers the loss by less than rtol·loss...
  double    step_tol    = 1e-14; ///< ...or ‖δ‖ ≤ step_tol (1 + ‖θ‖)
  double    mu0         = 0.0;   ///< initial damping (relative to σ_max²)
  double    mu_down     = 3.0;
  PetscInt  max_rejects = 12;          ///< consecutive rejected trial steps before giving up
  PetscBool monitor     = PETSC_FALSE; ///< -<prefix>gn_monitor: add the printing monitor
  PetscBool view_reason = PETSC_FALSE; ///< -<prefix>gn_converged_reason: print why it stopped
  /// Called after every accepted step; copies of these options share them.
  MonitorList<GNStep> monitors;
  /// Called after every iteration of an iterative least-squares solve (none otherwise).
  MonitorList<GNInnerStep> inner_monitors;
  /// -<prefix>gn_max_it, _atol, _rtol, _mu0, _monitor [ascii:FILE], _monitor_cancel (call
  /// once: each call with _monitor adds a printing monitor)
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *prefix, const char *title);
};

/// Signal: the keeper asked to stop after an iteration (its state is saved).
enum class GNReason { Atol, Rtol, StepTol, MaxIt, Stalled, Nan, Signal };
const char *GNReasonName(GNReason r);

/// The same reasons PETSc style (as SNESConvergedReason): positive converged, negative
/// diverged. DIVERGED_NAN: the loss at the start point is not finite (a non-finite trial
/// step is rejected and the damping raised, as any step that does not lower the loss).
enum GaussNewtonConvergedReason {
  GN_CONVERGED_ATOL      = 2,
  GN_CONVERGED_RTOL      = 3,
  GN_CONVERGED_STEP_TOL  = 4,
  GN_CONVERGED_ITERATING = 0,
  GN_DIVERGED_MAX_IT     = -2,
  GN_DIVERGED_NAN        = -3,
  GN_DIVERGED_SIGNAL     = -4,
  GN_DIVERGED_STALLED    = -5,
};
GaussNewtonConvergedReason GNConvergedReason(GNReason r);
/// "CONVERGED_ATOL", "DIVERGED_NAN", …
const char *GaussNewtonConvergedReasonName(GaussNewtonConvergedReason r);

struct GNResult {
  PetscInt its = 0, rejects = 0;
  double   loss0 = 0, loss = 0;
  GNReason reason = GNReason::MaxIt;
};

/// Minimize ½‖r(θ, λ)‖² starting from theta (updated in place).
/// keeper (optional): the state after each accepted iteration (θ, iteration and reject
/// counts, the damping μ and its growth factor ν, the initial loss) goes to it, and a
/// state it hands back on a restart is continued exactly where it stopped. When the
/// keeper requests a stop after an iteration, the solve ends there with GNReason::Signal.
PetscErrorCode GaussNewtonSolve(ResidualFunction &f, LeastSquares &ls,
                                const GaussNewtonOptions &opt, double lambda,
                                std::vector<double> &theta, GNResult *result,
                                const char *label = "GN", StateKeeper *keeper = nullptr);

} // namespace petnet
