#pragma once
/// \file homotopy_loss_residual.hpp
/// The homotopy loss (paper Strategy 2, eq. 10) as a ResidualFunction, so that every
/// optimizer (Adam, L-BFGS, Gauss–Newton/LM) can train it:
///
///   L_Hom(θ) = L_H + λ_bc L_bc + α L_Hε,
///   L_Hε     = 1/(2 n_res) Σ_i ( H_u[Δu_k](x_i)/δ_k + H_ε(x_i) )²,
///   Δu_k     = u_θ(ε_k) − u_θ(ε_{k−1}),  δ_k = ε_k − ε_{k−1}  (signed),
///
/// with θ_{k−1} frozen (SetPrevious) and H_u, H_ε evaluated at the current (u_θ, ε_k).
/// H_u[Δu] = Σ_c G(x, c) ΔU(x, c) over the jet components (G = ∂R/∂U from the problem).
///
/// **Sign.** Differentiating H(u(ε), ε) = 0 gives H_u u'(ε) + H_ε = 0, and
/// u'(ε_k) ≈ Δu_k/(ε_k − ε_{k−1}). The paper writes Δu_k/Δε_k with
/// Δε_k = ε_{k−1} − ε_k > 0, i.e. the opposite sign (as in its eq. 9); the
/// Davidenko sign is used here (tests/test_homotopy_loss.cpp checks it on the exact
/// path of the high-frequency problem).
///
/// Rows on each rank, so that ½‖r‖² = L_Hom:
///   [ R(x_i)/√n_res (interior) ; √λ_bc (u − g)(x_j)/√n_bc (boundary) ;
///     √α (H_u[Δu]/δ + H_ε)(x_i)/√n_res (interior again) ].
/// The last block's Jacobian needs the derivative of G and H_ε along the jet; it is
///   ∂s/∂U_d = G_d/δ + Σ_c ∂²R/∂U_d∂U_c ΔU_c/δ + ∂²R/∂U_d∂ε = G_d/δ + d/dt G_d(U + tV, ε + t)|_0
/// with V = ΔU/δ: one directional derivative of the problem's G, taken by a central
/// difference in jet space (step 1e-3|δ|; exact to rounding for residuals whose G is at
/// most quadratic along the line, as for Allen–Cahn and the high-frequency fit). The
/// seeds then go through the network's ordinary Jacobian / J·v / Jᵀ·w kernels.
/// Rows, Jacobian, matrix-free operator, Jᵀw and metric: residuals/mlp_residual.hpp.
#include "functions/homotopy_loss_function.hpp"
#include "residuals/mlp_residual.hpp"

namespace petnet {

class HomotopyLossResidual : public MLPResidual<HomotopyLossFunction> {
public:
  /// alpha ≥ 0 is the weight of L_Hε (0: the plain PINN loss).
  PetscErrorCode Setup(MPI_Comm comm, const Problem *problem, const MLPLayout &layout,
                       const PointSet &interior, const PointSet &boundary, double bc_weight,
                       double alpha);
  /// Freeze u_{θ_{k−1}} at ε_{k−1}; the L_Hε rows are zero until this is called and
  /// after ClearPrevious(). Takes effect at the next SetPoint.
  PetscErrorCode SetPrevious(const double *theta_prev, double lambda_prev) override;
  void           ClearPrevious() override { has_prev_ = false; }
  double         Alpha() const { return alpha_; }

  PetscErrorCode SetPoint(const double *theta, double lambda) override;
  /// ∂r/∂ε with θ and the frozen previous point fixed.
  PetscErrorCode DLambda(Vec rl) override;

  /// The two parts of ½‖r‖² at the current point: l_h = L_H + λ_bc L_bc, l_he = α L_Hε.
  PetscErrorCode PartLosses(double *l_h, double *l_he) const override;

private:
  /// out(q, c) = d/dt G_c(U + t·sv·V, λ + t·vl)|_0 and outl(q) likewise for H_ε, by a
  /// central difference with step h (interior rows).
  void DirectionalG(double lambda, DView2 V, double sv, double vl, double h, DView2 out,
                    DView1 outl);

  double alpha_ = 1.0, lambda_ = 0, lambda_prev_ = 0;
  bool   has_prev_   = false;
  double sqrt_alpha_ = 0; // L_Hε rows: √α × the interior row weight
  DView1 theta_prev_;
  DView2 Uprev_, V_; // frozen jets, ΔU/δ (interior)
  DView2 Graw_;      // problem's G at the interior points
  DView1 rraw_, rlraw_;
  DView2 Gp_, Gm_, Ut_, T_; // scratch for the directional derivative
  DView1 rp_, rlp_, rlm_, Tl_;
};

} // namespace petnet
