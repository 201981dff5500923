#include "residuals/mlp_residual.hpp"

#include "functions/homotopy_loss_function.hpp"
#include "linalg/kokkos_petsc.hpp"

namespace petnet {

template <class Interface> MLPResidual<Interface>::~MLPResidual() {
  MatDestroy(&Vmat_); // destructors cannot return error codes
}

template <class Interface>
PetscErrorCode MLPResidual<Interface>::SetupPoints(MPI_Comm comm, const Problem *problem,
                                                   const MLPLayout &layout,
                                                   const PointSet  &interior,
                                                   const PointSet &boundary, double bc_weight,
                                                   bool repeat_interior, const std::string &tag) {
  PetscFunctionBeginUser;
  PetscCheck(problem->Dim() == layout.InputDim(), comm, PETSC_ERR_ARG_INCOMP,
             "problem dimension %d != network input %d", problem->Dim(), layout.InputDim());
  PetscCheck(bc_weight > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "boundary weight must be > 0, got %g",
             bc_weight);
  problem_              = problem;
  layout_               = layout;
  kernels_              = MLPKernels(layout, problem->JetOrder());
  n_int_                = interior.LocalSize();
  n_bc_                 = boundary.LocalSize();
  const PetscInt n_rows = n_int_ + n_bc_, n_local = n_rows + (repeat_interior ? n_int_ : 0);
  const int      d = layout.InputDim(), nc = kernels_.NumComponents();
  PetscCall(this->SetupRows(comm, n_local, layout.NumParams(), nc, tag));

  X_                     = DView2(tag + "points", n_local, d);
  U_                     = DView2(tag + "jets", n_rows, nc);
  auto                hX = Kokkos::create_mirror_view(X_);
  std::vector<double> weight(n_rows), g(n_rows);
  std::vector<int>    dirichlet(n_rows);
  for (PetscInt q = 0; q < n_local; ++q) {
    const bool     bc = q >= n_int_ && q < n_rows;
    const PetscInt i  = q < n_int_ ? q : (bc ? q - n_int_ : q - n_rows);
    const double  *x  = bc ? &boundary.Local()[i * d] : &interior.Local()[i * d];
    for (int k = 0; k < d; ++k) hX(q, k) = x[k];
    if (q < n_rows) {
      weight[q]    = bc ? boundary.RowWeight(i, bc_weight) : interior.RowWeight(i);
      g[q]         = bc ? problem->BoundaryValue(x) : 0.0;
      dirichlet[q] = bc ? 1 : 0;
    }
  }
  Kokkos::deep_copy(X_, hX);
  this->SetRowData(weight, dirichlet, g);
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> void MLPResidual<Interface>::Jets() {
  kernels_.Jet(this->theta_, Rows(X_, n_int_ + n_bc_), U_);
}

template <class Interface> void MLPResidual<Interface>::JacobianRows(DView2 J) {
  kernels_.Jacobian(this->theta_, X_, this->G_, J);
}

template <class Interface> void MLPResidual<Interface>::JacVecRows(DView1 v, DView1 y) {
  kernels_.JacVec(this->theta_, X_, this->G_, v, y);
}

template <class Interface> PetscErrorCode MLPResidual<Interface>::JacTVecRows(DView1 w, DView1 g) {
  PetscFunctionBeginUser;
  kernels_.JacTVec(this->theta_, X_, this->G_, w, g);
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> PetscErrorCode MLPResidual<Interface>::MetricJacobian(Mat *V) {
  PetscFunctionBeginUser;
  if (!Vmat_) {
    const int nc = kernels_.NumComponents();
    Jv_ = DView2(Kokkos::view_alloc(this->tag_ + "value_jacobian", Kokkos::AllowPadding), n_int_,
                 this->p_);
    Gv_ = DView2(this->tag_ + "value_seeds", n_int_, nc);
    auto hG = Kokkos::create_mirror_view(Gv_);
    auto hw = Kokkos::create_mirror_view(this->weight_);
    Kokkos::deep_copy(hw, this->weight_);
    for (PetscInt q = 0; q < n_int_; ++q)
      for (int c = 0; c < nc; ++c) hG(q, c) = c == 0 ? hw(q) : 0.0; // the interior row weight
    Kokkos::deep_copy(Gv_, hG);
    PetscCall(CreateDenseFromView(this->comm_, Jv_, &Vmat_));
  }
  if (metric_point_ != this->PointId()) {
    kernels_.Jacobian(this->theta_, Rows(X_, n_int_), Gv_, Jv_);
    PetscCall(SyncDenseFromView(Jv_, Vmat_));
    metric_point_ = this->PointId();
  }
  *V = Vmat_;
  PetscFunctionReturn(PETSC_SUCCESS);
}

template class MLPResidual<ResidualFunction>;
template class MLPResidual<HomotopyLossFunction>;

} // namespace petnet
