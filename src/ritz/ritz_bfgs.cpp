#include "ritz/ritz_bfgs.hpp"
#include "core/options_left.hpp"

#include <cmath>

namespace petnet {

namespace {
struct BfgsCtx {
  const RitzEnergy   *E;
  int                 n;
  RitzWork            work;
  std::vector<double> b, c, gb, gc;
  DbnResult          *result;
  bool                track, monitor;
  MPI_Comm            comm;
  ShallowReLU         snap;
};

void Unpack(const PetscScalar *x, BfgsCtx *ctx) {
  const int n = ctx->n;
  ctx->c.assign(x, x + n + 1);
  ctx->b.assign(x + n + 1, x + 2 * n + 1);
}

PetscErrorCode ObjGrad(Tao, Vec X, PetscReal *f, Vec G, void *vctx) {
  auto              *ctx = static_cast<BfgsCtx *>(vctx);
  const PetscScalar *x;
  PetscScalar       *g;
  PetscFunctionBeginUser;
  PetscCall(VecGetArrayRead(X, &x));
  Unpack(x, ctx);
  PetscCall(VecRestoreArrayRead(X, &x));
  *f = ctx->E->EnergyAndGradient(ctx->b, ctx->c, &ctx->gc, &ctx->gb, &ctx->work);
  PetscCall(VecGetArray(G, &g));
  for (int i = 0; i <= ctx->n; ++i) g[i] = ctx->gc[i];
  for (int i = 0; i < ctx->n; ++i) g[ctx->n + 1 + i] = ctx->gb[i];
  PetscCall(VecRestoreArray(G, &g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode Monitor(Tao tao, void *vctx) {
  auto              *ctx = static_cast<BfgsCtx *>(vctx);
  PetscInt           it;
  PetscReal          f, gnorm, cnorm, xdiff;
  TaoConvergedReason reason;
  Vec                X;
  const PetscScalar *x;
  PetscFunctionBeginUser;
  PetscCall(TaoGetSolutionStatus(tao, &it, &f, &gnorm, &cnorm, &xdiff, &reason));
  DbnRecord rec;
  rec.it      = static_cast<int>(it);
  rec.neurons = ctx->n + 1;
  rec.J       = f;
  rec.step    = xdiff;
  if (ctx->track && ctx->E->Problem().HasExact()) {
    PetscCall(TaoGetSolution(tao, &X));
    PetscCall(VecGetArrayRead(X, &x));
    Unpack(x, ctx);
    PetscCall(VecRestoreArrayRead(X, &x));
    ctx->snap.alpha = ctx->E->Alpha();
    ctx->snap.b     = ctx->b;
    ctx->snap.c     = ctx->c;
    for (double &v : ctx->snap.b) v = std::min(1.0, std::max(0.0, v));
    ctx->snap.Sort();
    rec.e_n = ctx->E->RelativeError(ctx->snap);
  }
  ctx->result->history.push_back(rec);
  if (ctx->monitor)
    PetscCall(PetscPrintf(ctx->comm, "  bfgs %4d  e_n %.6e  J %.12e  |grad| %.3e\n", rec.it,
                          rec.e_n, f, gnorm));
  PetscFunctionReturn(PETSC_SUCCESS);
}
} // namespace

RitzBfgs::~RitzBfgs() {
  if (tao_) (void)TaoDestroy(&tao_);
}

PetscErrorCode RitzBfgs::SetFromOptions(MPI_Comm comm, PetscInt max_it) {
  PetscFunctionBeginUser;
  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao_));
  PetscCall(TaoSetType(tao_, TAOBQNLS));
  PetscCall(TaoSetOptionsPrefix(tao_, "bfgs_"));
  RegisterObjectPrefix("bfgs_", {"tao_"});
  PetscCall(TaoSetMaximumIterations(tao_, max_it));
  PetscCall(TaoSetMaximumFunctionEvaluations(tao_, 100 * max_it + 1000));
  // scipy's BFGS stops at |grad|_inf < 1e-5; here the stop is the iteration budget.
  PetscCall(TaoSetTolerances(tao_, 1e-12, 0.0, 0.0));
  PetscCall(TaoSetFromOptions(tao_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RitzBfgs::Solve(MPI_Comm comm, const RitzEnergy &E, ShallowReLU *model,
                               DbnResult *result, bool track_error, bool monitor) {
  const int n = model->NumBreakpoints();
  Vec       X, lo, hi;
  BfgsCtx   ctx{&E, n, {}, {}, {}, {}, {}, result, track_error, monitor, comm, {}};
  PetscFunctionBeginUser;
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, 2 * n + 1, &X));
  PetscCall(VecDuplicate(X, &lo));
  PetscCall(VecDuplicate(X, &hi));
  PetscScalar *x, *l, *h;
  PetscCall(VecGetArray(X, &x));
  PetscCall(VecGetArray(lo, &l));
  PetscCall(VecGetArray(hi, &h));
  for (int i = 0; i <= n; ++i) x[i] = model->c[i], l[i] = PETSC_NINFINITY, h[i] = PETSC_INFINITY;
  for (int i = 0; i < n; ++i) x[n + 1 + i] = model->b[i], l[n + 1 + i] = 0.0, h[n + 1 + i] = 1.0;
  PetscCall(VecRestoreArray(X, &x));
  PetscCall(VecRestoreArray(lo, &l));
  PetscCall(VecRestoreArray(hi, &h));
  PetscCall(TaoSetSolution(tao_, X));
  PetscCall(TaoSetVariableBounds(tao_, lo, hi));
  PetscCall(TaoSetObjectiveAndGradient(tao_, nullptr, ObjGrad, &ctx));
  PetscCall(TaoSetMonitor(tao_, Monitor, &ctx, nullptr));
  TaoConvergedReason reason = TAO_DIVERGED_NAN;
  PetscInt           its    = 0;
  // TAO stops with an error on a non-finite start: test the energy first (the same on every rank)
  RitzMoments m0;
  E.Assemble(model->b.data(), n, &m0);
  if (std::isfinite(E.Energy(model->b.data(), n, model->c.data(), m0))) {
    PetscCall(TaoSolve(tao_));
    PetscCall(TaoGetConvergedReason(tao_, &reason));
    PetscCall(TaoGetIterationNumber(tao_, &its));
  }
  result->iterations = static_cast<int>(its);
  result->code       = reason;
  result->code_name  = TaoConvergedReasons[reason];
  result->reason     = TaoConvergedReasons[reason];
  const PetscScalar *xr;
  PetscCall(VecGetArrayRead(X, &xr));
  Unpack(xr, &ctx);
  PetscCall(VecRestoreArrayRead(X, &xr));
  model->b = ctx.b;
  model->c = ctx.c;
  model->Sort();
  PetscCall(VecDestroy(&X));
  PetscCall(VecDestroy(&lo));
  PetscCall(VecDestroy(&hi));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
