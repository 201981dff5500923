#include "residuals/homotopy_loss_residual.hpp"

#include "core/log.hpp"
#include "linalg/kokkos_petsc.hpp"

#include <cmath>

namespace petnet {

namespace {

/// V = (U − U_prev)/δ on the interior rows.
struct JetDifference {
  CView2                      U, Uprev;
  DView2                      V;
  double                      inv_delta;
  int                         nc;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    for (int c = 0; c < nc; ++c) V(q, c) = (U(q, c) - Uprev(q, c)) * inv_delta;
  }
};

/// Ut = U + s V.
struct ShiftJet {
  CView2                      U, V;
  DView2                      Ut;
  double                      s;
  int                         nc;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    for (int c = 0; c < nc; ++c) Ut(q, c) = U(q, c) + s * V(q, c);
  }
};

/// Central difference: T = (Gp − Gm)/(2h), Tl = (rlp − rlm)/(2h).
struct CentralDifference {
  CView2                      Gp, Gm;
  CView1                      rlp, rlm;
  DView2                      T;
  DView1                      Tl;
  double                      inv_2h;
  int                         nc;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    for (int c = 0; c < nc; ++c) T(q, c) = (Gp(q, c) - Gm(q, c)) * inv_2h;
    Tl(q) = (rlp(q) - rlm(q)) * inv_2h;
  }
};

/// The L_Hε rows (offset `row0`): r = w_h (Σ_c G_c V_c + H_ε), seeds w_h (G/δ + T),
/// w_h = √α × the point's interior weight.
struct HomotopyRows {
  CView2                      Graw, V, T;
  CView1                      rlraw, weight;
  DView1                      r;
  DView2                      G;
  double                      sqrt_alpha, inv_delta;
  int                         row0, nc;
  bool                        active;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    const int row = row0 + q;
    if (!active) {
      r(row) = 0.0;
      for (int c = 0; c < nc; ++c) G(row, c) = 0.0;
      return;
    }
    const double wh = sqrt_alpha * weight(q);
    double       s  = rlraw(q);
    for (int c = 0; c < nc; ++c) {
      s += Graw(q, c) * V(q, c);
      G(row, c) = wh * (Graw(q, c) * inv_delta + T(q, c));
    }
    r(row) = wh * s;
  }
};

/// ∂r/∂ε rows: interior w_i H_εε... (the PINN part: w_i ∂R/∂ε; boundary 0) and the L_Hε
/// rows w_h (Σ_c ∂G_c/∂ε V_c − Σ_c G_c V_c/δ + ∂H_ε/∂ε).
struct DLambdaRows {
  CView2                      Graw, V, T;
  CView1                      rlraw, Tl, weight;
  DView1                      out;
  double                      sqrt_alpha, inv_delta;
  int                         n_int, n_bc, nc;
  bool                        active;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    if (q < n_int) out(q) = weight(q) * rlraw(q);
    else if (q < n_int + n_bc) out(q) = 0.0;
    else {
      const int i = q - n_int - n_bc;
      if (!active) {
        out(q) = 0.0;
        return;
      }
      double s = Tl(i);
      for (int c = 0; c < nc; ++c) s += (T(i, c) - Graw(i, c) * inv_delta) * V(i, c);
      out(q) = sqrt_alpha * weight(i) * s;
    }
  }
};
} // namespace

