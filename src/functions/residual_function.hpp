#pragma once
/// \file residual_function.hpp
/// What every solver sees: a residual r(θ, λ) ∈ R^n with rows distributed over the
/// ranks of Comm(), parameters θ ∈ R^p replicated on every rank, and a scalar
/// parameter λ (ε or s for homotopy; fixed for plain training). Solvers never know
/// which PDE or network is behind it. The loss is ½‖r‖².
#include "core/base.hpp"
#include "core/reduce.hpp"

#include <petscmat.h>
#include <vector>

namespace petnet {

class ResidualFunction {
public:
  virtual ~ResidualFunction()        = default;
  virtual MPI_Comm Comm() const      = 0;
  virtual PetscInt NumParams() const = 0;
  virtual PetscInt LocalRows() const = 0;

  /// Move to (θ, λ); the other calls refer to this point until the next SetPoint.
  virtual PetscErrorCode SetPoint(const double *theta, double lambda) = 0;
  /// r(θ, λ) into a row vector (see CreateRowVec).
  virtual PetscErrorCode Residual(Vec r) = 0;
  /// ∂r/∂λ.
  virtual PetscErrorCode DLambda(Vec rl) = 0;
  /// The assembled Jacobian, n × p dense with distributed rows (borrowed; valid until
  /// the next SetPoint).
  virtual PetscErrorCode Jacobian(Mat *J) = 0;
  /// A matrix-free operator for the same Jacobian (J·v forward mode, Jᵀ·w reverse
  /// mode); borrowed, valid until the next SetPoint.
  virtual PetscErrorCode JacobianOperator(Mat *A) = 0;
  /// g = Jᵀ w, replicated on every rank (length p).
  virtual PetscErrorCode MultTranspose(Vec w, double *g) = 0;
  /// Optional function-space metric: V = ∂(model values at the metric points)/∂θ,
  /// rows distributed and scaled so that ‖V δθ‖² approximates ‖δu‖²_{L2}. Solvers
  /// use it to prefer the update with the smallest change of the function, not of θ.
  virtual PetscErrorCode MetricJacobian(Mat *V) {
    SETERRQ(Comm(), PETSC_ERR_SUP, "this residual provides no function-space metric");
  }

  /// Optional: rows measured from the path's last accepted point (a phase condition).
  /// A path solver calls AnchorAt(θ) at every point it accepts (its start included) and,
  /// after a restart, with the anchor it saved; a residual without such rows says false.
  virtual bool           UsesAnchor() const { return false; }
  virtual PetscErrorCode AnchorAt(const double *theta) {
    (void)theta;
    return PETSC_SUCCESS;
  }

  PetscErrorCode CreateRowVec(Vec *v) const {
    PetscFunctionBeginUser;
    PetscCall(VecCreateMPI(Comm(), LocalRows(), PETSC_DETERMINE, v));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  /// ½‖r‖² and the residual itself at the current point. The sum of squares is
  /// accumulated in double-double and combined in rank order, so the rounded result
  /// does not depend on how rows are split over ranks (accept/reject decisions then
  /// do not either).
  PetscErrorCode Loss(Vec r, double *loss) {
    PetscFunctionBeginUser;
    PetscCall(Residual(r));
    PetscCall(ReproducibleSumSquares(r, loss));
    *loss *= 0.5;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
};

} // namespace petnet
