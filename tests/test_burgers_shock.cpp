// Burgers with a shock (pde/burgers_shock, reference/burgers_cole_hopf): the Gauss–Hermite
// rule's moments, the pointwise residual's G = ∂R/∂U and ∂R/∂ν against central finite
// differences, the boundary faces, and the Cole–Hopf reference against an independent
// fine finite-difference solve (method of lines, conservative central fluxes, RK4).
#include "pde/burgers_shock.hpp"
#include "quadrature/gauss_hermite.hpp"
#include "reference/burgers_cole_hopf.hpp"
#include "sampling/point_set.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace petnet;

TEST(GaussHermite, Moments) {
  for (int m : {1, 2, 7, 40, 200, 400}) {
    GaussHermite gh;
    ASSERT_EQ(GaussHermite::Create(PETSC_COMM_SELF, m, &gh), 0);
    // ∫ z^{2k} e^{−z²} dz = Γ(k + 1/2), exact for 2k ≤ 2m − 1
    for (int k = 0; 2 * k <= std::min(2 * m - 1, 12); ++k) {
      double s = 0;
      for (int i = 0; i < m; ++i)
        s += std::exp(gh.LogWeights()[i]) * std::pow(gh.Nodes()[i], 2 * k);
      EXPECT_NEAR(s, std::tgamma(k + 0.5), 1e-12 * std::tgamma(k + 0.5)) << "m " << m << " k " << k;
    }
  }
}

TEST(BurgersShock, DerivativesMatchFiniteDifferences) {
  BurgersShock   pb;
  const PetscInt n = 6, nc = 5;
  DView2         X("x", n, 2), U("u", n, nc), G("G", n, nc), Gd("Gd", n, nc);
  DView1         r("r", n), rl("rl", n), rp("rp", n), rm("rm", n), none;
  auto           hX = Kokkos::create_mirror_view(X);
  auto           hU = Kokkos::create_mirror_view(U);
  for (PetscInt q = 0; q < n; ++q) {
    hX(q, 0) = -0.9 + 0.3 * q, hX(q, 1) = 0.1 * q;
    for (int c = 0; c < nc; ++c) hU(q, c) = std::sin(1.0 + q + 2.3 * c);
  }
  Kokkos::deep_copy(X, hX);
  Kokkos::deep_copy(U, hU);
  const double nu = 0.01 / M_PI, h = 1e-6;
  pb.Interior(nu, X, U, r, G, rl);
  auto hr = Kokkos::create_mirror_view(r);
  auto hG = Kokkos::create_mirror_view(G);
  auto hl = Kokkos::create_mirror_view(rl);
  auto hp = Kokkos::create_mirror_view(rp);
  auto hm = Kokkos::create_mirror_view(rm);
  Kokkos::deep_copy(hr, r);
  Kokkos::deep_copy(hG, G);
  Kokkos::deep_copy(hl, rl);
  for (PetscInt q = 0; q < n; ++q)
    EXPECT_NEAR(hr(q), hU(q, 2) + hU(q, 0) * hU(q, 1) - nu * hU(q, 3), 1e-14);
  pb.Interior(nu + h, X, U, rp, Gd, none);
  pb.Interior(nu - h, X, U, rm, Gd, none);
  Kokkos::deep_copy(hp, rp);
  Kokkos::deep_copy(hm, rm);
  for (PetscInt q = 0; q < n; ++q) EXPECT_NEAR(hl(q), (hp(q) - hm(q)) / (2 * h), 1e-8);
  for (int c = 0; c < nc; ++c) { // ∂R/∂U(q, c) by a central difference in component c
    DView2 Up("up", n, nc), Um("um", n, nc);
    auto   hUp = Kokkos::create_mirror_view(Up), hUm = Kokkos::create_mirror_view(Um);
    Kokkos::deep_copy(hUp, hU);
    Kokkos::deep_copy(hUm, hU);
    for (PetscInt q = 0; q < n; ++q) hUp(q, c) += h, hUm(q, c) -= h;
    Kokkos::deep_copy(Up, hUp);
    Kokkos::deep_copy(Um, hUm);
    pb.Interior(nu, X, Up, rp, Gd, none);
    pb.Interior(nu, X, Um, rm, Gd, none);
    Kokkos::deep_copy(hp, rp);
    Kokkos::deep_copy(hm, rm);
    for (PetscInt q = 0; q < n; ++q)
      EXPECT_NEAR((hp(q) - hm(q)) / (2 * h), hG(q, c), 1e-8) << "component " << c;
  }
}

TEST(BurgersShock, BoundaryFaces) {
  BurgersShock pb;
  double       lo[2], hi[2];
  pb.Bounds(lo, hi);
  std::vector<bool> faces;
  for (int k = 0; k < 2; ++k)
    for (int side = 0; side < 2; ++side) faces.push_back(pb.BoundaryFace(k, side));
  std::vector<double> all, kept;
  ASSERT_EQ(BoundaryPoints(PETSC_COMM_SELF, 2, lo, hi, 60, &all), 0);
  ASSERT_EQ(BoundaryPoints(PETSC_COMM_SELF, 2, lo, hi, 60, &kept, faces), 0);
  EXPECT_EQ(all.size(), 120u);
  size_t top = 0;
  for (size_t q = 0; q < all.size() / 2; ++q)
    if (all[2 * q + 1] == 1.0 && std::fabs(all[2 * q]) < 1.0) ++top;
  EXPECT_GT(top, 0u);
  EXPECT_EQ(kept.size() / 2, all.size() / 2 - top); // only the points inside the face t = 1 go
  for (size_t q = 0; q < kept.size() / 2; ++q) {
    const double *x = &kept[2 * q];
    EXPECT_TRUE(x[1] == 0.0 || std::fabs(x[0]) == 1.0);
    EXPECT_NEAR(pb.BoundaryValue(x), x[1] == 0.0 ? -std::sin(M_PI * x[0]) : 0.0, 1e-15);
  }
}

