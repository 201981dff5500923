// bench_dbn: cost of one damped block Newton iteration vs n (one core), and the time
// dBN needs to reach BFGS's final error on (7.1) with n = 60, measured in the same process.
//
//   build/bin/bench_dbn                      (n = 1e2 .. 1e6)
//   build/bin/bench_dbn -nmax 100000 -bfgs_its 1000
#include "core/session.hpp"
#include "ritz/dbn.hpp"
#include "ritz/diffusion1d.hpp"
#include "ritz/ritz_bfgs.hpp"

#include <algorithm>
#include <cstdio>

using namespace petnet;

static PetscErrorCode Main() {
  MPI_Comm comm = PETSC_COMM_SELF;
  PetscInt nmax = 1000000, bfgs_its = 1000;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-nmax", &nmax, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-bfgs_its", &bfgs_its, nullptr));
  Diffusion1D pde;
  PetscCall(Diffusion1D::Create(comm, "ritz_exp", &pde));
  RitzEnergy E, Ex;
  PetscCall(RitzEnergy::Create(comm, pde, 1e4, 8, &E));
  PetscCall(RitzEnergy::Create(comm, pde, 1e4, 8, &Ex, true));

  // 1. Cost per iteration vs n: uniform start, no error tracking, 3 warm-up iterations
  //    excluded (the first ones redistribute the S1 neurons of the flat tail).
  struct Config {
    const char       *name;
    const RitzEnergy *E;
    DbnLineSearch     ls;
    bool              reduced;
  } configs[] = {
      {"gauss8+brent+frozen c (the paper's line search)", &E, DbnLineSearch::Brent, false},
      {"gauss8+brent+reduced (the job's default here)", &E, DbnLineSearch::Brent, true},
      {"exact+brent+frozen c", &Ex, DbnLineSearch::Brent, false},
      {"exact+quadratic+frozen c", &Ex, DbnLineSearch::Quadratic, false},
      {"exact+quadratic+reduced", &Ex, DbnLineSearch::Quadratic, true}};
  for (auto &cfg : configs) {
    PetscCall(PetscPrintf(comm, "# dBN cost per iteration, (7.1), %s, one core\n", cfg.name));
    PetscCall(PetscPrintf(comm, "# %10s %8s %14s %12s %10s %14s\n", "n", "iters", "s/iteration",
                          "ns/(n*it)", "J evals/it", "ns/(n*J eval)"));
    for (PetscInt n = 100; n <= nmax; n *= 10) {
      ShallowReLU model;
      PetscCall(RitzUniformModel(*cfg.E, static_cast<int>(n) - 1, &model));
      DbnOptions o;
      o.track_error = false;
      o.ls_type     = cfg.ls;
      o.ls_reduced  = cfg.reduced;
      o.max_it      = 3;
      Rng rng(0);
      {
        DampedBlockNewton warm(*cfg.E, o, &rng);
        DbnResult         r;
        PetscCall(warm.Solve(comm, &model, &r));
      }
      o.max_it = static_cast<PetscInt>(std::max<long>(3, std::min<long>(100, 20000000L / n)));
      DampedBlockNewton dbn(*cfg.E, o, &rng);
      DbnResult         res;
      const double      t0 = MPI_Wtime();
      PetscCall(dbn.Solve(comm, &model, &res));
      const double t = (MPI_Wtime() - t0) / o.max_it; // includes the final linear solve (≈ 1/its)
      double       evals = 0;
      for (auto &h : res.history) evals += h.ls_evals;
      // one energy evaluation at the final breakpoints (what each line-search step costs)
      RitzWork     w;
      const int    reps = static_cast<int>(std::max<long>(1, 2000000L / n));
      const double te0  = MPI_Wtime();
      double       sink = 0;
      for (int r = 0; r < reps; ++r) sink += cfg.E->EnergyAt(model.b, model.c, &w);
      const double te = (MPI_Wtime() - te0) / reps;
      PetscCall(PetscPrintf(
          comm, "  %10" PetscInt_FMT " %8" PetscInt_FMT " %14.4e %12.1f %10.1f %14.1f%s\n", n,
          o.max_it, t, 1e9 * t / n, evals / o.max_it, 1e9 * te / n, sink == 0.123 ? " " : ""));
    }
  }

  // 2. dBN vs BFGS on (7.1), n = 60, same start.
  const int   n = 60;
  ShallowReLU start;
  PetscCall(RitzUniformModel(E, n - 1, &start));
  ShallowReLU m_bfgs = start;
  RitzBfgs    bfgs;
  PetscCall(bfgs.SetFromOptions(comm, bfgs_its));
  DbnResult    rb;
  const double tb0 = MPI_Wtime();
  PetscCall(bfgs.Solve(comm, E, &m_bfgs, &rb, false, false));
  const double tb     = MPI_Wtime() - tb0;
  const double e_bfgs = E.RelativeError(m_bfgs);
  // iterations dBN needs to reach e_bfgs (tracked run), then the same run timed untracked
  DbnOptions o;
  o.max_it = 1000;
  Rng               rng(0);
  ShallowReLU       m = start;
  DbnResult         rt;
  DampedBlockNewton tracked(E, o, &rng);
  PetscCall(tracked.Solve(comm, &m, &rt));
  int K = -1;
  for (auto &h : rt.history)
    if (h.e_n <= e_bfgs) {
      K = h.it;
      break;
    }
  PetscCheck(K >= 0, comm, PETSC_ERR_NOT_CONVERGED, "dBN did not reach BFGS's e_n %g", e_bfgs);
  o.track_error  = false;
  o.max_it       = K;
  const int reps = 200;
  double    td   = 0;
  for (int r = 0; r < reps; ++r) {
    Rng               rr(0);
    ShallowReLU       mm = start;
    DbnResult         rd;
    DampedBlockNewton timed(E, o, &rr);
    const double      t0 = MPI_Wtime();
    PetscCall(timed.Solve(comm, &mm, &rd));
    td += MPI_Wtime() - t0;
    if (r == 0)
      PetscCheck(E.RelativeError(mm) <= e_bfgs, comm, PETSC_ERR_PLIB, "untracked dBN run differs");
  }
  td /= reps;
  PetscCall(PetscPrintf(comm, "# dBN vs BFGS, (7.1), n = %d, same uniform start\n", n));
  PetscCall(PetscPrintf(comm, "  BFGS (TAO bqnls): %d iterations (%s), e_n %.4e, %.4e s\n",
                        rb.iterations, rb.reason.c_str(), e_bfgs, tb));
  PetscCall(PetscPrintf(
      comm,
      "  dBN reaches e_n <= %.4e after %d iterations: %.4e s (mean of %d runs); speed-up %.1fx\n",
      e_bfgs, K, td, reps, tb / td));
  PetscCall(PetscPrintf(comm, "  dBN after 1000 iterations: e_n %.4e\n", rt.history.back().e_n));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv) {
  petnet::Session session(&argc, &argv, nullptr);
  if (!session.ok()) return 1;
  return Main() ? 1 : 0;
}
