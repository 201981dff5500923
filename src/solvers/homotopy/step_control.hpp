#pragma once
/// \file step_control.hpp
/// Step control of the homotopy tracker: where the next step goes (clipped at the target
/// and at the next waypoint, so that the path lands on each), whether a corrected step is
/// accepted, how the step grows after easy steps and shrinks after rejections, and when
/// the path stops (the converged reason).
///
///   accept if there is no corrector, or -hom_adaptive false, or Δ ≤ step_min, or
///          loss ≤ max_loss and loss ≤ max(accept_loss, accept_growth · previous loss)
///   accepted and easy (≤ easy_its corrector iterations): Δ ← min(grow·Δ, step_max)
///   rejected: Δ ← Δ/2
///   lost: a step whose corrected loss exceeds divtol times the loss of the initial
///          guess (before phase I) is rejected; if it cannot be cut (no adaptation, or Δ
///          at step_min) the path ends (DIVERGED_DTOL) at the last accepted point
#include "core/base.hpp"
#include "solvers/homotopy/path.hpp"

#include <vector>

namespace petnet {

class StepControl {
public:
  /// -hom_step, -hom_adaptive, -hom_step_min/max, -hom_grow, -hom_easy_its, -hom_accept_*,
  /// -hom_max_loss, -hom_max_steps, -hom_divtol, -hom_waypoints (inside the caller's
  /// options block).
  PetscErrorCode SetFromOptions(PetscOptionItems *PetscOptionsObject);
  /// Validate against the path λ0 → λ1 (clear one-line errors).
  PetscErrorCode Check(MPI_Comm comm, const char *name, double lambda0, double lambda1);

  /// True once λ is at the target (to rounding of the path length).
  bool Reached(double lambda) const;
  /// λ + Δ in the path's direction, clipped at the target and at the next waypoint.
  double Next(double lambda, double step) const;
  /// Whether a step of size step, corrected to loss, is accepted (prev_loss: the loss at
  /// the last accepted point; corrects: false for the plain predictor).
  bool   Accept(double loss, double step, double prev_loss, bool corrects) const;
  double Shrink(double step) const { return step * 0.5; }
  /// Whether a corrected loss means the path is lost (-hom_divtol; see above);
  /// start_loss: the loss of the initial guess (NaN or 0: unknown; prev_loss is used).
  bool Diverged(double loss, double prev_loss, double start_loss) const;
  /// Whether a failed step (a non-finite loss or step) can be retried with a shorter one.
  bool CanShrink(double step) const { return adaptive_ && step > step_min_; }
  /// The step after an accepted one that took its corrector iterations.
  double Grow(double step, PetscInt its, bool corrects) const;
  /// Why the path stopped at λ after steps accepted steps (last_loss: the loss there);
  /// ITERATING while it goes on.
  HomotopyConvergedReason Reason(double lambda, PetscInt steps, double last_loss) const;

  double                     Step0() const { return step0_; }
  double                     AcceptLoss() const { return accept_loss_; }
  const std::vector<double> &Waypoints() const { return waypoints_; }

private:
  double              lambda0_ = 0, lambda1_ = 0, dir_ = -1;
  double              step0_ = 1e-3, step_min_ = 1e-7, step_max_ = 0.05, grow_ = 1.5;
  PetscBool           adaptive_ = PETSC_TRUE;
  PetscInt            easy_its_ = 2, max_steps_ = 100000;
  double              accept_loss_ = 1e-10, accept_growth_ = 4.0, max_loss_ = 1e-8;
  double              divtol_ = 1e4;
  std::vector<double> waypoints_;
};

} // namespace petnet
