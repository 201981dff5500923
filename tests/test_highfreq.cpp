// High-frequency fit H(u, ε) = u − sin(πx/ε): the pointwise residual, G = ∂R/∂U and
// ∂R/∂ε against central finite differences, and the residual's row layout (no
// boundary rows) through PinnResidual.
#include "pde/highfreq.hpp"
#include "residuals/pinn_residual.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace petnet;

TEST(HighFrequency, DerivativesMatchFiniteDifferences) {
  HighFrequency  pb;
  const PetscInt n = 7;
  DView2         X("x", n, 1), U("u", n, 1), G("G", n, 1), Gd("Gd", n, 1);
  DView1         r("r", n), rl("rl", n), rp("rp", n), rm("rm", n), none;
  auto           hX = Kokkos::create_mirror_view(X);
  auto           hU = Kokkos::create_mirror_view(U);
  for (PetscInt q = 0; q < n; ++q) {
    hX(q, 0) = 0.05 + 0.13 * q;
    hU(q, 0) = 0.3 - 0.1 * q;
  }
  Kokkos::deep_copy(X, hX);
  Kokkos::deep_copy(U, hU);
  for (double eps : {1.0 / 15, 1.0 / 35, 1.0 / 50}) {
    pb.Interior(eps, X, U, r, G, rl);
    const double h = 1e-6 * eps;
    pb.Interior(eps + h, X, U, rp, Gd, none);
    pb.Interior(eps - h, X, U, rm, Gd, none);
    auto hr = Kokkos::create_mirror_view(r);
    auto hG = Kokkos::create_mirror_view(G);
    auto hl = Kokkos::create_mirror_view(rl);
    auto hp = Kokkos::create_mirror_view(rp);
    auto hm = Kokkos::create_mirror_view(rm);
    Kokkos::deep_copy(hr, r);
    Kokkos::deep_copy(hG, G);
    Kokkos::deep_copy(hl, rl);
    Kokkos::deep_copy(hp, rp);
    Kokkos::deep_copy(hm, rm);
    for (PetscInt q = 0; q < n; ++q) {
      EXPECT_NEAR(hr(q), hU(q, 0) - std::sin(M_PI * hX(q, 0) / eps), 1e-14);
      EXPECT_EQ(hG(q, 0), 1.0); // H is u minus data
      const double fd = (hp(q) - hm(q)) / (2 * h);
      EXPECT_NEAR(hl(q), fd, 1e-6 * (1 + std::fabs(fd))) << "eps " << eps << " x " << hX(q, 0);
    }
    // ∂R/∂U by a finite difference in u
    DView2 Up("up", n, 1), Um("um", n, 1);
    auto   hUp = Kokkos::create_mirror_view(Up), hUm = Kokkos::create_mirror_view(Um);
    for (PetscInt q = 0; q < n; ++q) hUp(q, 0) = hU(q, 0) + 1e-6, hUm(q, 0) = hU(q, 0) - 1e-6;
    Kokkos::deep_copy(Up, hUp);
    Kokkos::deep_copy(Um, hUm);
    pb.Interior(eps, X, Up, rp, Gd, none);
    pb.Interior(eps, X, Um, rm, Gd, none);
    Kokkos::deep_copy(hp, rp);
    Kokkos::deep_copy(hm, rm);
    for (PetscInt q = 0; q < n; ++q) EXPECT_NEAR((hp(q) - hm(q)) / 2e-6, hG(q, 0), 1e-8);
  }
}

TEST(HighFrequency, ResidualRowsAndExact) {
  // On the exact function the loss is zero up to the network: check rows and scaling
  // by fitting nothing — r at θ = 0 is −sin(πx/ε)/√n on every rank, no boundary rows.
  MPI_Comm      comm = PETSC_COMM_WORLD;
  HighFrequency pb;
  MLPLayout     layout;
  ASSERT_EQ(MLPLayout::Create(comm, 1, {5, 5}, &layout), 0);
  SamplingOptions o;
  o.n_res                = 40;
  double              lo = 0, hi = 1;
  std::vector<double> ip;
  ASSERT_EQ(InteriorPoints(comm, 1, &lo, &hi, o, 0, &ip), 0);
  PointSet interior, boundary;
  PointSet::Create(comm, 1, ip, &interior);
  PointSet::Create(comm, 1, {}, &boundary, true);
  PinnResidual f;
  ASSERT_EQ(f.Setup(comm, &pb, layout, interior, boundary, 1.0), 0);
  std::vector<double> theta(layout.NumParams(), 0.0);
  const double        eps = 1.0 / 35;
  Vec                 r;
  double              loss;
  f.CreateRowVec(&r);
  f.SetPoint(theta.data(), eps);
  f.Loss(r, &loss);
  double expect = 0;
  for (size_t i = 0; i < ip.size(); ++i) expect += std::pow(std::sin(M_PI * ip[i] / eps), 2);
  expect *= 0.5 / ip.size();
  EXPECT_NEAR(loss, expect, 1e-14);
  PetscInt n;
  VecGetSize(r, &n);
  EXPECT_EQ(n, 40);
  VecDestroy(&r);
  double x = 0.3;
  EXPECT_NEAR(pb.Exact(&x, eps), std::sin(M_PI * 0.3 * 35), 1e-15);
}
