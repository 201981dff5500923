// Throughput of the DeepONet operator residual's Jacobian products (2D Burgers operator,
// nn/operator_residual + nn/deeponet_kernels): the matrix-free J·v (MatMult on the
// MATSHELL) and Jᵀ·w (MatMultTranspose: local reverse sweep + one MPI_Allreduce of
// length p) against the dense Jacobian kernel (every entry of the rows × p block
// written), all through the product path the solvers use.
//
// Throughput = rows × p / (CPU seconds × ranks): Jacobian entries "touched" per second per
// core (CPU time, so that cores shared with other jobs do not count; wall times printed too). The
// dense kernel writes each of them; the matrix-free products never form them (their cost is O(N_f
// p_branch + P p_trunk + rows K NC)), so their figure is what the same product would need from a
// dense J to keep up.
//
//   mpiexec -n 1 build/bin/bench_operator [-m 33] [-nf 4,64,512] [-reps 5]
//          [-branch 64,64] [-trunk 64,64] [-features 32] [-dense_max_gib 1.5]
#include "bench_timing.hpp"
#include "core/session.hpp"
#include "nn/mlp.hpp"
#include "pde/operator_problem.hpp"
#include "residuals/operator_residual.hpp"
#include "sampling/grf.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

using namespace petnet;
using petnet_bench::BestOf;

int main(int argc, char **argv) {
  Session session(&argc, &argv, nullptr);
  if (!session.ok()) return 1;
  MPI_Comm  comm     = PETSC_COMM_WORLD;
  char      nfs[256] = "4,64,512", branch[256] = "64,64", trunk[256] = "64,64";
  PetscInt  m = 33, reps = 5, K = 32;
  PetscReal dense_max_gib = 1.5;
  PetscOptionsGetString(nullptr, nullptr, "-nf", nfs, sizeof nfs, nullptr);
  PetscOptionsGetString(nullptr, nullptr, "-branch", branch, sizeof branch, nullptr);
  PetscOptionsGetString(nullptr, nullptr, "-trunk", trunk, sizeof trunk, nullptr);
  PetscOptionsGetInt(nullptr, nullptr, "-m", &m, nullptr);
  PetscOptionsGetInt(nullptr, nullptr, "-reps", &reps, nullptr);
  PetscOptionsGetInt(nullptr, nullptr, "-features", &K, nullptr);
  PetscOptionsGetReal(nullptr, nullptr, "-dense_max_gib", &dense_max_gib, nullptr);
  std::vector<int> sizes, bw, tw;
  if (ParseWidths(comm, nfs, &sizes) || ParseWidths(comm, branch, &bw) ||
      ParseWidths(comm, trunk, &tw))
    return 1;

  std::unique_ptr<OperatorProblem> problem;
  if (CreateOperatorProblem(comm, "burgers_2d_operator", &problem) || problem->SetFromOptions(comm))
    return 1;
  GrfOptions go;
  go.dim = 2;
  go.m   = m;
  GaussianRandomField grf;
  if (grf.Setup(comm, go)) return 1;
  const PetscInt      P = grf.Size();
  std::vector<double> pts;
  std::vector<char>   bnd;
  grf.GridPoints(&pts, &bnd);
  DeepONetLayout layout;
  if (DeepONetLayout::Create(comm, static_cast<int>(P), 2, bw, tw, static_cast<int>(K), &layout))
    return 1;
  const double p = static_cast<double>(layout.NumParams()), ranks = Size(comm);
  auto         inputs = [&](std::int64_t idx, double *s, double *a) {
    grf.Sample(7, idx, s);
    std::copy(s, s + P, a);
  };
  PetscPrintf(comm,
              "# 2D Burgers operator residual, DeepONet %s, %" PetscInt_FMT
              " points per function, %d rank(s), best of %" PetscInt_FMT "\n",
              layout.Describe().c_str(), P, Size(comm), reps);
  PetscPrintf(comm,
              "# times: wall ms (CPU ms of the slowest rank); throughput from CPU time: "
              "rows*p/(s*ranks) in 1e9\n"
              "# entries/s per core; dense only when rows*p*8 <= %.2f GiB\n",
              dense_max_gib);
  PetscPrintf(comm, "%6s %9s %18s %18s %18s %17s %9s %9s %9s\n", "nf", "rows", "setpoint_ms",
              "Jv_ms", "JTw_ms", "dense_ms", "Jv_G/s", "JTw_G/s", "dense_G/s");
  for (int nf : sizes) {
    OperatorResidual f;
    if (f.Setup(comm, problem.get(), layout, pts, bnd, nf, inputs, 1.0)) return 1;
    std::vector<double> theta(layout.NumParams());
    XavierNormalInit(layout, 3, theta.data());
    const double rows = static_cast<double>(f.GlobalRows());
    Mat          A, J;
    Vec          x, y;
    f.SetPoint(theta.data(), 0.5);
    f.JacobianOperator(&A);
    MatCreateVecs(A, &x, &y);
    VecSet(x, 1e-3);
    VecSet(y, 1.0);
    double       cs, cv, ct, cd = -1;
    const double ts = BestOf(
        comm, reps, [&] { f.SetPoint(theta.data(), 0.5); }, &cs);
    const double tv = BestOf(
        comm, reps, [&] { MatMult(A, x, y); }, &cv);
    const double tt = BestOf(
        comm, reps, [&] { MatMultTranspose(A, y, x); }, &ct);
    double td = -1;
    if (rows * p * 8 <= dense_max_gib * 1073741824.0) {
      f.Jacobian(&J); // allocate once
      td = BestOf(
               comm, reps,
               [&] {
                 f.SetPoint(theta.data(), 0.5); // invalidates the cached Jacobian
                 f.Jacobian(&J);
               },
               &cd) -
           ts;
      cd -= cs;
    }
    const double unit         = rows * p / ranks * 1e-9;
    char         dense_ms[48] = "-", dense_rate[32] = "-";
    if (td > 0) {
      snprintf(dense_ms, sizeof dense_ms, "%.1f (%.1f)", 1e3 * td, 1e3 * cd);
      snprintf(dense_rate, sizeof dense_rate, "%.3f", unit / cd);
    }
    PetscPrintf(comm, "%6d %9.0f %9.1f (%6.1f) %9.1f (%6.1f) %9.1f (%6.1f) %17s %9.1f %9.1f %9s\n",
                nf, rows, 1e3 * ts, 1e3 * cs, 1e3 * tv, 1e3 * cv, 1e3 * tt, 1e3 * ct, dense_ms,
                unit / cv, unit / ct, dense_rate);
    VecDestroy(&x);
    VecDestroy(&y);
  }
  return 0;
}
