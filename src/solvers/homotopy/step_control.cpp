#include "solvers/homotopy/step_control.hpp"

#include "core/option_values.hpp"

#include <cmath>

namespace petnet {

PetscErrorCode StepControl::SetFromOptions(PetscOptionItems *PetscOptionsObject) {
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsReal("-hom_step", "Initial step in the homotopy parameter",
                             "HomotopySolver", step0_, &step0_, nullptr));
  PetscCall(PetscOptionsBool("-hom_adaptive",
                             "Adapt the step (grow after easy steps, halve after failures)",
                             "HomotopySolver", adaptive_, &adaptive_, nullptr));
  PetscCall(PetscOptionsReal("-hom_step_min", "Smallest step before accepting anyway",
                             "HomotopySolver", step_min_, &step_min_, nullptr));
  PetscCall(PetscOptionsReal("-hom_step_max", "Largest step", "HomotopySolver", step_max_,
                             &step_max_, nullptr));
  PetscCall(PetscOptionsReal("-hom_grow", "Step growth factor after an easy step", "HomotopySolver",
                             grow_, &grow_, nullptr));
  PetscCall(PetscOptionsInt("-hom_easy_its",
                            "A step is easy if the corrector needed at most this many iterations",
                            "HomotopySolver", easy_its_, &easy_its_, nullptr));
  PetscCall(PetscOptionsReal("-hom_accept_loss",
                             "Accept a step when the corrected loss is below this...",
                             "HomotopySolver", accept_loss_, &accept_loss_, nullptr));
  PetscCall(PetscOptionsReal("-hom_max_loss",
                             "Never accept a step whose corrected loss exceeds this",
                             "HomotopySolver", max_loss_, &max_loss_, nullptr));
  PetscCall(PetscOptionsReal("-hom_accept_growth",
                             "...or below this factor times the loss at the previous point",
                             "HomotopySolver", accept_growth_, &accept_growth_, nullptr));
  PetscCall(PetscOptionsInt("-hom_max_steps", "Maximum number of path steps", "HomotopySolver",
                            max_steps_, &max_steps_, nullptr));
  PetscCall(PetscOptionsReal(
      "-hom_divtol",
      "The path is lost when a corrected loss exceeds this factor times the loss of the "
      "initial guess and the step cannot be cut (0: never)",
      "HomotopySolver", divtol_, &divtol_, nullptr));
  PetscBool set = PETSC_FALSE;
  waypoints_.clear();
  PetscCall(OptionsRealList(PetscOptionsObject, "-hom_waypoints",
                            "Comma-separated values of the parameter the path must land on",
                            "HomotopySolver", &waypoints_, &set));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode StepControl::Check(MPI_Comm comm, const char *name, double lambda0, double lambda1) {
  PetscFunctionBeginUser;
  lambda0_    = lambda0;
  lambda1_    = lambda1;
  dir_        = lambda1_ < lambda0_ ? -1.0 : 1.0;
  double prev = lambda0_;
  for (double w : waypoints_) {
    PetscCheck(std::isfinite(w) && dir_ * (w - prev) >= 0 && dir_ * (lambda1_ - w) >= 0, comm,
               PETSC_ERR_ARG_OUTOFRANGE,
               "-hom_waypoints: %g is not in path order between %s0 = %g and the target %g", w,
               name, lambda0_, lambda1_);
    prev = w;
  }
  PetscCheck(step0_ > 0 && step_min_ > 0 && step_max_ >= step0_, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "need 0 < -hom_step_min, 0 < -hom_step <= -hom_step_max (got %g, %g, %g)", step_min_,
             step0_, step_max_);
  PetscCheck(grow_ >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-hom_grow must be >= 1, got %g", grow_);
  PetscCheck(max_steps_ >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-hom_max_steps must be >= 0, got %" PetscInt_FMT, max_steps_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

bool StepControl::Reached(double lambda) const {
  return !(dir_ * (lambda1_ - lambda) > 1e-14 * std::fabs(lambda0_ - lambda1_));
}

double StepControl::Next(double lambda, double step) const {
  double lnew = lambda + dir_ * step;
  if (dir_ * (lnew - lambda1_) > 0) lnew = lambda1_;
  for (double w : waypoints_) // land on the first waypoint ahead of λ
    if (dir_ * (w - lambda) > 1e-14 * std::fabs(lambda0_ - lambda1_)) {
      if (dir_ * (lnew - w) > 0) lnew = w;
      break;
    }
  return lnew;
}

bool StepControl::Accept(double loss, double step, double prev_loss, bool corrects) const {
  return !corrects || !adaptive_ || step <= step_min_ ||
         (loss <= max_loss_ && loss <= std::fmax(accept_loss_, accept_growth_ * prev_loss));
}

bool StepControl::Diverged(double loss, double prev_loss, double start_loss) const {
  // relative to the initial guess's loss, as KSP's dtol to the initial residual (a bound
  // relative to the previous point would let a blow-up compound step by step)
  const double ref = std::isfinite(start_loss) && start_loss > 0 ? start_loss : prev_loss;
  return divtol_ > 0 && loss > divtol_ * ref;
}

double StepControl::Grow(double step, PetscInt its, bool corrects) const {
  return adaptive_ && corrects && its <= easy_its_ ? std::fmin(step * grow_, step_max_) : step;
}

HomotopyConvergedReason StepControl::Reason(double lambda, PetscInt steps, double last_loss) const {
  if (!std::isfinite(last_loss)) return HOMOTOPY_DIVERGED_NAN;
  if (Reached(lambda)) return HOMOTOPY_CONVERGED_TARGET;
  if (steps >= max_steps_) return HOMOTOPY_DIVERGED_MAX_STEPS;
  return HOMOTOPY_CONVERGED_ITERATING;
}

} // namespace petnet
