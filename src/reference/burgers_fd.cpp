#include "reference/burgers_fd.hpp"

#include <petscdmda.h>
#include <petscsnes.h>

#include <cmath>

namespace petnet {

namespace {

struct Ctx1D {
  double              eps, h;
  PetscInt            n;
  std::vector<double> f; // at interior nodes
};

// F_j = (u_{j+1}² − u_{j−1}²)/(4h) − ε (u_{j+1} − 2u_j + u_{j−1})/h² − f_j, j = 1..n−1 (unknowns
// 0..n−2).
PetscErrorCode Residual1D(SNES, Vec U, Vec F, void *ptr) {
  auto              *c = static_cast<Ctx1D *>(ptr);
  const PetscScalar *u;
  PetscScalar       *r;
  PetscFunctionBeginUser;
  PetscCall(VecGetArrayRead(U, &u));
  PetscCall(VecGetArray(F, &r));
  const PetscInt m = c->n - 1;
  for (PetscInt j = 0; j < m; ++j) {
    const double ul = j > 0 ? u[j - 1] : 0.0, ur = j + 1 < m ? u[j + 1] : 0.0;
    // scaled by h² so that the rounding floor of ‖F‖ does not grow like 1/h²
    r[j] = (ur * ur - ul * ul) * c->h / 4 - c->eps * (ur - 2 * u[j] + ul) - c->h * c->h * c->f[j];
  }
  PetscCall(VecRestoreArrayRead(U, &u));
  PetscCall(VecRestoreArray(F, &r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode Jacobian1D(SNES, Vec U, Mat A, Mat, void *ptr) {
  auto              *c = static_cast<Ctx1D *>(ptr);
  const PetscScalar *u;
  PetscFunctionBeginUser;
  PetscCall(VecGetArrayRead(U, &u));
  const PetscInt m = c->n - 1;
  for (PetscInt j = 0; j < m; ++j) {
    const double h = c->h;
    PetscCall(MatSetValue(A, j, j, 2 * c->eps, INSERT_VALUES));
    if (j > 0) PetscCall(MatSetValue(A, j, j - 1, -u[j - 1] * h / 2 - c->eps, INSERT_VALUES));
    if (j + 1 < m) PetscCall(MatSetValue(A, j, j + 1, u[j + 1] * h / 2 - c->eps, INSERT_VALUES));
  }
  PetscCall(VecRestoreArrayRead(U, &u));
  PetscCall(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// ε continuation: 1 → target by factors of 0.7 (Newton from the previous solution).
std::vector<double> EpsSchedule(double eps) {
  std::vector<double> e;
  for (double t = 1.0; t > eps; t *= 0.7) e.push_back(t);
  e.push_back(eps);
  return e;
}

PetscErrorCode CheckConverged(SNES snes, double eps) {
  SNESConvergedReason reason;
  PetscFunctionBeginUser;
  PetscCall(SNESGetConvergedReason(snes, &reason));
  PetscCheck(reason > 0, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED,
             "Burgers reference: Newton did not converge at eps = %g (%s)", eps,
             SNESConvergedReasons[reason]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

struct Ctx2D {
  double                                eps;
  std::function<double(double, double)> f;
};

PetscErrorCode Residual2DLocal(DMDALocalInfo *info, PetscScalar **u, PetscScalar **r, void *ptr) {
  auto        *c = static_cast<Ctx2D *>(ptr);
  const double h = 1.0 / (info->mx - 1);
  PetscFunctionBeginUser;
  for (PetscInt j = info->ys; j < info->ys + info->ym; ++j)
    for (PetscInt i = info->xs; i < info->xs + info->xm; ++i) {
      if (i == 0 || j == 0 || i == info->mx - 1 || j == info->my - 1) {
        r[j][i] = u[j][i];
        continue;
      }
      const double uc = u[j][i], ue = u[j][i + 1], uw = u[j][i - 1], un = u[j + 1][i],
                   us = u[j - 1][i];
      // scaled by h² (rounding floor independent of h)
      r[j][i] = (ue * ue - uw * uw + un * un - us * us) * h / 4 -
                c->eps * (ue + uw + un + us - 4 * uc) - h * h * c->f(i * h, j * h);
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

PetscErrorCode SteadyBurgers1D(double eps, PetscInt n, const std::function<double(double)> &f,
                               std::vector<double> *u) {
  Ctx1D ctx;
  SNES  snes;
  Vec   U, F;
  Mat   A;
  PetscFunctionBeginUser;
  PetscCheck(eps > 0 && n >= 4, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "Burgers reference needs eps > 0 and n >= 4");
  ctx.eps          = eps;
  ctx.n            = n;
  ctx.h            = 1.0 / n;
  const PetscInt m = n - 1;
  for (PetscInt j = 1; j < n; ++j) ctx.f.push_back(f(j * ctx.h));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, m, &U));
  PetscCall(VecDuplicate(U, &F));
  PetscCall(VecSet(U, 0.0));
  PetscCall(MatCreateSeqAIJ(PETSC_COMM_SELF, m, m, 3, nullptr, &A));
  PetscCall(SNESCreate(PETSC_COMM_SELF, &snes));
  PetscCall(SNESSetFunction(snes, F, Residual1D, &ctx));
  PetscCall(SNESSetJacobian(snes, A, A, Jacobian1D, &ctx));
  // Residuals are h²-scaled: their rounding floor is ~1e-16·√n, so an absolute tolerance
  // well above it, full Newton steps (continuation keeps them in the basin) and a step test.
  PetscCall(SNESSetTolerances(snes, 1e-13, 1e-14, 1e-14, 100, 10000));
  SNESLineSearch ls;
  PetscCall(SNESGetLineSearch(snes, &ls));
  PetscCall(SNESLineSearchSetType(ls, SNESLINESEARCHBASIC));
  KSP ksp;
  PC  pc;
  PetscCall(SNESGetKSP(snes, &ksp));
  PetscCall(KSPSetType(ksp, KSPPREONLY));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCLU));
  for (double e : EpsSchedule(eps)) {
    ctx.eps = e;
    PetscCall(SNESSolve(snes, nullptr, U));
    PetscCall(CheckConverged(snes, e));
  }
  const PetscScalar *a;
  PetscCall(VecGetArrayRead(U, &a));
  u->assign(n + 1, 0.0);
  for (PetscInt j = 1; j < n; ++j) (*u)[j] = a[j - 1];
  PetscCall(VecRestoreArrayRead(U, &a));
  PetscCall(SNESDestroy(&snes));
  PetscCall(MatDestroy(&A));
  PetscCall(VecDestroy(&U));
  PetscCall(VecDestroy(&F));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SteadyBurgers2D(double eps, PetscInt n,
                               const std::function<double(double, double)> &f,
                               std::vector<double>                         *u,
                               const std::function<double(double, double)> &start) {
  DM    da;
  SNES  snes;
  Vec   U;
  Ctx2D ctx{eps, f};
  PetscFunctionBeginUser;
  PetscCheck(eps > 0 && n >= 4, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "Burgers reference needs eps > 0 and n >= 4");
  PetscCall(DMDACreate2d(PETSC_COMM_SELF, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR,
                         n + 1, n + 1, PETSC_DECIDE, PETSC_DECIDE, 1, 1, nullptr, nullptr, &da));
  PetscCall(DMSetUp(da));
  PetscCall(SNESCreate(PETSC_COMM_SELF, &snes));
  PetscCall(SNESSetDM(snes, da));
  PetscCall(DMDASNESSetFunctionLocal(da, INSERT_VALUES, (DMDASNESFunction)Residual2DLocal, &ctx));
  PetscCall(SNESSetTolerances(snes, 1e-12, 1e-14, 1e-14, 100, 100000));
  SNESLineSearch ls;
  PetscCall(SNESGetLineSearch(snes, &ls));
  // From a given start: damped Newton at the target ε (backtracking keeps far starts in reach).
  PetscCall(SNESLineSearchSetType(ls, start ? SNESLINESEARCHBT : SNESLINESEARCHBASIC));
  KSP ksp;
  PC  pc;
  PetscCall(SNESGetKSP(snes, &ksp));
  PetscCall(KSPSetType(ksp, KSPPREONLY));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCLU));
  PetscCall(DMCreateGlobalVector(da, &U));
  PetscCall(VecSet(U, 0.0));
  if (start) {
    PetscScalar **a;
    PetscCall(DMDAVecGetArray(da, U, &a));
    for (PetscInt j = 1; j < n; ++j)
      for (PetscInt i = 1; i < n; ++i) a[j][i] = start(static_cast<double>(i) / n, j * 1.0 / n);
    PetscCall(DMDAVecRestoreArray(da, U, &a));
  }
  for (double e : start ? std::vector<double>{eps} : EpsSchedule(eps)) {
    ctx.eps = e;
    PetscCall(SNESSolve(snes, nullptr, U));
    PetscCall(CheckConverged(snes, e));
  }
  PetscScalar **a;
  PetscCall(DMDAVecGetArrayRead(da, U, &a));
  u->assign((n + 1) * (n + 1), 0.0);
  for (PetscInt i = 0; i <= n; ++i)
    for (PetscInt j = 0; j <= n; ++j) (*u)[i * (n + 1) + j] = a[j][i];
  PetscCall(DMDAVecRestoreArrayRead(da, U, &a));
  PetscCall(VecDestroy(&U));
  PetscCall(SNESDestroy(&snes));
  PetscCall(DMDestroy(&da));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