PetscErrorCode HomotopyLossResidual::Setup(MPI_Comm comm, const Problem *problem,
                                           const MLPLayout &layout, const PointSet &interior,
                                           const PointSet &boundary, double bc_weight,
                                           double alpha) {
  PetscFunctionBeginUser;
  PetscCheck(alpha >= 0 && std::isfinite(alpha), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "homotopy-loss weight alpha must be >= 0, got %g", alpha);
  PetscCheck(interior.GlobalSize() > 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "the homotopy loss needs interior points");
  // rows [interior; boundary; interior (the L_Hε rows)]
  PetscCall(SetupPoints(comm, problem, layout, interior, boundary, bc_weight, true, "petnet::hl_"));
  alpha_    = alpha;
  has_prev_ = false;
  sqrt_alpha_ =
      std::sqrt(alpha); // the L_Hε rows of an interior point carry √α times its row weight
  const int      nc = kernels_.NumComponents();
  const PetscInt p  = layout.NumParams();
  theta_prev_       = DView1("petnet::hl_theta_prev", p);
  Uprev_            = DView2("petnet::hl_jets_prev", n_int_, nc);
  V_                = DView2("petnet::hl_jet_rate", n_int_, nc);
  Graw_             = DView2("petnet::hl_G", n_int_, nc);
  rraw_             = DView1("petnet::hl_R", n_int_);
  rlraw_            = DView1("petnet::hl_Reps", n_int_);
  Gp_               = DView2("petnet::hl_Gp", n_int_, nc);
  Gm_               = DView2("petnet::hl_Gm", n_int_, nc);
  Ut_               = DView2("petnet::hl_Ut", n_int_, nc);
  T_                = DView2("petnet::hl_T", n_int_, nc);
  rp_               = DView1("petnet::hl_rp", n_int_);
  rlp_              = DView1("petnet::hl_rlp", n_int_);
  rlm_              = DView1("petnet::hl_rlm", n_int_);
  Tl_               = DView1("petnet::hl_Tl", n_int_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossResidual::SetPrevious(const double *theta_prev, double lambda_prev) {
  PetscFunctionBeginUser;
  CopyParams(theta_prev, p_, theta_prev_);
  kernels_.Jet(theta_prev_, Rows(X_, n_int_), Uprev_);
  Kokkos::fence();
  lambda_prev_ = lambda_prev;
  has_prev_    = true;
  PetscFunctionReturn(PETSC_SUCCESS);
}

void HomotopyLossResidual::DirectionalG(double lambda, DView2 V, double sv, double vl, double h,
                                        DView2 out, DView1 outl) {
  const int  nc  = kernels_.NumComponents();
  const auto Xi  = Rows(X_, n_int_);
  const auto Ui  = Rows(U_, n_int_);
  const auto pol = Kokkos::RangePolicy<ExecSpace>(0, n_int_);
  Kokkos::parallel_for("petnet::HomotopyLoss::ShiftJet", pol, ShiftJet{Ui, V, Ut_, h * sv, nc});
  problem_->Interior(lambda + h * vl, Xi, Ut_, rp_, Gp_, rlp_);
  Kokkos::parallel_for("petnet::HomotopyLoss::ShiftJet", pol, ShiftJet{Ui, V, Ut_, -h * sv, nc});
  problem_->Interior(lambda - h * vl, Xi, Ut_, rp_, Gm_, rlm_);
  Kokkos::parallel_for("petnet::HomotopyLoss::CentralDifference", pol,
                       CentralDifference{Gp_, Gm_, rlp_, rlm_, out, outl, 0.5 / h, nc});
}

PetscErrorCode HomotopyLossResidual::SetPoint(const double *theta, double lambda) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(Log::residual, 0, 0, 0, 0));
  SetTheta(theta);
  lambda_       = lambda;
  const int  nc = kernels_.NumComponents();
  const auto Xi = Rows(X_, n_int_);
  const auto Ui = Rows(U_, n_int_);
  Jets();
  problem_->Interior(lambda, Xi, Ui, rraw_, Graw_, rlraw_);
  WeightRows(rraw_, Graw_, CView1(), U_); // the PINN part: interior and boundary rows
  const bool active    = has_prev_ && alpha_ > 0;
  double     inv_delta = 0;
  if (active) {
    const double delta = lambda - lambda_prev_;
    PetscCheck(delta != 0, comm_, PETSC_ERR_ARG_OUTOFRANGE,
               "homotopy loss: the step eps_k - eps_{k-1} is zero (eps = %g)", lambda);
    inv_delta = 1.0 / delta;
    Kokkos::parallel_for("petnet::HomotopyLoss::JetDifference",
                         Kokkos::RangePolicy<ExecSpace>(0, n_int_),
                         JetDifference{Ui, Uprev_, V_, inv_delta, nc});
    DirectionalG(lambda, V_, 1.0, 1.0, 1e-3 * std::fabs(delta), T_, Tl_);
  }
  Kokkos::parallel_for("petnet::HomotopyLoss::HomotopyRows",
                       Kokkos::RangePolicy<ExecSpace>(0, n_int_),
                       HomotopyRows{Graw_, V_, T_, rlraw_, weight_, r_, G_, sqrt_alpha_, inv_delta,
                                    static_cast<int>(n_int_ + n_bc_), nc, active});
  Kokkos::fence();
  PetscCall(PetscLogEventEnd(Log::residual, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossResidual::DLambda(Vec rl) {
  PetscFunctionBeginUser;
  const bool active    = has_prev_ && alpha_ > 0;
  double     inv_delta = 0;
  if (active) {
    const double delta = lambda_ - lambda_prev_;
    inv_delta          = 1.0 / delta;
    // ∂G/∂ε and ∂H_ε/∂ε at fixed jets (T_ is scratch once the seeds are assembled).
    DirectionalG(lambda_, V_, 0.0, 1.0, 1e-5 * std::fabs(delta), T_, Tl_);
  }
  Kokkos::parallel_for("petnet::HomotopyLoss::DLambda", Kokkos::RangePolicy<ExecSpace>(0, n_local_),
                       DLambdaRows{Graw_, V_, T_, rlraw_, Tl_, weight_, tmp_n_, sqrt_alpha_,
                                   inv_delta, static_cast<int>(n_int_), static_cast<int>(n_bc_),
                                   kernels_.NumComponents(), active});
  Kokkos::fence();
  PetscCall(ViewToVec(tmp_n_, rl));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossResidual::PartLosses(double *l_h, double *l_he) const {
  PetscFunctionBeginUser;
  auto h = Kokkos::create_mirror_view(r_);
  Kokkos::deep_copy(h, r_);
  double loc[2] = {0, 0}, glob[2];
  for (PetscInt q = 0; q < n_local_; ++q) loc[q < n_int_ + n_bc_ ? 0 : 1] += h(q) * h(q);
  PetscCallMPI(MPI_Allreduce(loc, glob, 2, MPI_DOUBLE, MPI_SUM, comm_));
  *l_h  = 0.5 * glob[0];
  *l_he = 0.5 * glob[1];
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
