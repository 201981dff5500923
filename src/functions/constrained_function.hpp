#pragma once
/// \file constrained_function.hpp
/// What the constrained solvers (trSQP, penalty, augmented Lagrangian, feasibility
/// pretraining) see:  min ℓ(θ) subject to c(θ) = 0,  θ ∈ R^p, c ∈ R^M.
/// Rows of ℓ and c may live on different ranks behind this interface; what it returns
/// is replicated on every rank (θ is, and M is small: the problems this serves have a
/// handful to a few hundred constraints). Solvers never know which PDE or network is
/// behind it.
#include "core/base.hpp"

#include <vector>

namespace petnet {

class ConstrainedFunction {
public:
  virtual ~ConstrainedFunction()          = default;
  virtual MPI_Comm Comm() const           = 0;
  virtual PetscInt NumParams() const      = 0;
  virtual PetscInt NumConstraints() const = 0;
  /// ℓ(θ) and c(θ) (length M). Collective. Moves the point the next Derivatives refers to.
  virtual PetscErrorCode Evaluate(const double *theta, double *ell, double *c) = 0;
  /// At the θ of the last Evaluate: ∇ℓ (length p) and A = ∂c/∂θ (M × p, row-major).
  virtual PetscErrorCode Derivatives(double *grad, double *A) = 0;
  /// At the θ of the last Evaluate: g = a ∇ℓ + Aᵀw (w of length M, replicated) — all that
  /// penalty, ALM and pretraining need. The default forms A; implementations may use one
  /// reverse sweep instead.
  virtual PetscErrorCode CombinedGradient(double a, const double *w, double *g) {
    const PetscInt      p = NumParams(), M = NumConstraints();
    std::vector<double> grad(p), A(static_cast<size_t>(M * p));
    PetscFunctionBeginUser;
    PetscCall(Derivatives(grad.data(), A.data()));
    for (PetscInt k = 0; k < p; ++k) g[k] = a * grad[k];
    for (PetscInt i = 0; i < M; ++i)
      for (PetscInt k = 0; k < p; ++k) g[k] += w[i] * A[i * p + k];
    PetscFunctionReturn(PETSC_SUCCESS);
  }

  /// Optional Gauss–Newton model of ℓ when ℓ = w Σ r_i² is a sum of squares:
  /// G = 2w JᵀJ (J = ∂r/∂θ) at the θ given to GaussNewtonSetup, applied by GaussNewtonMult.
  virtual bool           HasGaussNewton() const { return false; }
  virtual PetscErrorCode GaussNewtonSetup(const double *theta) {
    SETERRQ(Comm(), PETSC_ERR_SUP, "this function provides no Gauss-Newton model of its misfit");
  }
  virtual PetscErrorCode GaussNewtonMult(const double *v, double *Gv) {
    SETERRQ(Comm(), PETSC_ERR_SUP, "this function provides no Gauss-Newton model of its misfit");
  }
};

} // namespace petnet
