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
#include "linalg/least_squares.hpp"
#include "functions/residual_function.hpp"
#include "core/solver_state.hpp"

#include <vector>

namespace petnet {

struct GaussNewtonOptions {
  PetscInt max_it = 100;       ///< iterations (Jacobian evaluations)
  double   atol = 1e-24;       ///< stop when the loss ≤ atol
  double   rtol = 1e-14;       ///< stop when a step lowers the loss by less than rtol·loss...
  double   step_tol = 1e-14;   ///< ...or ‖δ‖ ≤ step_tol (1 + ‖θ‖)
  double   mu0 = 0.0;          ///< initial damping (relative to σ_max²)
  double   mu_down = 3.0;
  PetscInt max_rejects = 12;   ///< consecutive rejected trial steps before giving up
  PetscBool monitor = PETSC_FALSE;
  /// -<prefix>gn_max_it, _atol, _rtol, _mu0, _monitor
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *prefix, const char *title);
};

enum class GNReason { Atol, Rtol, StepTol, MaxIt, Stalled };
const char *GNReasonName(GNReason r);

struct GNResult {
  PetscInt its = 0, rejects = 0;
  double   loss0 = 0, loss = 0;
  GNReason reason = GNReason::MaxIt;
};

/// Minimize ½‖r(θ, λ)‖² starting from theta (updated in place).
/// keeper (optional): the state after each accepted iteration (θ, iteration and reject
/// counts, the damping μ and its growth factor ν, the initial loss) goes to it, and a
/// state it hands back on a restart is continued exactly where it stopped.
PetscErrorCode GaussNewtonSolve(ResidualFunction &f, LeastSquares &ls, const GaussNewtonOptions &opt, double lambda,
                                std::vector<double> &theta, GNResult *result, const char *label = "GN",
                                StateKeeper *keeper = nullptr);

} // namespace petnet
