#include "residuals/operator_residual.hpp"

#include "core/log.hpp"
#include "linalg/kokkos_petsc.hpp"
#include "sampling/grf.hpp"

#include <cmath>

namespace petnet {

PetscErrorCode OperatorResidual::Setup(MPI_Comm comm, const OperatorProblem *problem,
                                       const DeepONetLayout      &layout,
                                       const std::vector<double> &points,
                                       const std::vector<char> &boundary, PetscInt n_functions,
                                       const InputProvider &inputs, double bc_weight) {
  PetscFunctionBeginUser;
  const int d = problem->Dim();
  PetscCheck(layout.Dim() == d, comm, PETSC_ERR_ARG_INCOMP,
             "problem dimension %d != DeepONet trunk input %d", d, layout.Dim());
  PetscCheck(bc_weight > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "boundary weight must be > 0, got %g",
             bc_weight);
  PetscCheck(n_functions >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "need >= 1 training function");
  problem_      = problem;
  layout_       = layout;
  n_points_     = static_cast<PetscInt>(points.size() / d);
  n_global_     = n_functions * n_points_;
  PetscInt n_bc = 0;
  for (char b : boundary) n_bc += b ? 1 : 0;
  PetscCheck(n_points_ - n_bc > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "no interior points");
  PetscInt r0, n_local;
  OwnedBlock(comm, n_global_, &r0, &n_local);
  kern_ = DeepONetKernels(layout, problem->JetOrder());
  PetscCall(SetupRows(comm, n_local, layout.NumParams(), kern_.NumComponents(), "petnet::op::"));
  U_ = DView2("petnet::op::jets", n_local, kern_.NumComponents());
  PetscCall(SetupRowData(r0, inputs, points, boundary, n_functions, bc_weight));
  PetscCall(SetupTrunkSplit());
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorResidual::SetupRowData(PetscInt r0, const InputProvider &inputs,
                                              const std::vector<double> &points,
                                              const std::vector<char>   &boundary,
                                              PetscInt n_functions, double bc_weight) {
  PetscFunctionBeginUser;
  const int d = problem_->Dim(), m = layout_.Sensors();
  PetscInt  n_bc = 0;
  for (char b : boundary) n_bc += b ? 1 : 0;
  const PetscInt n_int = n_points_ - n_bc;
  // Functions touched by this rank's rows.
  const PetscInt f0      = n_local_ ? r0 / n_points_ : 0,
                 f1      = n_local_ ? (r0 + n_local_ - 1) / n_points_ + 1 : 0;
  const PetscInt      nf = f1 - f0;
  DView2              V("petnet::op::sensors", nf, m);
  auto                hV = Kokkos::create_mirror_view(V);
  std::vector<double> sens(m), atp(n_points_), u0rows(n_local_);
  std::vector<int>    fidx(n_local_), pidx(n_local_);
  for (PetscInt i = f0; i < f1; ++i) {
    inputs(i, sens.data(), atp.data());
    for (int j = 0; j < m; ++j) hV(i - f0, j) = sens[j];
    for (PetscInt q = 0; q < n_points_; ++q) {
      const PetscInt r = i * n_points_ + q - r0;
      if (r < 0 || r >= n_local_) continue;
      u0rows[r] = atp[q];
      fidx[r]   = static_cast<int>(i - f0);
      pidx[r]   = static_cast<int>(q);
    }
  }
  Kokkos::deep_copy(V, hV);
  Y_      = DView2("petnet::op::points", n_points_, d);
  auto hY = Kokkos::create_mirror_view(Y_);
  for (PetscInt q = 0; q < n_points_; ++q)
    for (int k = 0; k < d; ++k) hY(q, k) = points[q * d + k];
  Kokkos::deep_copy(Y_, hY);
  kern_.SetData(V, Y_, fidx, pidx);

  Xr_             = DView2("petnet::op::row_points", n_local_, d);
  U0r_            = DView1("petnet::op::row_u0", n_local_);
  auto         hX = Kokkos::create_mirror_view(Xr_);
  auto         hU = Kokkos::create_mirror_view(U0r_);
  const double wi = 1.0 / std::sqrt(static_cast<double>(n_functions) * n_int);
  const double wb = n_bc ? std::sqrt(bc_weight / (static_cast<double>(n_functions) * n_bc)) : 0.0;
  // zero Dirichlet values for every s; a space-time problem's: the initial values u₀
  std::vector<double> weight(n_local_), zero(n_local_, 0.0);
  std::vector<int>    dirichlet(n_local_);
  for (PetscInt r = 0; r < n_local_; ++r) {
    const PetscInt q = pidx[r];
    for (int k = 0; k < d; ++k) hX(r, k) = points[q * d + k];
    hU(r)        = u0rows[r];
    dirichlet[r] = boundary[q] ? 1 : 0;
    weight[r]    = boundary[q] ? wb : wi;
    if (boundary[q] && problem_->SpaceTime()) zero[r] = u0rows[r];
  }
  Kokkos::deep_copy(Xr_, hX);
  Kokkos::deep_copy(U0r_, hU);
  SetRowData(weight, dirichlet, zero);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorResidual::SetupTrunkSplit() {
  PetscFunctionBeginUser;
  // The trunk's sweeps are split over the ranks by points (block [q0_, q0_ + nq) here):
  // J·v all-gathers the trunk tangents, Jᵀw reduce-scatters the trunk adjoints.
  const int np = kern_.Points(), kc = layout_.Features() * kern_.NumComponents(),
            size = Size(comm_);
  PetscInt q0, nq;
  OwnedBlock(comm_, np, &q0, &nq);
  q0_ = static_cast<int>(q0);
  // every rank's block size (doubles), as OwnedBlock split the points
  const int mine = static_cast<int>(nq) * kc;
  trunk_counts_.resize(size);
  trunk_displs_.resize(size);
  PetscCallMPI(MPI_Allgather(&mine, 1, MPI_INT, trunk_counts_.data(), 1, MPI_INT, comm_));
  for (int k = 0, off = 0; k < size; ++k) {
    trunk_displs_[k] = off;
    off += trunk_counts_[k];
  }
  Tt_   = WView("petnet::op::trunk_tangent", np, kc);
  Tbar_ = WView("petnet::op::trunk_adjoint", np, kc);
  Tblk_ = WView("petnet::op::trunk_adjoint_block", nq, kc);
  Bbar_ = WView("petnet::op::branch_adjoint", kern_.Functions(), layout_.Features());
  PetscFunctionReturn(PETSC_SUCCESS);
}

void OperatorResidual::JacVecRows(DView1 v, DView1 y) {
  const double t0 = MPI_Wtime();
  kern_.TrunkTangent(v, q0_, q0_ + static_cast<int>(Tblk_.extent(0)), Tt_);
  const double t1 = MPI_Wtime();
  auto         h  = Kokkos::create_mirror_view(Tt_);
  Kokkos::deep_copy(h, Tt_);
  MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, h.data(), trunk_counts_.data(), trunk_displs_.data(),
                 MPI_DOUBLE,
                 comm_); // errors are fatal: this callback cannot return one
  Kokkos::deep_copy(Tt_, h);
  const double t2 = MPI_Wtime();
  kern_.JacVecRows(v, G_, Tt_, y);
  ++count_.jv;
  count_.jv_s += MPI_Wtime() - t0;
  count_.allreduce_s += t2 - t1;
}

double OperatorResidual::MemoryBytes() const {
  const double nc = kern_.NumComponents(), n = static_cast<double>(n_local_),
               p = static_cast<double>(layout_.NumParams());
  // rows: points, u0, weight, flag, jets, seeds, r, rl, tmp, row maps (2 ints + CSR 2 ints)
  return 8.0 * n * (Xr_.extent(1) + 5 + 2 * nc) + 4.0 * n * 5 + 8.0 * p * 4;
}

PetscErrorCode OperatorResidual::SetPoint(const double *theta, double lambda) {
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(Log::residual, 0, 0, 0, 0));
  const double t0 = MPI_Wtime();
  SetTheta(theta);
  kern_.SetTheta(theta_);
  kern_.Jet(U_);
  problem_->Homotopy(lambda, Xr_, U0r_, U_, r_, G_, rl_);
  WeightRows(r_, G_, rl_, U_);
  Kokkos::fence();
  ++count_.points;
  count_.point_s += MPI_Wtime() - t0;
  PetscCall(PetscLogEventEnd(Log::residual, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void OperatorResidual::JacobianRows(DView2 J) { kern_.Jacobian(G_, J); }

PetscErrorCode OperatorResidual::Jacobian(Mat *J) {
  PetscFunctionBeginUser;
  ++count_.linearizations;
  PetscCall(ResidualBase::Jacobian(J));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorResidual::JacobianOperator(Mat *A) {
  PetscFunctionBeginUser;
  ++count_.linearizations;
  PetscCall(ResidualBase::JacobianOperator(A));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorResidual::JacTVecRows(DView1 w, DView1 g) {
  PetscFunctionBeginUser;
  kern_.Adjoints(w, G_, Tbar_, Bbar_);
  const double ta = MPI_Wtime();
  { // Σ over ranks of the trunk adjoints, each rank keeping its block of points
    auto hb = Kokkos::create_mirror_view(Tbar_);
    auto hk = Kokkos::create_mirror_view(Tblk_);
    Kokkos::deep_copy(hb, Tbar_);
    PetscCallMPI(
        MPI_Reduce_scatter(hb.data(), hk.data(), trunk_counts_.data(), MPI_DOUBLE, MPI_SUM, comm_));
    Kokkos::deep_copy(Tblk_, hk);
  }
  count_.allreduce_s += MPI_Wtime() - ta;
  kern_.ReverseAdjoints(w, G_, Tblk_, q0_, Bbar_, g);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorResidual::MultTranspose(Vec w, double *g) {
  PetscFunctionBeginUser;
  const double t0 = MPI_Wtime();
  PetscCall(VecToView(w, tmp_n_));
  PetscCall(JacTVecRows(tmp_n_, tmp_p_));
  const double t1 = MPI_Wtime();
  PetscCall(SumOverRanks(comm_, tmp_p_, g));
  const double t2 = MPI_Wtime();
  ++count_.jtw;
  count_.jtw_s += t2 - t0;
  count_.allreduce_s += t2 - t1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorResidual::Evaluate(const double *theta, const std::vector<double> &sensors,
                                          std::vector<double> *out) const {
  const int      m  = layout_.Sensors();
  const PetscInt nf = static_cast<PetscInt>(sensors.size() / m);
  PetscFunctionBeginUser;
  DeepONetKernels k0(layout_, 0);
  DView2          V("petnet::op::eval_sensors", nf, m), U("petnet::op::eval_u", nf * n_points_, 1);
  DView1          th("petnet::op::eval_theta", layout_.NumParams());
  auto            hV = Kokkos::create_mirror_view(V);
  for (PetscInt i = 0; i < nf; ++i)
    for (int j = 0; j < m; ++j) hV(i, j) = sensors[i * m + j];
  Kokkos::deep_copy(V, hV);
  CopyParams(theta, layout_.NumParams(), th);
  k0.SetData(V, Y_, {}, {});
  k0.SetTheta(th);
  k0.Evaluate(V, Y_, U);
  auto hU = Kokkos::create_mirror_view(U);
  Kokkos::deep_copy(hU, U);
  out->assign(hU.data(), hU.data() + nf * n_points_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
