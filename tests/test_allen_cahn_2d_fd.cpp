// The 2D Allen–Cahn finite-difference reference: second-order convergence on a
// manufactured solution, exact cubic interpolation, and the paper's steady state
// (structure, repeated solves, and the same answer on one rank and on all ranks).
#include "reference/allen_cahn_2d_fd.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace petnet;

namespace {
const double kPi = 3.14159265358979323846;

// u* = 0.8 sin(πx) sin(πy) e^{x/2} (zero on ∂[−1,1]²); f makes it a steady state.
double Ustar(double x, double y) {
  return 0.8 * std::sin(kPi * x) * std::sin(kPi * y) * std::exp(0.5 * x);
}
double Forcing(double x, double y, double eps) {
  const double ex = std::exp(0.5 * x), sx = std::sin(kPi * x), cx = std::cos(kPi * x),
               sy  = std::sin(kPi * y);
  const double uxx = 0.8 * sy * ex * ((0.25 - kPi * kPi) * sx + kPi * cx);
  const double uyy = -kPi * kPi * Ustar(x, y);
  const double u   = Ustar(x, y);
  return -(eps * eps * (uxx + uyy) - u * u * u + u);
}

double MaxNodalError(MPI_Comm comm, PetscInt n, double eps) {
  AllenCahn2DFD ref;
  Vec           u;
  EXPECT_EQ(ref.Create(comm, n, eps), 0);
  EXPECT_EQ(ref.SetFromOptions(), 0);
  ref.SetForcing([eps](double x, double y) { return Forcing(x, y, eps); });
  ref.CreateVec(&u);
  AllenCahn2DFDStats st;
  EXPECT_EQ(ref.Solve([](double, double) { return 0.0; }, u, &st), 0);
  EXPECT_TRUE(st.converged);
  EXPECT_LT(st.residual, 1e-9);
  std::vector<double> all;
  ref.GatherAll(u, &all);
  VecDestroy(&u);
  double err = 0;
  for (PetscInt j = 0; j < n; ++j)
    for (PetscInt i = 0; i < n; ++i)
      err = std::fmax(
          err, std::fabs(all[j * n + i] - Ustar(ref.Lo() + i * ref.H(), ref.Lo() + j * ref.H())));
  return err;
}
} // namespace

TEST(AllenCahn2DFD, ManufacturedSolutionConvergesAtSecondOrder) {
  // eps = 0.5: eps^2 λ_min(−Δ) = 0.25·π²/2 > 1, so the steady state is unique.
  const double e1 = MaxNodalError(PETSC_COMM_WORLD, 17, 0.5);
  const double e2 = MaxNodalError(PETSC_COMM_WORLD, 33, 0.5);
  const double e3 = MaxNodalError(PETSC_COMM_WORLD, 65, 0.5);
  const double r1 = std::log2(e1 / e2), r2 = std::log2(e2 / e3);
  EXPECT_GT(r1, 1.8) << e1 << " " << e2;
  EXPECT_LT(r1, 2.2) << e1 << " " << e2;
  EXPECT_GT(r2, 1.9) << e2 << " " << e3;
  EXPECT_LT(r2, 2.1) << e2 << " " << e3;
  EXPECT_LT(e3, 2e-3);
}

TEST(AllenCahn2DFD, InterpolationIsExactForCubics) {
  const PetscInt n  = 9;
  const double   lo = -1, hi = 1, h = (hi - lo) / (n - 1);
  auto           p = [](double x, double y) {
    return x * x * x - 2 * x * y * y + y - 0.3 * x * x * y * y * y;
  };
  std::vector<double> all(n * n), pts, vals;
  for (PetscInt j = 0; j < n; ++j)
    for (PetscInt i = 0; i < n; ++i) all[j * n + i] = p(lo + i * h, lo + j * h);
  for (int q = 0; q < 200; ++q) {
    pts.push_back(-1 + 2 * std::fmod(0.618034 * q, 1.0));
    pts.push_back(-1 + 2 * std::fmod(0.414214 * q + 0.1, 1.0));
  }
  pts.push_back(1.0), pts.push_back(-1.0); // corners and nodes
  pts.push_back(lo + 3 * h), pts.push_back(lo + 5 * h);
  AllenCahn2DFD::InterpolateGrid(n, lo, hi, all, pts, &vals);
  for (size_t q = 0; q < vals.size(); ++q)
    EXPECT_NEAR(vals[q], p(pts[2 * q], pts[2 * q + 1]), 1e-12) << q;
}

