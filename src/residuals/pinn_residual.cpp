#include "residuals/pinn_residual.hpp"

#include "core/log.hpp"

namespace petnet {

PetscErrorCode PinnResidual::Setup(MPI_Comm comm, const Problem *problem, const MLPLayout &layout,
                                   const PointSet &interior, const PointSet &boundary,
                                   double bc_weight) {
  PetscFunctionBeginUser;
  PetscCall(SetupPoints(comm, problem, layout, interior, boundary, bc_weight, false, "petnet::"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnResidual::SetPoint(const double *theta, double lambda) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(Log::residual, 0, 0, 0, 0));
  SetTheta(theta);
  Jets();
  // The problem sees only interior rows; boundary rows are assembled by WeightRows.
  auto ri  = Kokkos::subview(r_, std::make_pair<size_t, size_t>(0, n_int_));
  auto rli = Kokkos::subview(rl_, std::make_pair<size_t, size_t>(0, n_int_));
  problem_->Interior(lambda, Rows(X_, n_int_), Rows(U_, n_int_), ri, Rows(G_, n_int_), rli);
  WeightRows(r_, G_, rl_, U_);
  PetscCall(PhaseRows());
  Kokkos::fence();
  PetscCall(PetscLogEventEnd(Log::residual, 0, 0, 0, 0));
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
  CopyParams(theta, layout_.NumParams(), th);
  k0.Jet(th, X, U);
  auto hU = Kokkos::create_mirror_view(U);
  Kokkos::deep_copy(hU, U);
  u->resize(n);
  for (PetscInt q = 0; q < n; ++q) (*u)[q] = hU(q, 0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
