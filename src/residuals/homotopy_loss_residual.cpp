#include "residuals/homotopy_loss_residual.hpp"

#include "core/log.hpp"
#include "linalg/kokkos_petsc.hpp"

#include <cmath>

namespace petnet {

namespace {
using Range = std::pair<size_t, size_t>;

/// Interior and boundary rows (the PINN part): weights times the problem's residual
/// and G, or the Dirichlet rows w (u − g).
struct PinnRows {
  DView1 r, weight, g, rraw;
  DView2 G, Graw;
  CView2 U;
  int    n_int, nc;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    const double w = weight(q);
    if (q >= n_int) {
      r(q) = w * (U(q, 0) - g(q));
      for (int c = 0; c < nc; ++c) G(q, c) = c == 0 ? w : 0.0;
    } else {
      r(q) = w * rraw(q);
      for (int c = 0; c < nc; ++c) G(q, c) = w * Graw(q, c);
    }
  }
};

/// V = (U − U_prev)/δ on the interior rows.
struct JetDifference {
  CView2 U, Uprev;
  DView2 V;
  double inv_delta;
  int    nc;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    for (int c = 0; c < nc; ++c) V(q, c) = (U(q, c) - Uprev(q, c)) * inv_delta;
  }
};

/// Ut = U + s V.
struct ShiftJet {
  CView2 U, V;
  DView2 Ut;
  double s;
  int    nc;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    for (int c = 0; c < nc; ++c) Ut(q, c) = U(q, c) + s * V(q, c);
  }
};

/// Central difference: T = (Gp − Gm)/(2h), Tl = (rlp − rlm)/(2h).
struct CentralDifference {
  CView2 Gp, Gm;
  CView1 rlp, rlm;
  DView2 T;
  DView1 Tl;
  double inv_2h;
  int    nc;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    for (int c = 0; c < nc; ++c) T(q, c) = (Gp(q, c) - Gm(q, c)) * inv_2h;
    Tl(q) = (rlp(q) - rlm(q)) * inv_2h;
  }
};