TEST(AllenCahn2DFD, PaperSteadyStateSameOnOneRankAndAllRanks) {
  const PetscInt n   = 65;
  const double   eps = 0.1;
  auto           u0  = [](double x, double y) { return -std::sin(kPi * x) * std::sin(kPi * y); };
  std::vector<double> par, ser, again;
  {
    AllenCahn2DFD ref;
    Vec           u;
    ASSERT_EQ(ref.Create(PETSC_COMM_WORLD, n, eps), 0);
    ASSERT_EQ(ref.SetFromOptions(), 0);
    ref.CreateVec(&u);
    AllenCahn2DFDStats st;
    ASSERT_EQ(ref.Solve(u0, u, &st), 0);
    EXPECT_GT(st.ts_steps, 5); // it did integrate in time
    EXPECT_LT(st.residual, 1e-9);
    ref.GatherAll(u, &par);
    // Called again (another initial state first): the same answer.
    ASSERT_EQ(
        ref.Solve([](double x, double y) { return 0.3 * std::sin(3 * x) * std::cos(2 * y); }, u),
        0);
    ASSERT_EQ(ref.Solve(u0, u), 0);
    ref.GatherAll(u, &again);
    VecDestroy(&u);
  }
  {
    AllenCahn2DFD ref;
    Vec           u;
    ASSERT_EQ(ref.Create(PETSC_COMM_SELF, n, eps), 0);
    ref.CreateVec(&u);
    ASSERT_EQ(ref.Solve(u0, u), 0);
    ref.GatherAll(u, &ser);
    VecDestroy(&u);
  }
  ASSERT_EQ(par.size(), static_cast<size_t>(n * n));
  double dpar = 0, dagain = 0, asym = 0;
  for (size_t k = 0; k < par.size(); ++k) {
    dpar   = std::fmax(dpar, std::fabs(par[k] - ser[k]));
    dagain = std::fmax(dagain, std::fabs(par[k] - again[k]));
  }
  for (PetscInt j = 0; j < n; ++j)
    for (PetscInt i = 0; i < n; ++i)
      asym = std::fmax(asym, std::fabs(par[j * n + i] - par[i * n + j]));
  EXPECT_LT(dpar, 1e-9);
  EXPECT_LT(dagain, 1e-9);
  EXPECT_LT(asym, 1e-9);
  // u0 = −sin(πx)sin(πy) has four lobes of alternating sign; the steady state reached
  // from it sits in the wells u = ∓1 in the quadrants, with interfaces on the axes
  // (odd in x and in y) and layers to u = 0 at ∂Ω.
  const PetscInt a = 16, b = 48; // x = −0.5 and 0.5
  EXPECT_LT(par[b * n + b], -0.99);
  EXPECT_GT(par[b * n + b], -1.0);
  EXPECT_NEAR(par[b * n + a], -par[b * n + b], 1e-9);
  EXPECT_NEAR(par[(n / 2) * n + b], 0.0, 1e-9);
  for (PetscInt j = 0; j < n; ++j)
    for (PetscInt i = 0; i < n; ++i) {
      const double x = -1 + 2.0 * i / (n - 1), y = -1 + 2.0 * j / (n - 1);
      EXPECT_GE(par[j * n + i] * u0(x, y), -1e-12) << i << " " << j;
    }
}
