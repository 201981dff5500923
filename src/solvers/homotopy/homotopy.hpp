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
///     λ_new = λ − Δ (clipped at λ1 and at the next waypoint, so the path lands on each);  θ_pred =
///     θ + Δ·J⁺ r_λ
///        (-hom_predictor tangent; or secant: θ + (Δ/Δ_prev)(θ − θ_prev); or none: θ),
///        its length capped at pred_max·(1 + ‖θ‖) if -hom_predictor_max is set
///     corrector from θ_pred at λ_new (max corrector_its; 0 = plain Euler, the paper's)
///     if loss(λ_new) ≤ max_loss and ≤ max(accept_loss, accept_growth·loss(λ)) (or no corrector,
///        or Δ ≤ step_min): accept
///        easy (≤ easy_its corrector iterations) and adaptive: Δ ← min(grow·Δ, step_max)
///     else: reject, Δ ← Δ/2
/// Phase I converges at λ0 with Gauss–Newton/LM to near machine precision before the
/// path starts (the interface mode is nearly flat: docs/ALGORITHMS.md).
///
/// The pieces are strategies in their own files: predictor.hpp, corrector.hpp,
/// step_control.hpp; what is recorded and reported along the path is in path.hpp.
#include "core/continuation.hpp"
#include "core/monitor.hpp"
#include "core/monitor_options.hpp"
#include "core/progress.hpp"
#include "core/solver_state.hpp"
#include "functions/residual_function.hpp"
#include "linalg/least_squares.hpp"
#include "solvers/gauss_newton.hpp"
#include "solvers/homotopy/corrector.hpp"
#include "solvers/homotopy/path.hpp"
#include "solvers/homotopy/predictor.hpp"
#include "solvers/homotopy/step_control.hpp"

#include <memory>
#include <string>
#include <vector>

namespace petnet {

class HomotopySolver {
public:
  /// -hom_* options; param: the problem's continuation parameter (its name makes the
  /// start option -hom_<name>0, its start the default, its target the end of the path).
  PetscErrorCode SetFromOptions(MPI_Comm comm, const ContinuationParameter &param);
  /// keeper (optional): the tracker's state goes to it after every phase I iteration,
  /// accepted path step and final Gauss–Newton iteration (stage, θ, λ, Δλ, counters,
  /// chord damping, the path history); a state it hands back is resumed exactly.
  /// observer: the values the job records at every point (may be empty).
  PetscErrorCode Solve(ResidualFunction &f, std::vector<double> &theta,
                       const PathObserver &observer, StateKeeper *keeper = nullptr);

  /// Callbacks called at every event of the path (-hom_monitor adds the default one).
  MonitorList<PathStepInfo> &Monitors() { return monitors_; }

