#include "reference/allen_cahn_2d_fd.hpp"
#include "core/options_left.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace petnet {

namespace {
// BoomerAMG when PETSc has hypre (robust here), else GAMG (whose default Chebyshev
// smoothing stalled on the shifted operators of the first time steps).
const char *DefaultPC() {
#if defined(PETSC_HAVE_HYPRE)
  return PCHYPRE;
#else
  return PCGAMG;
#endif
}
} // namespace

AllenCahn2DFD::~AllenCahn2DFD() {
  // Destructors cannot return error codes; PETSc objects are released best effort.
  TSDestroy(&ts_);
  SNESDestroy(&polish_);
  MatDestroy(&J_);
  MatDestroy(&Jp_);
  VecDestroy(&f_);
  VecDestroy(&g_);
  DMDestroy(&da_polish_);
  DMDestroy(&da_);
}

PetscErrorCode AllenCahn2DFD::Create(MPI_Comm comm, PetscInt n, double eps, double lo, double hi,
                                     const char *prefix) {
  PetscFunctionBeginUser;
  PetscCheck(n >= 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "reference grid needs n >= 3 points per direction, got %" PetscInt_FMT, n);
  PetscCheck(eps > 0 && std::isfinite(eps), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "reference eps must be > 0, got %g", eps);
  PetscCheck(hi > lo, comm, PETSC_ERR_ARG_OUTOFRANGE, "reference domain needs hi > lo (got %g, %g)",
             lo, hi);
  PetscCheck(!da_, comm, PETSC_ERR_ORDER, "AllenCahn2DFD::Create called twice");
  comm_   = comm;
  n_      = n;
  eps_    = eps;
  lo_     = lo;
  hi_     = hi;
  h_      = (hi - lo) / (n - 1.0);
  prefix_ = prefix ? prefix : "";

  PetscCall(DMDACreate2d(comm, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR, n, n,
                         PETSC_DECIDE, PETSC_DECIDE, 1, 1, nullptr, nullptr, &da_));
  PetscCall(DMSetUp(da_));
  PetscCall(DMDASetUniformCoordinates(da_, lo, hi, lo, hi, 0.0, 0.0));
  // The polish SNES gets its own DM: TS stores its nonlinear function in the DM's
  // DMSNES, which a second SNES on the same DM would overwrite.
  PetscCall(DMClone(da_, &da_polish_));
  PetscCall(DMCreateGlobalVector(da_, &f_));
  PetscCall(VecDuplicate(f_, &g_));
  PetscCall(VecSet(f_, 0.0));
  PetscCall(VecSet(g_, 0.0));
  PetscCall(DMCreateMatrix(da_, &J_));
  PetscCall(DMCreateMatrix(da_, &Jp_));

  // Time integration to steady state.
  PetscCall(TSCreate(comm, &ts_));
  PetscCall(TSSetOptionsPrefix(ts_, prefix_.c_str()));
  RegisterObjectPrefix(prefix_, {"ts_", "snes_", "ksp_", "pc_"});
  PetscCall(TSSetDM(ts_, da_));
  PetscCall(TSSetType(ts_, TSBDF));
  PetscCall(TSSetIFunction(ts_, nullptr, TSIFunction, this));
  PetscCall(TSSetIJacobian(ts_, J_, J_, TSIJacobian, this));
  PetscCall(TSSetExactFinalTime(ts_, TS_EXACTFINALTIME_STEPOVER));
  PetscCall(TSSetMaxSteps(ts_, 100000));
  PetscCall(TSSetMaxSNESFailures(ts_, -1)); // a failed Newton solve shrinks the step
  // Loose local-error control: only the basin of attraction matters, not time accuracy.
  PetscCall(TSSetTolerances(ts_, 1e-3, nullptr, 1e-3, nullptr));
  PetscCall(TSSetApplicationContext(ts_, this));
  PetscCall(TSSetPostStep(ts_, TSPostStepSteady));
  TSAdapt adapt;
  PetscCall(TSGetAdapt(ts_, &adapt));
  PetscCall(TSAdaptSetType(adapt, TSADAPTBASIC));
  SNES snes;
  KSP  ksp;
  PC   pc;
  PetscCall(TSGetSNES(ts_, &snes));
  PetscCall(SNESGetKSP(snes, &ksp));
  PetscCall(KSPSetType(ksp, KSPGMRES));
  PetscCall(KSPSetTolerances(ksp, 1e-8, 1e-50, PETSC_DEFAULT, 500));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, DefaultPC()));

  // Newton polish of the steady equations.
  PetscCall(SNESCreate(comm, &polish_));
  PetscCall(SNESSetOptionsPrefix(polish_, (prefix_ + "polish_").c_str()));
  RegisterObjectPrefix(prefix_ + "polish_", {"snes_", "ksp_", "pc_"});
  PetscCall(SNESSetDM(polish_, da_polish_));
  PetscCall(SNESSetFunction(polish_, nullptr, SNESFunction, this));
  PetscCall(SNESSetJacobian(polish_, Jp_, Jp_, SNESJacobian, this));
  PetscCall(SNESSetTolerances(polish_, 1e-11, 1e-50, 0.0, 50, 10000));
  PetscCall(SNESGetKSP(polish_, &ksp));
  PetscCall(KSPSetType(ksp, KSPGMRES));
  PetscCall(KSPSetTolerances(ksp, 1e-10, 1e-15, PETSC_DEFAULT, 1000));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, DefaultPC()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::SetFromOptions() {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm_, prefix_.c_str(),
                    "2D Allen-Cahn finite-difference reference (TS to steady state + Newton)",
                    "AllenCahn2DFD");
  PetscCall(PetscOptionsReal("-t_final", "Longest time integrated before the Newton polish",
                             "AllenCahn2DFD", t_final_, &t_final_, nullptr));
  PetscCall(PetscOptionsReal("-dt0", "First time step", "AllenCahn2DFD", dt0_, &dt0_, nullptr));
  PetscCall(PetscOptionsReal("-steady_tol",
                             "Stop time stepping once the steady residual (inf-norm) is below this",
                             "AllenCahn2DFD", steady_tol_, &steady_tol_, nullptr));
  PetscCall(PetscOptionsBool("-monitor", "One line per reference solve", "AllenCahn2DFD", monitor_,
                             &monitor_, nullptr));
  PetscOptionsEnd();
  PetscCheck(t_final_ > 0 && dt0_ > 0 && steady_tol_ > 0, comm_, PETSC_ERR_ARG_OUTOFRANGE,
             "-%st_final, -%sdt0 and -%ssteady_tol must be > 0 (got %g, %g, %g)", prefix_.c_str(),
             prefix_.c_str(), prefix_.c_str(), t_final_, dt0_, steady_tol_);
  PetscCall(TSSetFromOptions(ts_));
  PetscCall(SNESSetFromOptions(polish_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::SetEps(double eps) {
  PetscFunctionBeginUser;
  PetscCheck(eps > 0 && std::isfinite(eps), comm_, PETSC_ERR_ARG_OUTOFRANGE,
             "reference eps must be > 0, got %g", eps);
  eps_ = eps;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::CreateVec(Vec *u) const {
  PetscFunctionBeginUser;
  PetscCall(DMCreateGlobalVector(da_, u));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::Sample(const GridFunction2D &fn, Vec u) const {
  DMDALocalInfo info;
  PetscScalar **a;
  PetscFunctionBeginUser;
  PetscCall(DMDAGetLocalInfo(da_, &info));
  PetscCall(DMDAVecGetArray(da_, u, &a));
  for (PetscInt j = info.ys; j < info.ys + info.ym; ++j)
    for (PetscInt i = info.xs; i < info.xs + info.xm; ++i) a[j][i] = fn(lo_ + i * h_, lo_ + j * h_);
  PetscCall(DMDAVecRestoreArray(da_, u, &a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::SetForcing(const GridFunction2D &f) {
  PetscFunctionBeginUser;
  PetscCall(Sample(f, f_));
  has_f_ = true;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::SetBoundary(const GridFunction2D &g) {
  PetscFunctionBeginUser;
  PetscCall(Sample(g, g_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::EvalF(Vec u, Vec udot, Vec F) const {
  DMDALocalInfo       info;
  Vec                 ul;
  const PetscScalar **a, **ad = nullptr, **fa, **ga;
  PetscScalar       **out;
  PetscFunctionBeginUser;
  PetscCall(DMDAGetLocalInfo(da_, &info));
  PetscCall(DMGetLocalVector(da_, &ul));
  PetscCall(DMGlobalToLocalBegin(da_, u, INSERT_VALUES, ul));
  PetscCall(DMGlobalToLocalEnd(da_, u, INSERT_VALUES, ul));
  PetscCall(DMDAVecGetArrayRead(da_, ul, &a));
  if (udot) PetscCall(DMDAVecGetArrayRead(da_, udot, &ad));
  PetscCall(DMDAVecGetArrayRead(da_, f_, &fa));
  PetscCall(DMDAVecGetArrayRead(da_, g_, &ga));
  PetscCall(DMDAVecGetArray(da_, F, &out));
  const double c = eps_ * eps_ / (h_ * h_);
  for (PetscInt j = info.ys; j < info.ys + info.ym; ++j)
    for (PetscInt i = info.xs; i < info.xs + info.xm; ++i) {
      if (i == 0 || j == 0 || i == n_ - 1 || j == n_ - 1) {
        out[j][i] = a[j][i] - ga[j][i];
        continue;
      }
      const double v   = a[j][i];
      const double lap = a[j][i - 1] + a[j][i + 1] + a[j - 1][i] + a[j + 1][i] - 4.0 * v;
      out[j][i]        = -(c * lap - v * v * v + v + fa[j][i]) + (udot ? ad[j][i] : 0.0);
    }
  PetscCall(DMDAVecRestoreArray(da_, F, &out));
  PetscCall(DMDAVecRestoreArrayRead(da_, g_, &ga));
  PetscCall(DMDAVecRestoreArrayRead(da_, f_, &fa));
  if (udot) PetscCall(DMDAVecRestoreArrayRead(da_, udot, &ad));
  PetscCall(DMDAVecRestoreArrayRead(da_, ul, &a));
  PetscCall(DMRestoreLocalVector(da_, &ul));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::EvalJ(Vec u, double shift, Mat P) const {
  DMDALocalInfo       info;
  const PetscScalar **a;
  PetscFunctionBeginUser;
  PetscCall(DMDAGetLocalInfo(da_, &info));
  PetscCall(DMDAVecGetArrayRead(da_, u, &a)); // only the diagonal needs u: owned values suffice
  const double c = eps_ * eps_ / (h_ * h_);
  for (PetscInt j = info.ys; j < info.ys + info.ym; ++j)
    for (PetscInt i = info.xs; i < info.xs + info.xm; ++i) {
      MatStencil row = {0, j, i, 0};
      if (i == 0 || j == 0 || i == n_ - 1 || j == n_ - 1) {
        PetscScalar one = 1.0;
        PetscCall(MatSetValuesStencil(P, 1, &row, 1, &row, &one, INSERT_VALUES));
        continue;
      }
      // Couplings to boundary nodes are left out: boundary rows fix u = g exactly, so
      // those columns only ever multiply a zero Newton update, and without them the
      // matrix is symmetric.
      MatStencil   col[5];
      PetscScalar  val[5];
      PetscInt     k = 0;
      const double v = a[j][i];
      col[k] = row, val[k++] = shift + 4.0 * c + 3.0 * v * v - 1.0;
      const PetscInt nb[4][2] = {{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}};
      for (auto &q : nb)
        if (q[0] > 0 && q[1] > 0 && q[0] < n_ - 1 && q[1] < n_ - 1) {
          col[k].i = q[0], col[k].j = q[1], col[k].k = 0, col[k].c = 0;
          val[k++] = -c;
        }
      PetscCall(MatSetValuesStencil(P, 1, &row, k, col, val, INSERT_VALUES));
    }
  PetscCall(DMDAVecRestoreArrayRead(da_, u, &a));
  PetscCall(MatAssemblyBegin(P, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(P, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::TSIFunction(TS, PetscReal, Vec u, Vec udot, Vec F, void *ctx) {
  PetscFunctionBeginUser;
  PetscCall(static_cast<AllenCahn2DFD *>(ctx)->EvalF(u, udot, F));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::TSIJacobian(TS, PetscReal, Vec u, Vec, PetscReal shift, Mat A, Mat P,
                                          void *ctx) {
  PetscFunctionBeginUser;
  PetscCall(static_cast<AllenCahn2DFD *>(ctx)->EvalJ(u, shift, P));
  if (A != P) {
    PetscCall(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::SNESFunction(SNES, Vec u, Vec F, void *ctx) {
  PetscFunctionBeginUser;
  PetscCall(static_cast<AllenCahn2DFD *>(ctx)->EvalF(u, nullptr, F));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::SNESJacobian(SNES, Vec u, Mat A, Mat P, void *ctx) {
  PetscFunctionBeginUser;
  PetscCall(static_cast<AllenCahn2DFD *>(ctx)->EvalJ(u, 0.0, P));
  if (A != P) {
    PetscCall(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::SteadyResidual(Vec u, double *norm) const {
  Vec F;
  PetscFunctionBeginUser;
  PetscCall(VecDuplicate(u, &F));
  PetscCall(EvalF(u, nullptr, F));
  PetscReal nr;
  PetscCall(VecNorm(F, NORM_INFINITY, &nr));
  *norm = nr;
  PetscCall(VecDestroy(&F));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::TSPostStepSteady(TS ts) {
  AllenCahn2DFD *self;
  Vec            u;
  double         nr;
  PetscFunctionBeginUser;
  PetscCall(TSGetApplicationContext(ts, &self));
  PetscCall(TSGetSolution(ts, &u));
  PetscCall(self->SteadyResidual(u, &nr));
  if (nr <= self->steady_tol_) PetscCall(TSSetConvergedReason(ts, TS_CONVERGED_USER));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::Solve(const GridFunction2D &u0, Vec u, AllenCahn2DFDStats *stats) {
  PetscFunctionBeginUser;
  PetscCall(Sample(u0, u));
  PetscCall(Solve(u, u, stats));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::Solve(Vec u0, Vec u, AllenCahn2DFDStats *stats) {
  AllenCahn2DFDStats st;
  PetscFunctionBeginUser;
  const double t0 = MPI_Wtime();
  if (u != u0) PetscCall(VecCopy(u0, u));
  // Boundary values from g.
  {
    DMDALocalInfo       info;
    PetscScalar       **a;
    const PetscScalar **ga;
    PetscCall(DMDAGetLocalInfo(da_, &info));
    PetscCall(DMDAVecGetArray(da_, u, &a));
    PetscCall(DMDAVecGetArrayRead(da_, g_, &ga));
    for (PetscInt j = info.ys; j < info.ys + info.ym; ++j)
      for (PetscInt i = info.xs; i < info.xs + info.xm; ++i)
        if (i == 0 || j == 0 || i == n_ - 1 || j == n_ - 1) a[j][i] = ga[j][i];
    PetscCall(DMDAVecRestoreArrayRead(da_, g_, &ga));
    PetscCall(DMDAVecRestoreArray(da_, u, &a));
  }
  // 1. Time integration (restartable: every call starts at t = 0 with dt0).
  PetscCall(SteadyResidual(u, &st.ts_residual));
  if (st.ts_residual > steady_tol_) {
    PetscCall(TSSetTime(ts_, 0.0));
    PetscCall(TSSetStepNumber(ts_, 0));
    PetscCall(TSSetTimeStep(ts_, dt0_));
    PetscCall(TSSetMaxTime(ts_, t_final_));
    PetscCall(TSSetConvergedReason(ts_, TS_CONVERGED_ITERATING));
    PetscCall(TSSolve(ts_, u));
    TSConvergedReason reason;
    PetscCall(TSGetConvergedReason(ts_, &reason));
    PetscCheck(reason > 0, comm_, PETSC_ERR_NOT_CONVERGED,
               "reference time integration failed (TS reason %s)", TSConvergedReasons[reason]);
    PetscReal t;
    PetscCall(TSGetTime(ts_, &t));
    st.t_end = t;
    PetscCall(TSGetStepNumber(ts_, &st.ts_steps));
    PetscCall(TSGetStepRejections(ts_, &st.ts_rejected));
    PetscInt lits;
    PetscCall(TSGetKSPIterations(ts_, &lits));
    st.linear_its += lits;
    PetscCall(SteadyResidual(u, &st.ts_residual));
  }
  // 2. Newton polish of the steady equations.
  PetscCall(SNESSolve(polish_, nullptr, u));
  SNESConvergedReason sr;
  PetscCall(SNESGetConvergedReason(polish_, &sr));
  PetscCall(SNESGetIterationNumber(polish_, &st.snes_its));
  PetscInt lits;
  PetscCall(SNESGetLinearSolveIterations(polish_, &lits));
  st.linear_its += lits;
  // At a state that is already steady to rounding (the time integration can get there
  // on fine grids) the linear solve cannot reach its relative tolerance: accept it.
  st.converged = sr > 0;
  PetscCall(SteadyResidual(u, &st.residual));
  if (!st.converged && st.residual <= 1e-10) st.converged = true;
  st.wall = MPI_Wtime() - t0;
  if (monitor_)
    PetscCall(PetscPrintf(
        comm_,
        "reference %" PetscInt_FMT "^2 eps %g: TS %" PetscInt_FMT " steps (%" PetscInt_FMT
        " rejected) to t = %.3g, residual %.2e; Newton %" PetscInt_FMT
        " its (%s), residual %.2e; %" PetscInt_FMT " linear its; %.2f s\n",
        n_, eps_, st.ts_steps, st.ts_rejected, st.t_end, st.ts_residual, st.snes_its,
        SNESConvergedReasons[sr], st.residual, st.linear_its, st.wall));
  PetscCheck(st.converged, comm_, PETSC_ERR_NOT_CONVERGED,
             "reference Newton polish did not converge (%s, steady residual %g)",
             SNESConvergedReasons[sr], st.residual);
  if (stats) *stats = st;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahn2DFD::GatherAll(Vec u, std::vector<double> *all) const {
  Vec        natural, seq;
  VecScatter sc;
  PetscFunctionBeginUser;
  PetscCall(DMDACreateNaturalVector(da_, &natural));
  PetscCall(DMDAGlobalToNaturalBegin(da_, u, INSERT_VALUES, natural));
  PetscCall(DMDAGlobalToNaturalEnd(da_, u, INSERT_VALUES, natural));
  PetscCall(VecScatterCreateToAll(natural, &sc, &seq));
  PetscCall(VecScatterBegin(sc, natural, seq, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, natural, seq, INSERT_VALUES, SCATTER_FORWARD));
  const PetscScalar *a;
  PetscInt           m;
  PetscCall(VecGetLocalSize(seq, &m));
  PetscCall(VecGetArrayRead(seq, &a));
  all->assign(a, a + m);
  PetscCall(VecRestoreArrayRead(seq, &a));
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&seq));
  PetscCall(VecDestroy(&natural));
  PetscFunctionReturn(PETSC_SUCCESS);
}

double AllenCahn2DFD::InterpolateAt(PetscInt n, double lo, double hi,
                                    const std::vector<double> &all, double x, double y) {
  const double h = (hi - lo) / (n - 1.0);
  // Stencil of 4 nodes (2 for n < 4: bilinear) around the point, shifted inwards at
  // the edges; Lagrange weights in each direction; a point on a node gets that node.
  const int w       = n >= 4 ? 4 : 2;
  auto      stencil = [&](double xx, PetscInt *i0, double *wt) {
    double t       = (xx - lo) / h;
    t              = std::min(std::max(t, 0.0), static_cast<double>(n - 1));
    const double r = std::round(t);
    for (int a = 0; a < w; ++a) wt[a] = 0.0;
    if (std::fabs(t - r) < 1e-12) {
      const PetscInt k = static_cast<PetscInt>(r);
      *i0              = std::min(std::max(k - (w == 4 ? 1 : 0), PetscInt(0)), n - w);
      wt[k - *i0]      = 1.0;
      return;
    }
    PetscInt i = static_cast<PetscInt>(std::floor(t)) - (w == 4 ? 1 : 0);
    i          = std::min(std::max(i, PetscInt(0)), n - w);
    for (int a = 0; a < w; ++a) {
      double l = 1.0;
      for (int b = 0; b < w; ++b)
        if (b != a) l *= (t - (i + b)) / static_cast<double>(a - b);
      wt[a] = l;
    }
    *i0 = i;
  };
  PetscInt i0, j0;
  double   wx[4], wy[4];
  stencil(x, &i0, wx);
  stencil(y, &j0, wy);
  double s = 0;
  for (int b = 0; b < w; ++b)
    for (int a = 0; a < w; ++a) s += wy[b] * wx[a] * all[(j0 + b) * n + (i0 + a)];
  return s;
}

void AllenCahn2DFD::InterpolateGrid(PetscInt n, double lo, double hi,
                                    const std::vector<double> &all, const std::vector<double> &pts,
                                    std::vector<double> *vals) {
  const size_t m = pts.size() / 2;
  vals->resize(m);
  for (size_t q = 0; q < m; ++q)
    (*vals)[q] = InterpolateAt(n, lo, hi, all, pts[2 * q], pts[2 * q + 1]);
}

PetscErrorCode AllenCahn2DFD::Interpolate(Vec u, const std::vector<double> &pts,
                                          std::vector<double> *vals) const {
  std::vector<double> all;
  PetscFunctionBeginUser;
  PetscCall(GatherAll(u, &all));
  InterpolateGrid(n_, lo_, hi_, all, pts, vals);
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::string AllenCahn2DFD::Describe() const {
  std::ostringstream s;
  s << "finite differences (5-point, DMDA) on " << n_ << "x" << n_ << " nodes of [" << lo_ << ","
    << hi_ << "]^2, h=" << h_ << ", eps=" << eps_ << ": TS to steady state + Newton";
  return s.str();
}

} // namespace petnet
