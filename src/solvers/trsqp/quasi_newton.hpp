#pragma once
/// \file quasi_newton.hpp
/// Quasi-Newton approximations H ≈ ∇²ℒ for trSQP, from pairs s = θ_k − θ_{k−1},
/// y = ∇ℒ(θ_k, λ_k) − ∇ℒ(θ_{k−1}, λ_k); H_0 = I.
///
///   sr1    H ← H + r rᵀ/(rᵀs), r = y − Hs; the pair is skipped when
///          |rᵀs| < skip_tol·‖s‖‖r‖ (Nocedal–Wright 6.26).
///   bfgs   damped BFGS (Powell, Nocedal–Wright Procedure 18.2, δ = 0.2): y is replaced by
///          r = φy + (1 − φ)Hs with φ = 1 if sᵀy ≥ 0.2 sᵀHs, else 0.8 sᵀHs/(sᵀHs − sᵀy);
///          H ← H − Hs sᵀH/sᵀHs + r rᵀ/sᵀr. Stays positive definite.
///   identity  H = I throughout.
///   gn     not a secant update: the misfit's Gauss–Newton matrix 2w JᵀJ supplied by the
///          ConstrainedFunction (trsqp.cpp); this class then stores nothing.
///
/// Two storage forms that give the same H (to rounding) while the memory holds every pair:
///   dense    p × p, O(p²) per update and product (p = 7851: 0.5 GB).
///   limited  compact representation of the last m pairs (Byrd, Nocedal, Schnabel 1994):
///            SR1   H = I + Ψ (D + L + Lᵀ − SᵀS)⁻¹ Ψᵀ,  Ψ = Y − S
///            BFGS  H = I − [S Y] [[SᵀS, L], [Lᵀ, −D]]⁻¹ [S Y]ᵀ
///            (L strictly lower part of SᵀY, D its diagonal; for damped BFGS Y holds the
///            damped r). O(m p) per product.
#include "core/base.hpp"
#include "core/solver_state.hpp"

#include <string>
#include <vector>

namespace petnet {

/// The -trsqp_hessian choices, in the order of their names in HessianUpdateName.
enum class HessianUpdate { SR1, DampedBFGS, Identity, GaussNewton };

/// "sr1" | "bfgs" | "identity" | "gn".
const char *HessianUpdateName(HessianUpdate u);
/// The inverse of HessianUpdateName; error naming the text otherwise.
PetscErrorCode ParseHessianUpdate(MPI_Comm comm, const std::string &name, HessianUpdate *u);

class QuasiNewton {
public:
  /// limited = false: dense p × p; otherwise the compact form with `memory` pairs.
  void Init(PetscInt p, HessianUpdate kind, bool limited, PetscInt memory);
  /// y = H x.
  void Apply(const double *x, double *y) const;
  /// Update with (s, y); returns false when the pair was skipped.
  bool     Update(const double *s, const double *y);
  PetscInt Pairs() const { return static_cast<PetscInt>(S_.size()); }
  PetscInt Skipped() const { return skipped_; }
  /// Dense copy of H (tests; p × p row-major).
  std::vector<double> Dense() const;
  /// The matrix's state (dense H or the pairs, the skip count) under "prefix/"; Load
  /// (after Init with the same p, kind and form) makes the same H bit for bit.
  void           Save(const std::string &prefix, SolverState *s) const;
  PetscErrorCode Load(MPI_Comm comm, const std::string &prefix, const SolverState &s);

  double skip_tol = 1e-8, damping = 0.2;

private:
  void                             Rebuild(); // compact form: middle matrix and its LU
  PetscInt                         p_ = 0, memory_ = 0, skipped_ = 0;
  HessianUpdate                    kind_    = HessianUpdate::SR1;
  bool                             limited_ = false;
  std::vector<double>              H_;         // dense
  std::vector<std::vector<double>> S_, Y_, P_; // compact: pairs (and Ψ = Y − S for SR1)
  std::vector<double>              K_;         // LU of the middle matrix (k × k, row-major)
  std::vector<int>                 piv_;
  PetscInt                         k_ = 0;
};

} // namespace petnet