  const std::vector<PathPoint> &History() const { return history_; }
  double                        Lambda0() const { return lambda0_; }
  double                        Lambda1() const { return param_.target; }
  PetscInt                      Steps() const { return steps_; }
  PetscInt                      Rejected() const { return rejected_; }
  /// Why the path stopped (after Solve).
  HomotopyConvergedReason Reason() const { return reason_; }
  /// One line on how the path ended (the run summary's reason_detail).
  std::string     ReasonDetail() const;
  const GNResult &PhaseI() const { return phase1_; }
  /// λ values the path must land on (-hom_waypoints), in path order.
  const std::vector<double> &Waypoints() const { return control_.Waypoints(); }
  const LeastSquares        &Solver() const { return ls_; }

private:
  enum Stage { kPhase1 = 0, kPath = 1, kFinal = 2 };
  PetscErrorCode ReadOptions(MPI_Comm comm);
  PetscErrorCode SetupInnerSolvers(MPI_Comm comm);
  /// Phase I (Gauss–Newton/LM at λ0) and the start point. lambda, step: the state the
  /// checkpoint captures meanwhile.
  PetscErrorCode RunPhaseI(ResidualFunction &f, std::vector<double> &theta,
                           const PathObserver &observer, StateKeeper *keeper, const double *lambda,
                           const double *step);
  /// One attempted step from (θ, λ) with step Δ: accepted (θ, λ, Δ updated) or rejected (Δ shrunk).
  PetscErrorCode PathStep(ResidualFunction &f, std::vector<double> &theta, double *lambda,
                          double *step, const PathObserver &observer, Vec r, Vec rl,
                          bool *accepted);
  /// -hom_final_its Gauss–Newton iterations at the end of the path.
  PetscErrorCode Polish(ResidualFunction &f, std::vector<double> &theta,
                        const PathObserver &observer, StateKeeper *keeper, const double *lambda,
                        const double *step);
  /// The monitors' kPoint event for an accepted point.
  PetscErrorCode Report(const PathPoint &pt, bool final);
  /// θ is the path's newest accepted point: the anchor of a residual that UsesAnchor().
  PetscErrorCode Anchor(ResidualFunction &f, const std::vector<double> &theta);
  NestedKeeper   GNKeeper(StateKeeper *keeper, Stage in, const double *lambda, const double *step);
  /// The state at a step boundary (theta only on the path: inside phase I and the
  /// final polish, the nested Gauss–Newton state holds it).
  void Capture(SolverState *s, Stage stage, const std::vector<double> *theta, double lambda,
               double step) const;
  PetscErrorCode Restore(MPI_Comm comm, const SolverState &s, PetscInt p, Stage *stage,
                         std::vector<double> *theta, double *lambda, double *step);

  ContinuationParameter param_;
  double                lambda0_ = 0.1;
  PetscBool             monitor_ = PETSC_FALSE, view_reason_ = PETSC_FALSE;
  MonitorSpec           monitor_spec_; ///< what -hom_monitor asked for
  /// The path's way from lambda0 to the target (shared with the corrector's monitor).
  std::shared_ptr<Progress> progress_       = std::make_shared<Progress>();
  PetscInt                  predictor_type_ = 0; ///< index into kPredictorNames
  double                    pred_max_       = 0; ///< cap on |Δθ_pred| / (1 + |θ|) (0: none)
  double           tangent_rcond_ = 0;  ///< Tikhonov τ of the tangent solve: μ = (τ σ_max)²
  PetscInt         final_its_     = 0;  ///< Gauss–Newton polish at the target λ1
  PetscReal        final_rtol_    = 0;  ///< the polish's rtol (0: the corrector's)
  PetscInt         final_every_   = 10; ///< -hom_monitor: a polish line every this many its
  double           t0_            = 0;  ///< MPI_Wtime() when Solve began
  CorrectorOptions corr_;
  StepControl      control_;
  std::unique_ptr<Predictor>        predictor_;
  std::unique_ptr<Corrector>        corrector_;
  GaussNewtonOptions                phase1_opt_;
  LeastSquares                      ls_phase1_, ls_; // phase I; predictor and corrector
  MonitorList<PathStepInfo>         monitors_;
  const std::vector<PathValueSpec> *specs_ = nullptr; ///< the observer's, during Solve
  std::vector<PathPoint>            history_;
  std::unique_ptr<SolverState>      resume_; ///< the state Solve resumes from (if any)
  Stage                             resume_stage_ = kPhase1;
  std::vector<double>               tangent_, trial_; ///< work vectors of PathStep
  std::vector<double>     anchor_; ///< the last accepted θ, for a residual that UsesAnchor()
  PetscInt                steps_ = 0, rejected_ = 0;
  HomotopyConvergedReason reason_    = HOMOTOPY_CONVERGED_ITERATING;
  double                  failed_at_ = NAN; ///< λ of the last non-finite trial (NaN: none)
  bool                    failed_ = false; ///< a non-finite step no step cut avoided: the path ends
  bool                    lost_   = false; ///< ... or a step whose loss blew up (-hom_divtol)
  GNResult                phase1_;
};

} // namespace petnet
