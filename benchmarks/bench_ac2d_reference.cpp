// Grid convergence and cost of the 2D Allen–Cahn finite-difference reference: the
// steady state from u0 = −sin(πx)sin(πy) at ε on n = m+1, 2m+1, 4m+1, ... nodes,
// compared at the coarse nodes; the difference of successive grids estimates the
// error of the coarser one (×4/3 for a second-order method).
//   mpiexec -n 2 build/bin/bench_ac2d_reference -m 100 -levels 3 -eps 0.05
#include "core/session.hpp"
#include "reference/allen_cahn_2d_fd.hpp"

#include <cmath>
#include <vector>

using namespace petnet;

int main(int argc, char **argv) {
  PetscCall(PetscInitialize(&argc, &argv, nullptr, nullptr));
  PetscInt  m = 100, levels = 3;
  PetscReal eps = 0.05;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-m", &m, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-levels", &levels, nullptr));
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-eps", &eps, nullptr));
  std::vector<std::vector<double>> coarse; // each level restricted to the (m+1)^2 coarse nodes
  for (PetscInt l = 0; l < levels; ++l) {
    const PetscInt n = m * (1 << l) + 1;
    AllenCahn2DFD  ref;
    Vec            u;
    PetscCall(ref.Create(PETSC_COMM_WORLD, n, eps));
    PetscCall(ref.SetFromOptions());
    PetscCall(ref.CreateVec(&u));
    AllenCahn2DFDStats st;
    PetscCall(ref.Solve([](double x, double y) { return -std::sin(M_PI * x) * std::sin(M_PI * y); },
                        u, &st));
    std::vector<double> all, c;
    PetscCall(ref.GatherAll(u, &all));
    PetscCall(VecDestroy(&u));
    for (PetscInt j = 0; j <= m; ++j)
      for (PetscInt i = 0; i <= m; ++i) c.push_back(all[(j << l) * n + (i << l)]);
    coarse.push_back(c);
    double d2 = 0, n2 = 0, dinf = 0;
    if (l > 0)
      for (size_t k = 0; k < c.size(); ++k) {
        const double d = c[k] - coarse[l - 1][k];
        d2 += d * d, n2 += c[k] * c[k], dinf = std::fmax(dinf, std::fabs(d));
      }
    PetscCall(PetscPrintf(
        PETSC_COMM_WORLD,
        "n %5" PetscInt_FMT " h %.5f: %" PetscInt_FMT " TS steps, residual %.1e, %.2f s; "
        "|u_h - u_2h| rel L2 %.3e max %.3e\n",
        n, 2.0 / (n - 1), st.ts_steps, st.residual, st.wall, l ? std::sqrt(d2 / n2) : 0.0, dinf));
  }
  PetscCall(PetscFinalize());
  return 0;
}
