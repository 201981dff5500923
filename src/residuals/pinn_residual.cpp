#include "residuals/pinn_residual.hpp"

#include "core/log.hpp"
#include "linalg/kokkos_petsc.hpp"

#include <cmath>

namespace petnet {

namespace {
/// Residual rows from the problem's interior residual (already in r, G) and the
/// Dirichlet rows: scale by the row weights; boundary rows are u − g.
struct AssembleRows {
  DView1 r, weight, g;
  DView2 G, U;
  DView1 rl;
  int    n_int, nc;
  bool   want_rl;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    const double w = weight(q);
    if (q >= n_int) { // boundary row
      r(q) = w * (U(q, 0) - g(q));
      for (int c = 0; c < nc; ++c) G(q, c) = c == 0 ? w : 0.0;
      if (want_rl) rl(q) = 0.0;
    } else {
      r(q) *= w;
      for (int c = 0; c < nc; ++c) G(q, c) *= w;
      if (want_rl) rl(q) *= w;
    }
  }
};
} // namespace

PinnResidual::~PinnResidual() {
  MatDestroy(&Jmat_);
  MatDestroy(&Vmat_);
}

PetscErrorCode PinnResidual::Setup(MPI_Comm comm, const Problem *problem, const MLPLayout &layout,
                                   const PointSet &interior, const PointSet &boundary, double bc_weight) {
  PetscFunctionBeginUser;
  PetscCheck(problem->Dim() == layout.InputDim(), comm, PETSC_ERR_ARG_INCOMP, "problem dimension %d != network input %d",
             problem->Dim(), layout.InputDim());
  PetscCheck(bc_weight > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "boundary weight must be > 0, got %g", bc_weight);
  comm_        = comm;
  problem_     = problem;
  layout_      = layout;
  kernels_     = MLPKernels(layout, problem->JetOrder());
  n_int_local_ = interior.LocalSize();
  n_local_     = interior.LocalSize() + boundary.LocalSize();
  const int d  = layout.InputDim(), nc = kernels_.NumComponents();
  const PetscInt p = layout.NumParams();

  X_      = DView2("petnet::points", n_local_, d);
  weight_ = DView1("petnet::row_weight", n_local_);
  g_      = DView1("petnet::dirichlet", n_local_);
  auto hX = Kokkos::create_mirror_view(X_);
  auto hw = Kokkos::create_mirror_view(weight_);
  auto hg = Kokkos::create_mirror_view(g_);
  for (PetscInt q = 0; q < n_local_; ++q) {
    const bool    bc = q >= n_int_local_;
    const double *x  = bc ? &boundary.Local()[(q - n_int_local_) * d] : &interior.Local()[q * d];
    for (int k = 0; k < d; ++k) hX(q, k) = x[k];
    hw(q) = bc ? boundary.RowWeight(q - n_int_local_, bc_weight) : interior.RowWeight(q);
    hg(q) = bc ? problem->BoundaryValue(x) : 0.0;
  }
  Kokkos::deep_copy(X_, hX);
  Kokkos::deep_copy(weight_, hw);
  Kokkos::deep_copy(g_, hg);

  theta_ = DView1("petnet::theta", p);
  U_     = DView2("petnet::jets", n_local_, nc);
  G_     = DView2("petnet::seeds", n_local_, nc);
  r_     = DView1("petnet::residual", n_local_);
  rl_    = DView1("petnet::dresidual", n_local_);
  J_     = DView2(Kokkos::view_alloc("petnet::jacobian", Kokkos::AllowPadding), n_local_, p);
  tmp_n_ = DView1("petnet::tmp_n", n_local_);
  tmp_p_ = DView1("petnet::tmp_p", p);

  PetscCall(CreateDenseFromView(comm, J_, &Jmat_));
  PetscCall(mfj_.Setup(
      comm, n_local_, p, [this](DView1 v, DView1 y) { kernels_.JacVec(theta_, X_, G_, v, y); },
      [this](Vec w, double *g) { return MultTranspose(w, g); }));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnResidual::SetPoint(const double *theta, double lambda) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(Log::residual, 0, 0, 0, 0));
  Kokkos::deep_copy(theta_, Kokkos::View<const double *, Kokkos::LayoutLeft, Kokkos::HostSpace,
                                         Kokkos::MemoryTraits<Kokkos::Unmanaged>>(theta, layout_.NumParams()));
  lambda_ = lambda;
  kernels_.Jet(theta_, X_, U_);
  // The problem sees only interior rows; boundary rows are assembled below.
  auto ri  = Kokkos::subview(r_, std::make_pair<size_t, size_t>(0, n_int_local_));
  auto rli = Kokkos::subview(rl_, std::make_pair<size_t, size_t>(0, n_int_local_));
  auto Gi  = Kokkos::subview(G_, std::make_pair<size_t, size_t>(0, n_int_local_), Kokkos::ALL());
  auto Xi  = Kokkos::subview(X_, std::make_pair<size_t, size_t>(0, n_int_local_), Kokkos::ALL());
  auto Ui  = Kokkos::subview(U_, std::make_pair<size_t, size_t>(0, n_int_local_), Kokkos::ALL());
  problem_->Interior(lambda, Xi, Ui, ri, Gi, rli);
  AssembleRows f{r_, weight_, g_, G_, U_, rl_, static_cast<int>(n_int_local_), kernels_.NumComponents(), true};
  Kokkos::parallel_for("petnet::AssembleRows", Kokkos::RangePolicy<ExecSpace>(0, n_local_), f);
  Kokkos::fence();
  jac_current_    = false;
  metric_current_ = false;
  PetscCall(PetscLogEventEnd(Log::residual, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnResidual::Residual(Vec r) {
  PetscFunctionBeginUser;
  PetscCall(ViewToVec(r_, r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnResidual::DLambda(Vec rl) {
  PetscFunctionBeginUser;
  PetscCall(ViewToVec(rl_, rl));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnResidual::Jacobian(Mat *J) {
  PetscFunctionBeginUser;
  if (!jac_current_) {
    kernels_.Jacobian(theta_, X_, G_, J_);
    PetscCall(SyncDenseFromView(J_, Jmat_));
    jac_current_ = true;
  }
  *J = Jmat_;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnResidual::MetricJacobian(Mat *V) {
  PetscFunctionBeginUser;
  if (!Vmat_) {
    const int nc = kernels_.NumComponents();
    Jv_          = DView2(Kokkos::view_alloc("petnet::value_jacobian", Kokkos::AllowPadding), n_int_local_,
                          layout_.NumParams());
    Gv_          = DView2("petnet::value_seeds", n_int_local_, nc);
    auto   hG    = Kokkos::create_mirror_view(Gv_);
    auto   hw    = Kokkos::create_mirror_view(weight_);
    Kokkos::deep_copy(hw, weight_);
    for (PetscInt q = 0; q < n_int_local_; ++q)
      for (int c = 0; c < nc; ++c) hG(q, c) = c == 0 ? hw(q) : 0.0; // interior weight 1/√n_res
    Kokkos::deep_copy(Gv_, hG);
    PetscCall(CreateDenseFromView(comm_, Jv_, &Vmat_));
  }
  if (!metric_current_) {
    auto Xi = Kokkos::subview(X_, std::make_pair<size_t, size_t>(0, n_int_local_), Kokkos::ALL());
    kernels_.Jacobian(theta_, Xi, Gv_, Jv_);
    PetscCall(SyncDenseFromView(Jv_, Vmat_));
    metric_current_ = true;
  }
  *V = Vmat_;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnResidual::JacobianOperator(Mat *A) {
  PetscFunctionBeginUser;
  PetscCall(mfj_.Operator(A));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnResidual::MultTranspose(Vec w, double *g) {
  const PetscInt p = layout_.NumParams();
  PetscFunctionBeginUser;
  PetscCall(VecToView(w, tmp_n_));
  kernels_.JacTVec(theta_, X_, G_, tmp_n_, tmp_p_);
  auto h = Kokkos::create_mirror_view(tmp_p_);
  Kokkos::deep_copy(h, tmp_p_);
  PetscCallMPI(MPI_Allreduce(h.data(), g, static_cast<int>(p), MPI_DOUBLE, MPI_SUM, comm_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnResidual::EvaluateU(const double *theta, const std::vector<double> &pts,
                                       std::vector<double> *u) const {
  const int      d = layout_.InputDim();
  const PetscInt n = static_cast<PetscInt>(pts.size() / d);
  PetscFunctionBeginUser;
  MLPKernels k0(layout_, 0);
  DView2     X("petnet::eval_points", n, d), U("petnet::eval_u", n, 1);
  DView1     th("petnet::eval_theta", layout_.NumParams());
  auto       hX = Kokkos::create_mirror_view(X);
  for (PetscInt q = 0; q < n; ++q)
    for (int k = 0; k < d; ++k) hX(q, k) = pts[q * d + k];
  Kokkos::deep_copy(X, hX);
  Kokkos::deep_copy(th, Kokkos::View<const double *, Kokkos::LayoutLeft, Kokkos::HostSpace,
                                     Kokkos::MemoryTraits<Kokkos::Unmanaged>>(theta, layout_.NumParams()));
  k0.Jet(th, X, U);
  auto hU = Kokkos::create_mirror_view(U);
  Kokkos::deep_copy(hU, U);
  u->resize(n);
  for (PetscInt q = 0; q < n; ++q) (*u)[q] = hU(q, 0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
