#pragma once
/// \file trsqp.hpp
/// Trust-region SQP (trSQP-PINN, Cheng & Na, Algorithm 3; docs/ALGORITHMS.md "Trust-region SQP")
/// for min ℓ(θ) s.t. c(θ) = 0 on a ConstrainedFunction. Per iteration k:
///
///   v   = dogleg for min ‖c + Av‖, ‖v‖ ≤ νΔ                         (normal step, ν = 0.8)
///   t   = projected CG for min (∇ℓ + Hv)ᵀt + ½tᵀHt, At = 0, ‖t‖ ≤ √(Δ² − ‖v‖²)
///   d   = v + t;  q = ∇ℓᵀd + ½dᵀHd;  vpred = max(‖c‖ − ‖c + Ad‖, 1e−16)
///   μ   = max(μ, q / ((1 − ρ) vpred)) if q > 0                       (ρ = 0.3)
///   η   = [φ(θ) − φ(θ + d)] / (−q + μ vpred),  φ = ℓ + μ‖c‖  (2-norm, not squared)
///   radius, rule "paper" (Algorithm 3):  η ≥ 0.3: Δ ← 2Δ;  1e−8 ≤ η < 0.3: keep;  else Δ ← Δ/2
///   radius, rule "scipy" (the authors' code): η ≥ 0.9: Δ ← max(7‖d‖, Δ); η ≥ 0.3:
///          Δ ← max(2‖d‖, Δ); η < 1e−8: Δ ← clip((1 − 1e−8)/(1 − η)·‖d‖, 0.1Δ, 0.5Δ)
///   soc (-trsqp_soc, off by default; SciPy's trust-constr does it): when η < 1e−8 and
///          ‖v‖ ≤ 0.1‖t‖, the trial θ + d + y with y = −A⁺c(θ + d) (the Maratos effect:
///          the curvature of c rejects good steps) gets η_soc against the same prediction;
///          η_soc ≥ 1e−8 replaces d by d + y and η by η_soc (the radius rule keeps ‖d‖).
///   η ≥ 1e−8: accept; λ = argmin ‖∇ℓ + Aᵀλ‖; update H with s = d,
///          y = ∇ℒ(θ + d, λ) − ∇ℒ(θ, λ) (only on accepted steps). Else μ rolls back.
///   stop: ‖∇ℒ‖_∞ ≤ gtol and ‖c‖_∞ ≤ gtol; a rejected step with ‖d‖ ≤ xtol or Δ ≤ xtol;
///         k ≥ max_it; wall time ≥ max_time (rank 0's clock, broadcast: every rank stops
///         after the same iteration).
/// With a StateKeeper (core/solver_state.hpp) the state after every iteration (θ, μ, Δ, the
/// quasi-Newton matrix or pairs, the counters, the history and the time spent) can be kept
/// and a run resumed from it makes the same iterations bit for bit; ℓ, c, their
/// derivatives and λ are recomputed from θ (the same operations as after the step). When
/// the keeper requests a stop the solve ends with reason "signal".
/// Options under -trsqp_ (see SetFromOptions). Progress goes to TrsqpOptions::monitors,
/// once per iteration; -trsqp_monitor n adds the default one, which prints a line every
/// n-th step.
#include "core/monitor.hpp"
#include "core/monitor_options.hpp"
#include "core/solver_state.hpp"
#include "functions/constrained_function.hpp"
#include "solvers/trsqp/quasi_newton.hpp"

#include <functional>
#include <string>
#include <vector>