/// The L_Hε rows (offset `row0`): r = w_h (Σ_c G_c V_c + H_ε), seeds w_h (G/δ + T),
/// w_h = √α × the point's interior weight.
struct HomotopyRows {
  CView2 Graw, V, T;
  CView1 rlraw, weight;
  DView1 r;
  DView2 G;
  double sqrt_alpha, inv_delta;
  int    row0, nc;
  bool   active;
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
  CView2 Graw, V, T;
  CView1 rlraw, Tl, weight;
  DView1 out;
  double sqrt_alpha, inv_delta;
  int    n_int, n_bc, nc;
  bool   active;
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

HomotopyLossResidual::~HomotopyLossResidual() {
  MatDestroy(&Jmat_);
  MatDestroy(&Vmat_);
}

PetscErrorCode HomotopyLossResidual::Setup(MPI_Comm comm, const Problem *problem, const MLPLayout &layout,
                                           const PointSet &interior, const PointSet &boundary, double bc_weight,
                                           double alpha) {
  PetscFunctionBeginUser;
  PetscCheck(problem->Dim() == layout.InputDim(), comm, PETSC_ERR_ARG_INCOMP, "problem dimension %d != network input %d",
             problem->Dim(), layout.InputDim());
  PetscCheck(bc_weight > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "boundary weight must be > 0, got %g", bc_weight);
  PetscCheck(alpha >= 0 && std::isfinite(alpha), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "homotopy-loss weight alpha must be >= 0, got %g", alpha);
  PetscCheck(interior.GlobalSize() > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "the homotopy loss needs interior points");
  comm_    = comm;
  problem_ = problem;
  layout_  = layout;
  alpha_   = alpha;
  kernels_ = MLPKernels(layout, problem->JetOrder());
  n_int_   = interior.LocalSize();
  n_bc_    = boundary.LocalSize();
  n_local_ = 2 * n_int_ + n_bc_;
  has_prev_ = false;
  const int      d = layout.InputDim(), nc = kernels_.NumComponents();
  const PetscInt p = layout.NumParams();
  sqrt_alpha_ = std::sqrt(alpha); // the L_Hε rows of an interior point carry √α times its row weight

  X_      = DView2("petnet::hl_points", n_local_, d);
  weight_ = DView1("petnet::hl_row_weight", n_int_ + n_bc_);
  g_      = DView1("petnet::hl_dirichlet", n_int_ + n_bc_);
  auto hX = Kokkos::create_mirror_view(X_);
  auto hw = Kokkos::create_mirror_view(weight_);
  auto hg = Kokkos::create_mirror_view(g_);
  for (PetscInt q = 0; q < n_local_; ++q) {
    const bool    bc = q >= n_int_ && q < n_int_ + n_bc_;
    const PetscInt i = q < n_int_ ? q : (bc ? q - n_int_ : q - n_int_ - n_bc_);
    const double *x  = bc ? &boundary.Local()[i * d] : &interior.Local()[i * d];
    for (int k = 0; k < d; ++k) hX(q, k) = x[k];
    if (q < n_int_ + n_bc_) {
      hw(q) = bc ? boundary.RowWeight(i, bc_weight) : interior.RowWeight(i);
      hg(q) = bc ? problem->BoundaryValue(x) : 0.0;
    }
  }
  Kokkos::deep_copy(X_, hX);
  Kokkos::deep_copy(weight_, hw);
  Kokkos::deep_copy(g_, hg);

  theta_      = DView1("petnet::hl_theta", p);
  theta_prev_ = DView1("petnet::hl_theta_prev", p);
  U_          = DView2("petnet::hl_jets", n_int_ + n_bc_, nc);
  Uprev_      = DView2("petnet::hl_jets_prev", n_int_, nc);
  V_          = DView2("petnet::hl_jet_rate", n_int_, nc);
  Graw_       = DView2("petnet::hl_G", n_int_, nc);
  G_          = DView2("petnet::hl_seeds", n_local_, nc);
  rraw_       = DView1("petnet::hl_R", n_int_);
  rlraw_      = DView1("petnet::hl_Reps", n_int_);
  r_          = DView1("petnet::hl_residual", n_local_);
  Gp_         = DView2("petnet::hl_Gp", n_int_, nc);
  Gm_         = DView2("petnet::hl_Gm", n_int_, nc);
  Ut_         = DView2("petnet::hl_Ut", n_int_, nc);
  T_          = DView2("petnet::hl_T", n_int_, nc);
  rp_         = DView1("petnet::hl_rp", n_int_);
  rlp_        = DView1("petnet::hl_rlp", n_int_);
  rlm_        = DView1("petnet::hl_rlm", n_int_);
  Tl_         = DView1("petnet::hl_Tl", n_int_);
  J_          = DView2(Kokkos::view_alloc("petnet::hl_jacobian", Kokkos::AllowPadding), n_local_, p);
  tmp_n_      = DView1("petnet::hl_tmp_n", n_local_);
  tmp_p_      = DView1("petnet::hl_tmp_p", p);

  PetscCall(CreateDenseFromView(comm, J_, &Jmat_));
  PetscCall(mfj_.Setup(
      comm, n_local_, p, [this](DView1 v, DView1 y) { kernels_.JacVec(theta_, X_, G_, v, y); },
      [this](Vec w, double *g) { return MultTranspose(w, g); }));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossResidual::SetPrevious(const double *theta_prev, double lambda_prev) {
  PetscFunctionBeginUser;
  Kokkos::deep_copy(theta_prev_, Kokkos::View<const double *, Kokkos::LayoutLeft, Kokkos::HostSpace,
                                              Kokkos::MemoryTraits<Kokkos::Unmanaged>>(theta_prev, layout_.NumParams()));
  auto Xi = Kokkos::subview(X_, Range(0, n_int_), Kokkos::ALL());
  kernels_.Jet(theta_prev_, Xi, Uprev_);
  Kokkos::fence();
  lambda_prev_ = lambda_prev;
  has_prev_    = true;
  PetscFunctionReturn(PETSC_SUCCESS);
}

void HomotopyLossResidual::DirectionalG(double lambda, DView2 V, double sv, double vl, double h, DView2 out,
                                        DView1 outl) {
  const int nc = kernels_.NumComponents();
  auto      Xi = Kokkos::subview(X_, Range(0, n_int_), Kokkos::ALL());
  auto      Ui = Kokkos::subview(U_, Range(0, n_int_), Kokkos::ALL());
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
  Kokkos::deep_copy(theta_, Kokkos::View<const double *, Kokkos::LayoutLeft, Kokkos::HostSpace,
                                         Kokkos::MemoryTraits<Kokkos::Unmanaged>>(theta, layout_.NumParams()));
  lambda_      = lambda;
  const int nc = kernels_.NumComponents();
  auto      Xab = Kokkos::subview(X_, Range(0, n_int_ + n_bc_), Kokkos::ALL());
  auto      Xi  = Kokkos::subview(X_, Range(0, n_int_), Kokkos::ALL());
  auto      Ui  = Kokkos::subview(U_, Range(0, n_int_), Kokkos::ALL());
  kernels_.Jet(theta_, Xab, U_);
  problem_->Interior(lambda, Xi, Ui, rraw_, Graw_, rlraw_);
  Kokkos::parallel_for("petnet::HomotopyLoss::PinnRows", Kokkos::RangePolicy<ExecSpace>(0, n_int_ + n_bc_),
                       PinnRows{r_, weight_, g_, rraw_, G_, Graw_, U_, static_cast<int>(n_int_), nc});
  const bool active = has_prev_ && alpha_ > 0;
  double     inv_delta = 0;
  if (active) {
    const double delta = lambda - lambda_prev_;
    PetscCheck(delta != 0, comm_, PETSC_ERR_ARG_OUTOFRANGE,
               "homotopy loss: the step eps_k - eps_{k-1} is zero (eps = %g)", lambda);
    inv_delta = 1.0 / delta;
    Kokkos::parallel_for("petnet::HomotopyLoss::JetDifference", Kokkos::RangePolicy<ExecSpace>(0, n_int_),
                         JetDifference{Ui, Uprev_, V_, inv_delta, nc});
    DirectionalG(lambda, V_, 1.0, 1.0, 1e-3 * std::fabs(delta), T_, Tl_);
  }
  Kokkos::parallel_for("petnet::HomotopyLoss::HomotopyRows", Kokkos::RangePolicy<ExecSpace>(0, n_int_),
                       HomotopyRows{Graw_, V_, T_, rlraw_, weight_, r_, G_, sqrt_alpha_, inv_delta, static_cast<int>(n_int_ + n_bc_), nc,
                                    active});
  Kokkos::fence();
  jac_current_    = false;
  metric_current_ = false;
  PetscCall(PetscLogEventEnd(Log::residual, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossResidual::Residual(Vec r) {
  PetscFunctionBeginUser;
  PetscCall(ViewToVec(r_, r));
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
                       DLambdaRows{Graw_, V_, T_, rlraw_, Tl_, weight_, tmp_n_, sqrt_alpha_, inv_delta, static_cast<int>(n_int_),
                                   static_cast<int>(n_bc_), kernels_.NumComponents(), active});
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

PetscErrorCode HomotopyLossResidual::Jacobian(Mat *J) {
  PetscFunctionBeginUser;
  if (!jac_current_) {
    kernels_.Jacobian(theta_, X_, G_, J_);
    PetscCall(SyncDenseFromView(J_, Jmat_));
    jac_current_ = true;
  }
  *J = Jmat_;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossResidual::MetricJacobian(Mat *V) {
  PetscFunctionBeginUser;
  if (!Vmat_) {
    const int nc = kernels_.NumComponents();
    Jv_ = DView2(Kokkos::view_alloc("petnet::hl_value_jacobian", Kokkos::AllowPadding), n_int_, layout_.NumParams());
    Gv_ = DView2("petnet::hl_value_seeds", n_int_, nc);
    auto hG = Kokkos::create_mirror_view(Gv_);
    auto hw = Kokkos::create_mirror_view(weight_);
    Kokkos::deep_copy(hw, weight_);
    for (PetscInt q = 0; q < n_int_; ++q)
      for (int c = 0; c < nc; ++c) hG(q, c) = c == 0 ? hw(q) : 0.0; // interior weight
    Kokkos::deep_copy(Gv_, hG);
    PetscCall(CreateDenseFromView(comm_, Jv_, &Vmat_));
  }
  if (!metric_current_) {
    auto Xi = Kokkos::subview(X_, Range(0, n_int_), Kokkos::ALL());
    kernels_.Jacobian(theta_, Xi, Gv_, Jv_);
    PetscCall(SyncDenseFromView(Jv_, Vmat_));
    metric_current_ = true;
  }
  *V = Vmat_;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossResidual::JacobianOperator(Mat *A) {
  PetscFunctionBeginUser;
  PetscCall(mfj_.Operator(A));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode HomotopyLossResidual::MultTranspose(Vec w, double *g) {
  const PetscInt p = layout_.NumParams();
  PetscFunctionBeginUser;
  PetscCall(VecToView(w, tmp_n_));
  kernels_.JacTVec(theta_, X_, G_, tmp_n_, tmp_p_);
  auto h = Kokkos::create_mirror_view(tmp_p_);
  Kokkos::deep_copy(h, tmp_p_);
  PetscCallMPI(MPI_Allreduce(h.data(), g, static_cast<int>(p), MPI_DOUBLE, MPI_SUM, comm_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
