#include "residuals/residual_base.hpp"

#include "functions/homotopy_loss_function.hpp"
#include "linalg/kokkos_petsc.hpp"

namespace petnet {

namespace {
/// The loss rows: interior rows w × (r, G, ∂r/∂λ) of the problem, Dirichlet rows
/// w (u − g) with seeds w e₀ and ∂r/∂λ = 0.
struct WeightRowsKernel {
  DView1                      r, rl;
  DView2                      G;
  CView1                      r_in, rl_in, weight, g;
  CView2                      G_in, U;
  RowFlags                    dirichlet;
  int                         nc;
  bool                        want_rl;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    const double w = weight(q);
    if (dirichlet(q)) {
      r(q) = w * (U(q, 0) - g(q));
      for (int c = 0; c < nc; ++c) G(q, c) = c == 0 ? w : 0.0;
      if (want_rl) rl(q) = 0.0;
    } else {
      r(q) = w * r_in(q);
      for (int c = 0; c < nc; ++c) G(q, c) = w * G_in(q, c);
      if (want_rl) rl(q) = w * rl_in(q);
    }
  }
};
} // namespace

void CopyParams(const double *theta, PetscInt p, DView1 out) {
  Kokkos::deep_copy(out, Kokkos::View<const double *, Kokkos::LayoutLeft, Kokkos::HostSpace,
                                      Kokkos::MemoryTraits<Kokkos::Unmanaged>>(theta, p));
}

PetscErrorCode SumOverRanks(MPI_Comm comm, DView1 local, double *g) {
  PetscFunctionBeginUser;
  auto h = Kokkos::create_mirror_view(local);
  Kokkos::deep_copy(h, local);
  PetscCallMPI(
      MPI_Allreduce(h.data(), g, static_cast<int>(local.extent(0)), MPI_DOUBLE, MPI_SUM, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> ResidualBase<Interface>::~ResidualBase() {
  MatDestroy(&Jmat_); // destructors cannot return error codes
}

template <class Interface>
PetscErrorCode ResidualBase<Interface>::SetupRows(MPI_Comm comm, PetscInt n_local, PetscInt p,
                                                  int nc, const std::string &tag) {
  PetscFunctionBeginUser;
  comm_    = comm;
  n_local_ = n_local;
  p_       = p;
  nc_      = nc;
  tag_     = tag;
  theta_   = DView1(tag + "theta", p);
  G_       = DView2(tag + "seeds", n_local, nc);
  r_       = DView1(tag + "residual", n_local);
  rl_      = DView1(tag + "dresidual", n_local);
  tmp_n_   = DView1(tag + "tmp_n", n_local);
  tmp_p_   = DView1(tag + "tmp_p", p);
  PetscCall(mfj_.Setup(
      comm, n_local, p, [this](DView1 v, DView1 y) { JacVecRows(v, y); },
      [this](Vec w, double *g) { return MultTranspose(w, g); }));
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface>
void ResidualBase<Interface>::SetRowData(const std::vector<double> &weight,
                                         const std::vector<int>    &dirichlet,
                                         const std::vector<double> &g) {
  const size_t n = weight.size();
  weight_        = DView1(tag_ + "row_weight", n);
  g_             = DView1(tag_ + "dirichlet_value", n);
  dirichlet_     = RowFlags(tag_ + "row_is_dirichlet", n);
  auto hw        = Kokkos::create_mirror_view(weight_);
  auto hg        = Kokkos::create_mirror_view(g_);
  auto hb        = Kokkos::create_mirror_view(dirichlet_);
  for (size_t q = 0; q < n; ++q) hw(q) = weight[q], hg(q) = g[q], hb(q) = dirichlet[q];
  Kokkos::deep_copy(weight_, hw);
  Kokkos::deep_copy(g_, hg);
  Kokkos::deep_copy(dirichlet_, hb);
}

template <class Interface> void ResidualBase<Interface>::SetTheta(const double *theta) {
  CopyParams(theta, p_, theta_);
  ++point_id_;
}

template <class Interface>
void ResidualBase<Interface>::WeightRows(CView1 r_in, CView2 G_in, CView1 rl_in, CView2 U) {
  const WeightRowsKernel k{r_, rl_,  G_, r_in,       rl_in, weight_,
                           g_, G_in, U,  dirichlet_, nc_,   rl_in.extent(0) > 0};
  Kokkos::parallel_for("petnet::WeightRows", Kokkos::RangePolicy<ExecSpace>(0, weight_.extent(0)),
                       k);
}

template <class Interface> PetscErrorCode ResidualBase<Interface>::Residual(Vec r) {
  PetscFunctionBeginUser;
  PetscCall(ViewToVec(r_, r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> PetscErrorCode ResidualBase<Interface>::DLambda(Vec rl) {
  PetscFunctionBeginUser;
  PetscCall(ViewToVec(rl_, rl));
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> PetscErrorCode ResidualBase<Interface>::Jacobian(Mat *J) {
  PetscFunctionBeginUser;
  if (!Jmat_) {
    J_ = DView2(Kokkos::view_alloc(tag_ + "jacobian", Kokkos::AllowPadding), n_local_, p_);
    PetscCall(CreateDenseFromView(comm_, J_, &Jmat_));
  }
  if (jac_point_ != point_id_) {
    JacobianRows(J_);
    PetscCall(SyncDenseFromView(J_, Jmat_));
    jac_point_ = point_id_;
  }
  *J = Jmat_;
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> PetscErrorCode ResidualBase<Interface>::JacobianOperator(Mat *A) {
  PetscFunctionBeginUser;
  PetscCall(mfj_.Operator(A));
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> PetscErrorCode ResidualBase<Interface>::MultTranspose(Vec w, double *g) {
  PetscFunctionBeginUser;
  PetscCall(VecToView(w, tmp_n_));
  PetscCall(JacTVecRows(tmp_n_, tmp_p_));
  PetscCall(SumOverRanks(comm_, tmp_p_, g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

template class ResidualBase<ResidualFunction>;
template class ResidualBase<HomotopyLossFunction>;

} // namespace petnet
