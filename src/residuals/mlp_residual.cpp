#include "residuals/mlp_residual.hpp"

#include "functions/homotopy_loss_function.hpp"
#include "linalg/kokkos_petsc.hpp"

#include <cmath>
#include <vector>

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
  const PetscInt n_rows = n_int_ + n_bc_;
  const int      d = layout.InputDim(), nc = kernels_.NumComponents();
  n_pts_   = n_rows + (repeat_interior ? n_int_ : 0);
  n_phase_ = 0;
  if (phase_w_ > 0) {
    PetscMPIInt rank, size;
    PetscCallMPI(MPI_Comm_rank(comm, &rank));
    PetscCallMPI(MPI_Comm_size(comm, &size));
    PetscCheck(problem->JetOrder() >= 1, comm, PETSC_ERR_ARG_INCOMP,
               "a phase condition needs du/dx, but problem %s uses jets of order 0",
               problem->Name());
    n_gen_   = d + (phase_tilt_ ? d * (d - 1) : 0);
    n_phase_ = rank == size - 1 ? n_gen_ : 0;
  }
  if (phase_w_ > 0 && phase_tilt_) {
    // the interior points' centroid: the origin of the tilt generators x_j ∂u/∂x_k
    std::vector<double> sum(d + 1, 0.0);
    for (PetscInt i = 0; i < interior.LocalSize(); ++i)
      for (int k = 0; k < d; ++k) sum[k] += interior.Local()[i * d + k];
    sum[d] = static_cast<double>(interior.LocalSize());
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, sum.data(), d + 1, MPI_DOUBLE, MPI_SUM, comm));
    xc_      = DView1(tag + "phase_centroid", d);
    auto hxc = Kokkos::create_mirror_view(xc_);
    for (int k = 0; k < d; ++k) hxc(k) = sum[d] > 0 ? sum[k] / sum[d] : 0.0;
    Kokkos::deep_copy(xc_, hxc);
  }
  PetscCall(this->SetupRows(comm, n_pts_ + n_phase_, layout.NumParams(), nc, tag));

  X_                     = DView2(tag + "points", n_pts_, d);
  U_                     = DView2(tag + "jets", n_rows, nc);
  auto                hX = Kokkos::create_mirror_view(X_);
  std::vector<double> weight(n_rows), g(n_rows);
  std::vector<int>    dirichlet(n_rows);
  for (PetscInt q = 0; q < n_pts_; ++q) {
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
  ValueSeeds();
  if (phase_w_ > 0) {
    chat_ = DView2(tag + "phase_directions", n_int_, n_gen_);
    ua_   = DView1(tag + "phase_anchor", n_int_);
    zp_   = DView2(tag + "phase_jacobian", this->p_, n_gen_);
    ploc_ = DView1(tag + "phase_local", static_cast<size_t>(n_gen_) * (this->p_ + 1));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> void MLPResidual<Interface>::ValueSeeds() {
  const int nc = kernels_.NumComponents();
  Gv_          = DView2(this->tag_ + "value_seeds", n_int_, nc);
  auto hG      = Kokkos::create_mirror_view(Gv_);
  auto hw      = Kokkos::create_mirror_view(this->weight_);
  Kokkos::deep_copy(hw, this->weight_);
  for (PetscInt q = 0; q < n_int_; ++q)
    for (int c = 0; c < nc; ++c) hG(q, c) = c == 0 ? hw(q) : 0.0; // the interior row weight
  Kokkos::deep_copy(Gv_, hG);
}

template <class Interface>
PetscErrorCode MLPResidual<Interface>::SetPhaseCondition(double W, bool tilt) {
  PetscFunctionBeginUser;
  PetscCheck(W >= 0 && std::isfinite(W), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "the phase condition's weight must be >= 0, got %g", W);
  PetscCheck(n_pts_ == 0, PETSC_COMM_SELF, PETSC_ERR_ORDER,
             "set the phase condition before the residual's points");
  phase_w_    = W;
  phase_tilt_ = tilt;
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface>
PetscErrorCode MLPResidual<Interface>::SetPhaseAnchor(const double *theta_a) {
  const int      d = layout_.InputDim(), nc = kernels_.NumComponents(), m = n_gen_;
  const PetscInt n = n_int_;
  PetscFunctionBeginUser;
  if (phase_w_ <= 0) PetscFunctionReturn(PETSC_SUCCESS);
  DView1 th(this->tag_ + "phase_theta", this->p_);
  DView2 Ua(this->tag_ + "phase_jets", n, nc);
  CopyParams(theta_a, this->p_, th);
  kernels_.Jet(th, Rows(X_, n), Ua);
  // generator g: c_g(q) = w_q ∂u_a/∂x_k(x_q) (g = k < d), then the tilts
  // w_q (x_j − x̄_j) ∂u_a/∂x_k for j ≠ k; ĉ_g = c_g/‖c_g‖ (the norm summed over the ranks)
  auto   chat = chat_;
  auto   ua   = ua_;
  auto   w    = this->weight_;
  auto   X    = X_;
  auto   xc   = xc_; // set up with the tilt rows only (unused without them)
  DView1 nrm2(this->tag_ + "phase_norms", m);
  Kokkos::parallel_for(
      "petnet::phase_anchor", Kokkos::RangePolicy<ExecSpace>(0, n), KOKKOS_LAMBDA(PetscInt q) {
        ua(q) = w(q) * Ua(q, 0);
        for (int k = 0; k < d; ++k) chat(q, k) = w(q) * Ua(q, 1 + k);
        if (m == d) return; // no tilt rows
        int g = d;
        for (int j = 0; j < d; ++j)
          for (int k = 0; k < d; ++k)
            if (j != k) chat(q, g++) = (X(q, j) - xc(j)) * w(q) * Ua(q, 1 + k);
      });
  for (int k = 0; k < m; ++k) {
    double s = 0;
    Kokkos::parallel_reduce(
        "petnet::phase_norm", Kokkos::RangePolicy<ExecSpace>(0, n),
        KOKKOS_LAMBDA(PetscInt q, double &acc) { acc += chat(q, k) * chat(q, k); }, s);
    Kokkos::deep_copy(Kokkos::subview(nrm2, k), s);
  }
  std::vector<double> hn(m);
  PetscCall(SumOverRanks(this->comm_, nrm2, hn.data()));
  for (int k = 0; k < m; ++k) {
    const double inv = hn[k] > 0 ? 1.0 / std::sqrt(hn[k]) : 0.0;
    Kokkos::parallel_for(
        "petnet::phase_unit", Kokkos::RangePolicy<ExecSpace>(0, n),
        KOKKOS_LAMBDA(PetscInt q) { chat(q, k) *= inv; });
  }
  anchored_ = true;
  PetscCall(PhaseRows()); // the current point's rows against the new anchor
  this->Invalidate();
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> PetscErrorCode MLPResidual<Interface>::PhaseRows() {
  const int      m = n_gen_; // one row per generator
  const PetscInt n = n_int_, p = this->p_, n0 = n_pts_;
  PetscFunctionBeginUser;
  if (phase_w_ <= 0) PetscFunctionReturn(PETSC_SUCCESS);
  auto                r = this->r_, rl = this->rl_;
  std::vector<double> vals(static_cast<size_t>(m) * (p + 1), 0.0);
  if (anchored_) {
    // ⟨ĉ_k, w (u − u_a)⟩ and Vᵀĉ_k on this rank, then summed over the ranks
    auto loc  = ploc_; // allocated once: this runs at every point
    auto chat = chat_, U = U_;
    auto ua = ua_;
    auto w  = this->weight_;
    for (int k = 0; k < m; ++k) {
      auto ck  = Kokkos::subview(chat, Kokkos::ALL(), k);
      auto gk  = Kokkos::subview(loc, std::make_pair<size_t, size_t>(k * (p + 1), k * (p + 1) + p));
      double s = 0;
      kernels_.JacTVec(this->theta_, Rows(X_, n), Gv_, ck, gk);
      Kokkos::parallel_reduce(
          "petnet::phase_value", Kokkos::RangePolicy<ExecSpace>(0, n),
          KOKKOS_LAMBDA(PetscInt q, double &acc) { acc += chat(q, k) * (w(q) * U(q, 0) - ua(q)); },
          s);
      Kokkos::deep_copy(Kokkos::subview(loc, k * (p + 1) + p), s);
    }
    PetscCall(SumOverRanks(this->comm_, loc, vals.data()));
  }
  const double sw = std::sqrt(phase_w_);
  auto         hz = Kokkos::create_mirror_view(zp_);
  for (int k = 0; k < m; ++k)
    for (PetscInt j = 0; j < p; ++j) hz(j, k) = sw * vals[k * (p + 1) + j];
  Kokkos::deep_copy(zp_, hz);
  if (n_phase_ > 0) {
    const auto rows = std::make_pair(n0, n0 + m);
    auto       hr   = Kokkos::create_mirror_view(Kokkos::subview(r, rows));
    for (int k = 0; k < m; ++k) hr(k) = sw * vals[k * (p + 1) + p];
    Kokkos::deep_copy(Kokkos::subview(r, rows), hr);
    Kokkos::deep_copy(Kokkos::subview(rl, rows), 0.0);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> void MLPResidual<Interface>::Jets() {
  kernels_.Jet(this->theta_, Rows(X_, n_int_ + n_bc_), U_);
}

template <class Interface> void MLPResidual<Interface>::JacobianRows(DView2 J) {
  const PetscInt n0 = n_pts_, p = this->p_;
  kernels_.Jacobian(this->theta_, X_, this->G_, Rows(J, n0));
  if (n_phase_ == 0) return;
  auto z = zp_;
  Kokkos::parallel_for(
      "petnet::phase_jacobian", Kokkos::RangePolicy<ExecSpace>(0, n_phase_ * p),
      KOKKOS_LAMBDA(PetscInt i) { J(n0 + i / p, i % p) = z(i % p, i / p); });
}

template <class Interface> void MLPResidual<Interface>::JacVecRows(DView1 v, DView1 y) {
  const PetscInt n0 = n_pts_;
  kernels_.JacVec(this->theta_, X_, this->G_, v,
                  Kokkos::subview(y, std::make_pair<size_t, size_t>(0, n0)));
  for (PetscInt k = 0; k < n_phase_; ++k) {
    auto   z = zp_;
    double s = 0;
    Kokkos::parallel_reduce(
        "petnet::phase_jacvec", Kokkos::RangePolicy<ExecSpace>(0, this->p_),
        KOKKOS_LAMBDA(PetscInt j, double &acc) { acc += z(j, k) * v(j); }, s);
    Kokkos::deep_copy(Kokkos::subview(y, n0 + k), s);
  }
}

template <class Interface> PetscErrorCode MLPResidual<Interface>::JacTVecRows(DView1 w, DView1 g) {
  const PetscInt n0 = n_pts_, nph = n_phase_;
  PetscFunctionBeginUser;
  kernels_.JacTVec(this->theta_, X_, this->G_,
                   Kokkos::subview(w, std::make_pair<size_t, size_t>(0, n0)), g);
  if (nph > 0) {
    auto z = zp_;
    Kokkos::parallel_for(
        "petnet::phase_jactvec", Kokkos::RangePolicy<ExecSpace>(0, this->p_),
        KOKKOS_LAMBDA(PetscInt j) {
          for (PetscInt k = 0; k < nph; ++k) g(j) += w(n0 + k) * z(j, k);
        });
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

template <class Interface> PetscErrorCode MLPResidual<Interface>::MetricJacobian(Mat *V) {
  PetscFunctionBeginUser;
  if (!Vmat_) {
    Jv_ = DView2(Kokkos::view_alloc(this->tag_ + "value_jacobian", Kokkos::AllowPadding), n_int_,
                 this->p_);
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
