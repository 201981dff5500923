#include "residuals/constrained_pinn.hpp"

#include "core/reduce.hpp"
#include "residuals/residual_base.hpp"
#include "sampling/grf.hpp"

#include <petscvec.h>

namespace petnet {

PetscErrorCode ConstrainedPinn::Setup(MPI_Comm comm, const PeriodicEvolution *problem,
                                      const MLPLayout &layout, const std::vector<double> &label_pts,
                                      const std::vector<double> &label_vals, double misfit_weight,
                                      const ConstraintPoints &cons, const SpaceTimeBox &box) {
  PetscFunctionBeginUser;
  PetscCheck(layout.InputDim() == 2, comm, PETSC_ERR_ARG_INCOMP,
             "the network must take (x, t): input dimension %d", layout.InputDim());
  PetscCheck(label_pts.size() == 2 * label_vals.size(), comm, PETSC_ERR_ARG_SIZ,
             "label points and values differ in size");
  comm_            = comm;
  problem_         = problem;
  layout_          = layout;
  w_               = misfit_weight;
  k0_              = MLPKernels(layout, 0);
  kc_              = MLPKernels(layout, problem->JetOrder());
  const PetscInt p = layout.NumParams();
  theta_           = DView1("petnet::cpinn::theta", p);

  // Labels: this rank's slice.
  PetscInt lo, nl;
  OwnedBlock(comm, static_cast<PetscInt>(label_vals.size()), &lo, &nl);
  n_lab_ = nl;
  XL_    = DView2("petnet::cpinn::label_x", nl, 2);
  GL_    = DView2("petnet::cpinn::label_seed", nl, 1);
  UL_    = DView2("petnet::cpinn::label_u", nl, 1);
  yL_    = DView1("petnet::cpinn::label_y", nl);
  wres_  = DView1("petnet::cpinn::label_w", nl);
  gL_    = DView1("petnet::cpinn::grad", p);
  {
    auto hX = Kokkos::create_mirror_view(XL_);
    auto hG = Kokkos::create_mirror_view(GL_);
    auto hy = Kokkos::create_mirror_view(yL_);
    for (PetscInt q = 0; q < nl; ++q) {
      hX(q, 0) = label_pts[2 * (lo + q)], hX(q, 1) = label_pts[2 * (lo + q) + 1];
      hG(q, 0) = 1.0;
      hy(q)    = label_vals[lo + q];
    }
    Kokkos::deep_copy(XL_, hX);
    Kokkos::deep_copy(GL_, hG);
    Kokkos::deep_copy(yL_, hy);
  }

  // Constraint rows: global order [PDE | initial | periodic]; this rank owns a slice.
  const PetscInt gp = static_cast<PetscInt>(cons.pde.size() / 2),
                 gi = static_cast<PetscInt>(cons.ic_x.size()),
                 gb = static_cast<PetscInt>(cons.bc_t.size());
  m_global_         = gp + gi + gb;
  PetscInt mlo, ml;
  OwnedBlock(comm, m_global_, &mlo, &ml);
  const PetscInt mhi = mlo + ml;
  auto overlap       = [&](PetscInt a, PetscInt b) { // rows [a, b) of the global list that are ours
    const PetscInt s = a > mlo ? a : mlo, e = b < mhi ? b : mhi;
    return std::make_pair(s, e > s ? e - s : 0);
  };
  m_lo_         = mlo;
  auto [sp, np] = overlap(0, gp);
  auto [si, ni] = overlap(gp, gp + gi);
  auto [sb, nb] = overlap(gp + gi, m_global_);
  np_ = np, ni_ = ni, nb_ = nb;
  const PetscInt npts = np + ni + 2 * nb;
  const int      nc   = kc_.NumComponents();
  Xc_                 = DView2("petnet::cpinn::cons_x", npts, 2);
  Uc_                 = DView2("petnet::cpinn::cons_u", npts, nc);
  Gc_                 = DView2("petnet::cpinn::cons_seed", npts, nc);
  Jc_                 = DView2("petnet::cpinn::cons_jac", npts, p);
  rc_                 = DView1("petnet::cpinn::cons_r", np);
  wc_                 = DView1("petnet::cpinn::cons_w", npts);
  gc_                 = DView1("petnet::cpinn::cons_g", p);
  ic_val_.resize(ni);
  {
    auto hX = Kokkos::create_mirror_view(Xc_);
    auto hG = Kokkos::create_mirror_view(Gc_);
    Kokkos::deep_copy(hG, 0.0);
    for (PetscInt k = 0; k < np; ++k)
      hX(k, 0) = cons.pde[2 * (sp + k)], hX(k, 1) = cons.pde[2 * (sp + k) + 1];
    for (PetscInt k = 0; k < ni; ++k) {
      const double x = cons.ic_x[si - gp + k];
      hX(np + k, 0) = x, hX(np + k, 1) = 0.0, hG(np + k, 0) = 1.0;
      ic_val_[k] = problem->Initial(x);
    }
    for (PetscInt k = 0; k < nb; ++k) {
      const double t     = cons.bc_t[sb - gp - gi + k];
      hX(np + ni + k, 0) = box.x_lo, hX(np + ni + k, 1) = t, hG(np + ni + k, 0) = 1.0;
      hX(np + ni + nb + k, 0) = box.x_hi, hX(np + ni + nb + k, 1) = t,
                           hG(np + ni + nb + k, 0) = -1.0;
    }
    Kokkos::deep_copy(Xc_, hX);
    Kokkos::deep_copy(Gc_, hG);
  }
  const int size = Size(comm);
  m_counts_.assign(size, 0);
  m_displs_.assign(size, 0);
  int mine = static_cast<int>(ml);
  PetscCallMPI(MPI_Allgather(&mine, 1, MPI_INT, m_counts_.data(), 1, MPI_INT, comm));
  for (int r = 1; r < size; ++r) m_displs_[r] = m_displs_[r - 1] + m_counts_[r - 1];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ConstrainedPinn::Evaluate(const double *theta, double *ell, double *c) {
  const PetscInt p = layout_.NumParams();
  PetscFunctionBeginUser;
  CopyParams(theta, p, theta_);
  // Misfit (summed in double-double in rank order: rank-independent).
  std::vector<double> res(n_lab_);
  if (n_lab_ > 0) {
    k0_.Jet(theta_, XL_, UL_);
    auto hU = Kokkos::create_mirror_view(UL_);
    auto hy = Kokkos::create_mirror_view(yL_);
    Kokkos::deep_copy(hU, UL_);
    Kokkos::deep_copy(hy, yL_);
    for (PetscInt q = 0; q < n_lab_; ++q) res[q] = hU(q, 0) - hy(q);
  }
  Vec rv;
  PetscCall(VecCreateMPIWithArray(comm_, 1, n_lab_, PETSC_DECIDE, res.data(), &rv));
  double ss;
  PetscCall(ReproducibleSumSquares(rv, &ss));
  PetscCall(VecDestroy(&rv));
  *ell = w_ * ss;
  {
    auto hw = Kokkos::create_mirror_view(wres_);
    for (PetscInt q = 0; q < n_lab_; ++q) hw(q) = 2.0 * w_ * res[q];
    Kokkos::deep_copy(wres_, hw);
  }
  // Constraint rows.
  const PetscInt      ml = np_ + ni_ + nb_;
  std::vector<double> cl(ml);
  if (Xc_.extent(0) > 0) {
    kc_.Jet(theta_, Xc_, Uc_);
    if (np_ > 0) {
      auto rows = std::make_pair<size_t, size_t>(0, static_cast<size_t>(np_));
      problem_->Interior(problem_->Target(), Kokkos::subview(Xc_, rows, Kokkos::ALL()),
                         Kokkos::subview(Uc_, rows, Kokkos::ALL()), rc_,
                         Kokkos::subview(Gc_, rows, Kokkos::ALL()), rl_empty_);
      Kokkos::fence();
    }
    auto hU = Kokkos::create_mirror_view(Uc_);
    auto hr = Kokkos::create_mirror_view(rc_);
    Kokkos::deep_copy(hU, Uc_);
    Kokkos::deep_copy(hr, rc_);
    for (PetscInt k = 0; k < np_; ++k) cl[k] = hr(k);
    for (PetscInt k = 0; k < ni_; ++k) cl[np_ + k] = hU(np_ + k, 0) - ic_val_[k];
    for (PetscInt k = 0; k < nb_; ++k)
      cl[np_ + ni_ + k] = hU(np_ + ni_ + k, 0) - hU(np_ + ni_ + nb_ + k, 0);
  }
  PetscCallMPI(MPI_Allgatherv(cl.data(), static_cast<int>(ml), MPI_DOUBLE, c, m_counts_.data(),
                              m_displs_.data(), MPI_DOUBLE, comm_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ConstrainedPinn::Derivatives(double *grad, double *A) {
  const PetscInt p = layout_.NumParams();
  PetscFunctionBeginUser;
  std::vector<double> g(p, 0.0);
  if (n_lab_ > 0) {
    k0_.JacTVec(theta_, XL_, GL_, wres_, gL_);
    auto hg = Kokkos::create_mirror_view(gL_);
    Kokkos::deep_copy(hg, gL_);
    for (PetscInt k = 0; k < p; ++k) g[k] = hg(k);
  }
  PetscCallMPI(MPI_Allreduce(g.data(), grad, static_cast<int>(p), MPI_DOUBLE, MPI_SUM, comm_));
  const PetscInt      ml = np_ + ni_ + nb_;
  std::vector<double> Al(static_cast<size_t>(ml * p));
  if (Xc_.extent(0) > 0) {
    kc_.Jacobian(theta_, Xc_, Gc_, Jc_);
    auto hJ = Kokkos::create_mirror_view(Jc_);
    Kokkos::deep_copy(hJ, Jc_);
    for (PetscInt r = 0; r < np_ + ni_; ++r)
      for (PetscInt k = 0; k < p; ++k) Al[r * p + k] = hJ(r, k);
    for (PetscInt b = 0; b < nb_; ++b) // seeds +1 at x_lo and −1 at x_hi
      for (PetscInt k = 0; k < p; ++k)
        Al[(np_ + ni_ + b) * p + k] = hJ(np_ + ni_ + b, k) + hJ(np_ + ni_ + nb_ + b, k);
  }
  const int        size = Size(comm_);
  std::vector<int> cnt(size), dsp(size);
  for (int r = 0; r < size; ++r)
    cnt[r] = m_counts_[r] * static_cast<int>(p), dsp[r] = m_displs_[r] * static_cast<int>(p);
  PetscCallMPI(MPI_Allgatherv(Al.data(), static_cast<int>(ml * p), MPI_DOUBLE, A, cnt.data(),
                              dsp.data(), MPI_DOUBLE, comm_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ConstrainedPinn::CombinedGradient(double a, const double *w, double *g) {
  const PetscInt p = layout_.NumParams();
  PetscFunctionBeginUser;
  std::vector<double> loc(p, 0.0);
  if (n_lab_ > 0 && a != 0.0) {
    k0_.JacTVec(theta_, XL_, GL_, wres_, gL_);
    auto hg = Kokkos::create_mirror_view(gL_);
    Kokkos::deep_copy(hg, gL_);
    for (PetscInt k = 0; k < p; ++k) loc[k] = a * hg(k);
  }
  if (Xc_.extent(0) > 0) {
    // weight of each constraint point = w of its row (both points of a periodic pair; the
    // seeds ±1 make the difference), then Σ_q w_q Σ_c G(q,c) ∂U(q,c)/∂θ = Aᵀw on this rank
    auto hw = Kokkos::create_mirror_view(wc_);
    for (PetscInt r = 0; r < np_ + ni_; ++r) hw(r) = w[m_lo_ + r];
    for (PetscInt b = 0; b < nb_; ++b)
      hw(np_ + ni_ + b) = hw(np_ + ni_ + nb_ + b) = w[m_lo_ + np_ + ni_ + b];
    Kokkos::deep_copy(wc_, hw);
    kc_.JacTVec(theta_, Xc_, Gc_, wc_, gc_);
    auto hg = Kokkos::create_mirror_view(gc_);
    Kokkos::deep_copy(hg, gc_);
    for (PetscInt k = 0; k < p; ++k) loc[k] += hg(k);
  }
  PetscCallMPI(MPI_Allreduce(loc.data(), g, static_cast<int>(p), MPI_DOUBLE, MPI_SUM, comm_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ConstrainedPinn::GaussNewtonSetup(const double *theta) {
  const PetscInt p = layout_.NumParams();
  PetscFunctionBeginUser;
  if (JL_.extent(0) != static_cast<size_t>(n_lab_) || JL_.extent(1) != static_cast<size_t>(p))
    JL_ = DView2("petnet::cpinn::label_jac", n_lab_, p);
  DView1 th("petnet::cpinn::gn_theta", p);
  CopyParams(theta, p, th);
  if (n_lab_ > 0) k0_.Jacobian(th, XL_, GL_, JL_);
  auto h = Kokkos::create_mirror_view(JL_);
  Kokkos::deep_copy(h, JL_);
  JLh_.assign(h.data(), h.data() + static_cast<size_t>(n_lab_ * p)); // column-major N_local × p
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ConstrainedPinn::GaussNewtonMult(const double *v, double *Gv) {
  const PetscInt p = layout_.NumParams();
  PetscFunctionBeginUser;
  std::vector<double> Jv(n_lab_, 0.0), g(p, 0.0);
  for (PetscInt k = 0; k < p; ++k) {
    const double *col = &JLh_[static_cast<size_t>(k * n_lab_)];
    const double  vk  = v[k];
    for (PetscInt q = 0; q < n_lab_; ++q) Jv[q] += col[q] * vk;
  }
  for (PetscInt k = 0; k < p; ++k) {
    const double *col = &JLh_[static_cast<size_t>(k * n_lab_)];
    double        s   = 0;
    for (PetscInt q = 0; q < n_lab_; ++q) s += col[q] * Jv[q];
    g[k] = 2.0 * w_ * s;
  }
  PetscCallMPI(MPI_Allreduce(g.data(), Gv, static_cast<int>(p), MPI_DOUBLE, MPI_SUM, comm_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ConstrainedPinn::EvaluateLocal(const double *theta, const std::vector<double> &pts,
                                              std::vector<double> *u) const {
  const PetscInt n = static_cast<PetscInt>(pts.size() / 2), p = layout_.NumParams();
  PetscFunctionBeginUser;
  u->resize(n);
  DView1 th("petnet::cpinn::eval_theta", p);
  CopyParams(theta, p, th);
  const PetscInt chunk = 65536; // bounded memory on large grids
  DView2         X("petnet::cpinn::eval_x", chunk, 2), U("petnet::cpinn::eval_u", chunk, 1);
  auto           hX = Kokkos::create_mirror_view(X);
  auto           hU = Kokkos::create_mirror_view(U);
  for (PetscInt s = 0; s < n; s += chunk) {
    const PetscInt m = n - s < chunk ? n - s : chunk;
    for (PetscInt q = 0; q < m; ++q) hX(q, 0) = pts[2 * (s + q)], hX(q, 1) = pts[2 * (s + q) + 1];
    Kokkos::deep_copy(X, hX);
    auto rows = std::make_pair<size_t, size_t>(0, static_cast<size_t>(m));
    k0_.Jet(th, Kokkos::subview(X, rows, Kokkos::ALL()), Kokkos::subview(U, rows, Kokkos::ALL()));
    Kokkos::deep_copy(hU, U);
    for (PetscInt q = 0; q < m; ++q) (*u)[s + q] = hU(q, 0);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
