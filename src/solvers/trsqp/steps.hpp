#pragma once
/// \file steps.hpp
/// The pieces of a Byrd–Omojokun trust-region SQP step for  min ℓ s.t. c = 0,
/// with A = ∂c/∂θ (M × p, M ≪ p, replicated) and g = ∇ℓ:
///
///   ConstraintProjector  QR of Aᵀ = Q R (Householder, LAPACK): the minimum-norm
///                        Newton point −A⁺c = −Q R⁻ᵀ c, the projector I − QQᵀ onto
///                        null(A), and least-squares multipliers λ = argmin ‖g + Aᵀλ‖
///                        = −R⁻¹ Qᵀ g (M × M triangular solves).
///   NormalStep           dogleg for min ‖c + Av‖ s.t. ‖v‖ ≤ r between the Cauchy
///                        point −(‖Aᵀc‖²/‖AAᵀc‖²) Aᵀc and the Newton point; the better of
///                        the dogleg point and the scaled Newton point is returned (as in
///                        SciPy's trust-constr, which the authors' code modifies).
///   TangentialStep       projected CG (Steihaug) for min gᵀt + ½tᵀHt s.t. At = 0,
///                        ‖t‖ ≤ r: stops on the boundary, on negative curvature (to the
///                        boundary along the direction), or at the tolerance
///                        max(min(0.01√(rᵀg), 0.1 rᵀg), 1e−25) of the projected residual.
#include "core/base.hpp"

#include <functional>
#include <vector>

namespace petnet {

class ConstraintProjector {
public:
  /// A: M × p row-major. Rows that are (numerically) dependent on earlier rows are
  /// dropped from the factor (|R_ii| ≤ 1e-12 max |R_jj|).
  PetscErrorCode Factor(MPI_Comm comm, const double *A, PetscInt M, PetscInt p);
  void           Project(const double *x, double *y) const;          ///< y = (I − QQᵀ) x
  void           NewtonPoint(const double *c, double *v) const;      ///< v = −A⁺ c
  void           Multipliers(const double *g, double *lambda) const; ///< argmin ‖g + Aᵀλ‖
  PetscInt       Rank() const { return rank_; }

private:
  PetscInt            M_ = 0, p_ = 0, rank_ = 0;
  std::vector<double> Q_, R_; // Q: p × M column-major; R: M × M column-major (upper)
  std::vector<char>   keep_;
};

struct NormalStepInfo {
  bool   newton = false;        ///< the (interior) Newton point was taken
  double norm = 0, lin_res = 0; ///< ‖v‖, ‖c + Av‖
};

/// A: M × p row-major.
void NormalStep(const double *A, PetscInt M, PetscInt p, const double *c,
                const ConstraintProjector &P, double radius, double *v, NormalStepInfo *info);

struct CGInfo {
  PetscInt its    = 0;
  int      reason = 0; ///< 1 tolerance, 2 boundary, 3 negative curvature, 4 iteration limit
};

/// H: y = H x. g: the model gradient at t = 0 (ℓ's gradient + H v for the tangential
/// step after a normal step v). Returns t in null(A).
void TangentialStep(const std::function<void(const double *, double *)> &H,
                    const ConstraintProjector &P, const double *g, PetscInt p, double radius,
                    PetscInt max_it, double *t, CGInfo *info,
                    double tol = -1); ///< tol < 0: the default above

} // namespace petnet