namespace {
/// u_t + (u²/2)_x = ν u_xx on [−1, 1] with u(±1) = 0 by the method of lines: n + 1 nodes,
/// central differences in conservative form, classical RK4; returns u at time T.
std::vector<double> BurgersFD(int n, double nu, double T) {
  const double        h = 2.0 / n;
  std::vector<double> u(n + 1);
  for (int i = 0; i <= n; ++i) u[i] = -std::sin(M_PI * (-1.0 + i * h));
  u[0] = u[n]         = 0;
  const double dt_max = 0.2 * std::min(h * h / nu, h);
  const int    steps  = static_cast<int>(std::ceil(T / dt_max));
  const double dt     = T / steps;
  auto         rhs    = [&](const std::vector<double> &v, std::vector<double> &f) {
    f.assign(n + 1, 0.0);
    for (int i = 1; i < n; ++i)
      f[i] = -(v[i + 1] * v[i + 1] - v[i - 1] * v[i - 1]) / (4 * h) +
             nu * (v[i + 1] - 2 * v[i] + v[i - 1]) / (h * h);
  };
  std::vector<double> k1, k2, k3, k4, w(n + 1);
  for (int s = 0; s < steps; ++s) {
    rhs(u, k1);
    for (int i = 0; i <= n; ++i) w[i] = u[i] + 0.5 * dt * k1[i];
    rhs(w, k2);
    for (int i = 0; i <= n; ++i) w[i] = u[i] + 0.5 * dt * k2[i];
    rhs(w, k3);
    for (int i = 0; i <= n; ++i) w[i] = u[i] + dt * k3[i];
    rhs(w, k4);
    for (int i = 0; i <= n; ++i) u[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return u;
}
} // namespace

TEST(BurgersColeHopf, MatchesFiniteDifferences) {
  const double    nu = 0.01 / M_PI;
  BurgersColeHopf ch;
  ASSERT_EQ(ch.Create(PETSC_COMM_SELF, 200), 0);
  // Node points of the FD grid (n = 4000, h = 5e-4): away from the shock, next to it
  // (|x| a few shock widths ~ ν/|u| ≈ 3.5e-3) and on its flank.
  const int n = 4000;
  for (double T : {0.25, 0.75, 1.0}) {
    const std::vector<double> u = BurgersFD(n, nu, T);
    for (int i : {200, 1000, 1800, 1980, 1996, 2000, 2004, 2020, 3000}) {
      const double x = -1.0 + i * (2.0 / n), ref = ch.At(x, T, nu);
      // second-order FD: errors ~h² u''' ; far below 1e-4 away from the front, ~1e-4 on it
      const double tol = std::fabs(x) < 0.02 ? 2e-4 : 2e-6;
      EXPECT_NEAR(u[i], ref, tol) << "x " << x << " t " << T;
    }
  }
  // u is odd in x, zero on x = ±1, and −sin(πx) at t = 0
  EXPECT_NEAR(ch.At(0.3, 0.6, nu), -ch.At(-0.3, 0.6, nu), 1e-13);
  EXPECT_NEAR(ch.At(1.0, 0.6, nu), 0.0, 1e-13);
  EXPECT_EQ(ch.At(0.4, 0.0, nu), -std::sin(M_PI * 0.4));
}

TEST(BurgersColeHopf, DoublingTheNodes) {
  // The rule's error at the target ν on the benchmark grid, estimated by 2N nodes.
  const double    nu = 0.01 / M_PI;
  BurgersColeHopf a, b;
  ASSERT_EQ(a.Create(PETSC_COMM_SELF, 200), 0);
  ASSERT_EQ(b.Create(PETSC_COMM_SELF, 400), 0);
  double err = 0;
  for (int j = 0; j < 100; j += 3)
    for (int i = 0; i < 256; ++i) {
      const double x = -1.0 + 2.0 * i / 255, t = j / 99.0;
      err = std::max(err, std::fabs(a.At(x, t, nu) - b.At(x, t, nu)));
    }
  EXPECT_LT(err, 1e-10);
}

TEST(EvaluationGrid, SecondCoordinateCount) {
  // The benchmark's 256 x 100 grid in (x, t): x fastest, both ends included.
  const double              lo[2] = {-1, 0}, hi[2] = {1, 1};
  const std::vector<double> g = EvaluationGrid(2, lo, hi, 256, 100);
  ASSERT_EQ(g.size(), 2u * 256 * 100);
  EXPECT_EQ(g[0], -1.0);
  EXPECT_EQ(g[1], 0.0);
  EXPECT_NEAR(g[2 * 255], 1.0, 1e-15);
  EXPECT_NEAR(g[2 * 256 + 1], 1.0 / 99, 1e-15);
  EXPECT_NEAR(g[2 * (256 * 100 - 1) + 1], 1.0, 1e-15);
  EXPECT_EQ(EvaluationGrid(2, lo, hi, 5).size(), 2u * 25); // ny = 0: square
}
