#pragma once
/// \file homotopy.hpp
/// Homotopy dynamics: trace θ(λ) along r(θ(λ), λ) = 0 from an easy λ0 to the
/// target λ1 (ε: 0.1 → 0.01, or s: 1 → 0).
///
/// Davidenko: d r(θ(λ), λ)/dλ = 0 ⇒ J θ'(λ) = −r_λ; Moore–Penrose: θ' = −J⁺ r_λ.
/// Predictor (Euler): θ_k = θ_{k−1} + (λ_k − λ_{k−1}) θ' = θ_{k−1} + Δ_k J⁺ r_λ with
/// Δ_k = λ_{k−1} − λ_k (the paper's eq. (9) prints the opposite sign).
/// Corrector: Newton-chord (default: the predictor's factorization reused, no new
/// Jacobian) or full Gauss–Newton/LM with minimum-norm steps on r(·, λ_k).
///
/// Step control (pseudocode, constants are options):
///   Δ = step0
///   loop until λ = λ1:
///     λ_new = λ − Δ (clipped at λ1 and at the next waypoint, so the path lands on each);  θ_pred = θ + Δ·J⁺ r_λ
///        (-hom_predictor tangent; or secant: θ + (Δ/Δ_prev)(θ − θ_prev); or none: θ),
///        its length capped at pred_max·(1 + ‖θ‖) if -hom_predictor_max is set
///     corrector from θ_pred at λ_new (max corrector_its; 0 = plain Euler, the paper's)
///     if loss(λ_new) ≤ max_loss and ≤ max(accept_loss, accept_growth·loss(λ)) (or no corrector,
///        or Δ ≤ step_min): accept
///        easy (≤ easy_its corrector iterations) and adaptive: Δ ← min(grow·Δ, step_max)
///     else: reject, Δ ← Δ/2
/// Phase I converges at λ0 with Gauss–Newton/LM to near machine precision before the
/// path starts (the interface mode is nearly flat: docs/ALGORITHMS.md).
#include "linalg/least_squares.hpp"
#include "solvers/gauss_newton.hpp"
#include "functions/residual_function.hpp"
#include "core/solver_state.hpp"

#include <functional>
#include <string>
#include <vector>

namespace petnet {

struct PathPoint {
  double   lambda = 0, loss = 0, l2re = -1, interface_x = -1, step = 0;
  PetscInt corrector_its = 0, rank = 0;
};

/// Diagnostics hook: fills l2re / interface_x for the current θ at λ (may be empty).
using PathObserver = std::function<PetscErrorCode(const std::vector<double> &theta, double lambda, PathPoint *pt)>;

class HomotopySolver {
public:
  /// -hom_* options; lambda1 is the target (from the problem), lambda0 the default start.
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *param_name, double lambda0_default, double lambda1);
  /// keeper (optional): the tracker's state goes to it after every phase I iteration,
  /// accepted path step and final Gauss–Newton iteration (stage, θ, λ, Δλ, counters,
  /// chord damping, the path history); a state it hands back is resumed exactly.
  PetscErrorCode Solve(ResidualFunction &f, std::vector<double> &theta, const PathObserver &observer,
                       StateKeeper *keeper = nullptr);

  const std::vector<PathPoint> &History() const { return history_; }
  double Lambda0() const { return lambda0_; }
  double Lambda1() const { return lambda1_; }
  PetscInt Steps() const { return steps_; }
  PetscInt Rejected() const { return rejected_; }
  const GNResult &PhaseI() const { return phase1_; }
  /// λ values the path must land on (-hom_waypoints), in path order.
  const std::vector<double> &Waypoints() const { return waypoints_; }
  const LeastSquares &Solver() const { return ls_; }

private:
  PetscErrorCode Monitor(MPI_Comm comm, const PathPoint &pt, const char *tag);
  enum Stage { kPhase1 = 0, kPath = 1, kFinal = 2 };
  /// The state at a step boundary (theta only on the path: inside phase I and the
  /// final polish, the nested Gauss–Newton state holds it).
  void Capture(SolverState *s, Stage stage, const std::vector<double> *theta, double lambda, double step) const;
  PetscErrorCode Restore(MPI_Comm comm, const SolverState &s, PetscInt p, Stage *stage, std::vector<double> *theta,
                         double *lambda, double *step);

  std::string name_ = "eps";
  double      lambda0_ = 0.1, lambda1_ = 0.01;
  double      step0_ = 1e-3, step_min_ = 1e-7, step_max_ = 0.05, grow_ = 1.5;
  PetscBool   adaptive_ = PETSC_TRUE, monitor_ = PETSC_FALSE;
  PetscInt    corrector_its_ = 3, easy_its_ = 2, max_steps_ = 100000;
  PetscBool   chord_ = PETSC_FALSE;
  std::string predictor_ = "tangent"; ///< tangent | secant | none
  double      pred_max_  = 0;         ///< cap on |Δθ_pred| / (1 + |θ|) (0: none)
  double      tangent_rcond_ = 0;     ///< Tikhonov τ of the tangent solve: μ = (τ σ_max)²
  PetscInt    final_its_ = 0; ///< Gauss–Newton polish at the target λ1
  double      accept_loss_ = 1e-10, accept_growth_ = 4.0, max_loss_ = 1e-8;
  double      chord_mu_ = 0; ///< chord damping relative to σ_max², adapted along the path
  GaussNewtonOptions phase1_opt_, corr_opt_;
  LeastSquares       ls_phase1_, ls_; // phase I; predictor and corrector
  std::vector<PathPoint> history_;
  std::vector<double> waypoints_;
  PetscInt    steps_ = 0, rejected_ = 0;
  GNResult    phase1_;
};

} // namespace petnet