namespace petnet {

/// -trsqp_hessian_form: dense | limited.
enum class HessianForm { Dense, Limited };
/// -trsqp_radius_rule: paper | scipy.
enum class RadiusRule { Paper, Scipy };
const char *HessianFormName(HessianForm f);
const char *RadiusRuleName(RadiusRule r);

/// One trSQP iteration, as recorded in the history and passed to the monitors. k = 0
/// (monitors only): the starting point, before any step (eta, step and cg_its are 0).
struct TrsqpStep {
  PetscInt k;
  double   ell, cnorm, mu, radius, eta, step, optimality;
  bool     accepted;
  PetscInt cg_its;
  double   error; ///< from the error hook (−1 if not evaluated)
  /// To the monitors (not in the history): iterations over -trsqp_max_it, or time over
  /// -trsqp_max_time when that is nearer
  const Progress *progress = nullptr;
};

struct TrsqpOptions {
  HessianUpdate hessian     = HessianUpdate::SR1;
  HessianForm   form        = HessianForm::Dense;
  PetscInt      memory      = 30; ///< pairs kept by the limited-memory form
  RadiusRule    radius_rule = RadiusRule::Paper;
  double        radius0 = 1.0, mu0 = 1.0, nu = 0.8, rho = 0.3;
  double        eta_accept = 1e-8, eta_good = 0.3, eta_great = 0.9;
  double        gtol = 1e-9, xtol = 1e-9, max_time = 0; ///< max_time 0: no limit (seconds)
  PetscInt      max_it = 20000, cg_max_it = 0;          ///< cg_max_it 0: p − M
  double        sr1_skip = 1e-8, bfgs_damping = 0.2;
  PetscInt      monitor =
      0; ///< -trsqp_monitor: the default monitor prints every n-th iteration (0: none)
  PetscInt    error_every = 0;           ///< call the error hook every n iterations (history)
  PetscBool   view_reason = PETSC_FALSE; ///< -trsqp_converged_reason: print why it stopped
  PetscBool   soc         = PETSC_FALSE; ///< -trsqp_soc: second-order correction (see above)
  MonitorSpec monitor_spec;              ///< what -trsqp_monitor asked for
  /// Called at k = 0 and after every iteration; copies of these options share them.
  MonitorList<TrsqpStep> monitors;
  /// Reads -trsqp_*; with -trsqp_monitor n > 0 adds TrsqpPrintMonitor (call once).
  PetscErrorCode SetFromOptions(MPI_Comm comm);
};

/// The default monitor: a header at k = 0, then the line of step k when k = 1 or
/// k % spec.every == 0, and the progress lines, to spec's viewer.
MonitorList<TrsqpStep>::Callback TrsqpPrintMonitor(const MonitorSpec &spec);

/// Why trSQP stopped, PETSc style. A trial step whose misfit, constraints or length are
/// not finite is rejected (η = −1: the radius shrinks); DIVERGED_NAN when the start point
/// is not finite, or when the radius fell below xtol on such steps.
enum TrsqpConvergedReason {
  TRSQP_CONVERGED_GTOL      = 2,  ///< ‖∇ℒ‖_∞ ≤ gtol and ‖c‖_∞ ≤ gtol
  TRSQP_CONVERGED_XTOL      = 3,  ///< a rejected step or the radius below xtol
  TRSQP_CONVERGED_ITERATING = 0,  ///< still running
  TRSQP_DIVERGED_MAX_IT     = -2, ///< -trsqp_max_it iterations
  TRSQP_DIVERGED_NAN        = -3, ///< a non-finite misfit, constraint or gradient
  TRSQP_DIVERGED_SIGNAL     = -4, ///< the keeper asked to stop (state saved after an iteration)
  TRSQP_DIVERGED_MAX_TIME   = -7, ///< -trsqp_max_time seconds
};
/// "CONVERGED_GTOL", "DIVERGED_NAN", …
const char *TrsqpConvergedReasonName(TrsqpConvergedReason r);

struct TrsqpResult {
  PetscInt             iterations = 0, accepted = 0, qn_skipped = 0, soc = 0;
  double               ell = 0, cnorm = 0, radius = 0, mu = 0, optimality = 0, wall = 0;
  TrsqpConvergedReason code = TRSQP_CONVERGED_ITERATING;
  std::string          reason; ///< the code's name after CONVERGED_/DIVERGED_, lower case
};

/// The merit penalty update: the smallest μ' ≥ μ with Pred = −q + μ'·vpred ≥ ρ μ'·vpred,
/// i.e. μ' = max(μ, q / ((1 − ρ) vpred)) when q > 0. (ρ = 0.3 in SciPy's trust-constr and
/// the authors' code; ρ = 0.7 gives Pred ≥ 0.7 μ (‖c‖ − ‖c + Ad‖).)
inline double UpdatePenalty(double mu, double quad, double vpred, double rho) {
  if (quad > 0) {
    const double need = quad / ((1.0 - rho) * vpred);
    if (need > mu) return need;
  }
  return mu;
}

class TrsqpSolver {
public:
  /// Optional: evaluated every error_every iterations and recorded in the history.
  std::function<PetscErrorCode(const std::vector<double> &, double *)> error_hook;

  PetscErrorCode Solve(ConstrainedFunction &f, const TrsqpOptions &o, std::vector<double> &theta,
                       TrsqpResult *res, StateKeeper *keeper = nullptr);
  const std::vector<TrsqpStep> &History() const { return hist_; }

private:
  std::vector<TrsqpStep> hist_;
};

} // namespace petnet
