// The product path for the 2D Allen–Cahn residual (pde/allen_cahn + residuals/pinn_residual):
// residual evaluation (jets + pointwise PDE + row assembly), the dense Jacobian handed
// to PETSc, and the matrix-free J·v / Jᵀ·w through the MATSHELL, for a 2-30-30-30-1 MLP.
//
//   mpiexec -n 1 build/bin/bench_residual [-n 2500,10000] [-reps 20]
#include "bench_timing.hpp"
#include "core/session.hpp"
#include "pde/allen_cahn.hpp"
#include "residuals/pinn_residual.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

using namespace petnet;
using petnet_bench::BestOf;

int main(int argc, char **argv) {
  Session session(&argc, &argv, nullptr);
  if (!session.ok()) return 1;
  MPI_Comm comm    = PETSC_COMM_WORLD;
  char     ns[256] = "2500,10000";
  PetscInt reps    = 20;
  PetscOptionsGetString(nullptr, nullptr, "-n", ns, sizeof ns, nullptr);
  PetscOptionsGetInt(nullptr, nullptr, "-reps", &reps, nullptr);
  std::vector<int> sizes;
  if (ParseWidths(comm, ns, &sizes)) return 1;
  AllenCahn2D problem;
  MLPLayout   layout;
  MLPLayout::Create(comm, 2, {30, 30, 30}, &layout);
  PetscPrintf(comm, "# 2D Allen-Cahn residual, MLP %s, %d rank(s)\n", layout.Describe().c_str(),
              Size(comm));
  PetscPrintf(comm, "%8s %12s %12s %12s %12s %10s %10s\n", "n", "residual_ms", "jacobian_ms",
              "Jv_ms", "JTw_ms", "Jv/res", "JTw/res");
  for (int n : sizes) {
    SamplingOptions o;
    o.n_res                   = n;
    o.type                    = "random";
    double              lo[2] = {-1, -1}, hi[2] = {1, 1};
    std::vector<double> ip, bp;
    InteriorPoints(comm, 2, lo, hi, o, 1, &ip);
    PointSet interior, boundary;
    PointSet::Create(comm, 2, ip, &interior);
    PointSet::Create(comm, 2, bp, &boundary, true);
    PinnResidual f;
    if (f.Setup(comm, &problem, layout, interior, boundary, 1.0)) return 1;
    std::vector<double> theta(layout.NumParams());
    XavierNormalInit(layout, 1, theta.data());
    Vec r, x, y;
    Mat J, A;
    f.CreateRowVec(&r);
    f.SetPoint(theta.data(), 0.5);
    f.JacobianOperator(&A);
    MatCreateVecs(A, &x, &y);
    VecSet(x, 1.0);
    VecSet(r, 1.0);
    const double tr = BestOf(comm, reps, [&] {
      f.SetPoint(theta.data(), 0.5);
      f.Residual(r);
    });
    const double tj = BestOf(comm, reps,
                             [&] {
                               f.SetPoint(theta.data(), 0.5); // invalidates the cached Jacobian
                               f.Jacobian(&J);
                             }) -
                      tr;
    const double tv = BestOf(comm, reps, [&] { MatMult(A, x, y); });
    const double tt = BestOf(comm, reps, [&] { MatMultTranspose(A, y, x); });
    PetscPrintf(comm, "%8d %12.3f %12.3f %12.3f %12.3f %10.2f %10.2f\n", n, 1e3 * tr, 1e3 * tj,
                1e3 * tv, 1e3 * tt, tv / tr, tt / tr);
    VecDestroy(&r);
    VecDestroy(&x);
    VecDestroy(&y);
  }
  return 0;
}
