// Network kernels against central finite differences, and the matrix-free products
// against the assembled Jacobian.
#include "core/random.hpp"
#include "nn/mlp_kernels.hpp"

#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace petnet;
using petnet_test::RelErr;

namespace {

struct Fixture {
  MLPLayout   layout;
  MLPKernels  kern;
  DView1      theta;
  DView2      X, G;
  int         n, d, nc;

  Fixture(int d_, std::vector<int> hidden, int order, int n_, std::uint64_t seed) : n(n_), d(d_) {
    MLPLayout::Create(PETSC_COMM_SELF, d, hidden, &layout);
    kern  = MLPKernels(layout, order);
    nc    = kern.NumComponents();
    theta = DView1("theta", layout.NumParams());
    X     = DView2("X", n, d);
    G     = DView2("G", n, nc);
    auto th = Kokkos::create_mirror_view(theta);
    XavierNormalInit(layout, seed, th.data());
    Rng rng(seed + 1);
    for (PetscInt k = 0; k < layout.NumParams(); ++k) th(k) += 0.1 * rng.Normal(); // non-zero biases too
    Kokkos::deep_copy(theta, th);
    auto hx = Kokkos::create_mirror_view(X);
    auto hg = Kokkos::create_mirror_view(G);
    for (int q = 0; q < n; ++q) {
      for (int j = 0; j < d; ++j) hx(q, j) = rng.Uniform(-1, 1);
      for (int c = 0; c < nc; ++c) hg(q, c) = rng.Normal();
    }
    Kokkos::deep_copy(X, hx);
    Kokkos::deep_copy(G, hg);
  }

  // r(θ)_q = Σ_c G(q,c) U(q,c)
  std::vector<double> Weighted(DView1 th) const {
    DView2 U("U", n, nc);
    kern.Jet(th, X, U);
    auto hu = Kokkos::create_mirror_view(U);
    Kokkos::deep_copy(hu, U);
    auto hg = Kokkos::create_mirror_view(G);
    Kokkos::deep_copy(hg, G);
    std::vector<double> r(n, 0.0);
    for (int q = 0; q < n; ++q)
      for (int c = 0; c < nc; ++c) r[q] += hg(q, c) * hu(q, c);
    return r;
  }
};

} // namespace

class Kernels : public ::testing::TestWithParam<std::tuple<int, int>> {};

TEST_P(Kernels, JetMatchesFiniteDifferencesInX) {
  const int d = std::get<0>(GetParam()), order = std::get<1>(GetParam());
  if (order == 0) GTEST_SKIP();
  Fixture f(d, {7, 6, 5}, order, 21, 11);
  const double h = 1e-4;
  DView2 U("U", f.n, f.nc), Up("Up", f.n, f.nc), Um("Um", f.n, f.nc);
  f.kern.Jet(f.theta, f.X, U);
  auto hU = Kokkos::create_mirror_view(U);
  Kokkos::deep_copy(hU, U);
  for (int k = 0; k < d; ++k) {
    DView2 Xp("Xp", f.n, d), Xm("Xm", f.n, d);
    Kokkos::deep_copy(Xp, f.X);
    Kokkos::deep_copy(Xm, f.X);
    auto hp = Kokkos::create_mirror_view(Xp), hm = Kokkos::create_mirror_view(Xm);
    Kokkos::deep_copy(hp, Xp);
    Kokkos::deep_copy(hm, Xm);
    for (int q = 0; q < f.n; ++q) { hp(q, k) += h; hm(q, k) -= h; }
    Kokkos::deep_copy(Xp, hp);
    Kokkos::deep_copy(Xm, hm);
    f.kern.Jet(f.theta, Xp, Up);
    f.kern.Jet(f.theta, Xm, Um);
    auto hup = Kokkos::create_mirror_view(Up), hum = Kokkos::create_mirror_view(Um);
    Kokkos::deep_copy(hup, Up);
    Kokkos::deep_copy(hum, Um);
    std::vector<double> d1, fd1, d2, fd2;
    for (int q = 0; q < f.n; ++q) {
      d1.push_back(hU(q, 1 + k));
      fd1.push_back((hup(q, 0) - hum(q, 0)) / (2 * h));
      if (order >= 2) {
        d2.push_back(hU(q, 1 + d + k));
        fd2.push_back((hup(q, 1 + k) - hum(q, 1 + k)) / (2 * h));
      }
    }
    EXPECT_LT(RelErr(d1, fd1), 1e-6) << "du/dx_" << k;
    if (order >= 2) EXPECT_LT(RelErr(d2, fd2), 1e-6) << "d2u/dx_" << k << "^2";
  }
}

TEST_P(Kernels, JacobianMatchesFiniteDifferencesInTheta) {
  const int d = std::get<0>(GetParam()), order = std::get<1>(GetParam());
  Fixture f(d, {6, 5, 4}, order, 37, 3);
  const PetscInt p = f.layout.NumParams();
  DView2 J("J", f.n, p);
  f.kern.Jacobian(f.theta, f.X, f.G, J);
  auto hJ = Kokkos::create_mirror_view(J);
  Kokkos::deep_copy(hJ, J);
  auto th = Kokkos::create_mirror_view(f.theta);
  Kokkos::deep_copy(th, f.theta);
  const double h = 1e-5;
  std::vector<double> an, fd;
  for (PetscInt k = 0; k < p; ++k) {
    DView1 tp("tp", p), tm("tm", p);
    auto   hp = Kokkos::create_mirror_view(tp), hm = Kokkos::create_mirror_view(tm);
    for (PetscInt m = 0; m < p; ++m) hp(m) = hm(m) = th(m);
    hp(k) += h;
    hm(k) -= h;
    Kokkos::deep_copy(tp, hp);
    Kokkos::deep_copy(tm, hm);
    auto rp = f.Weighted(tp), rm = f.Weighted(tm);
    for (int q = 0; q < f.n; ++q) {
      an.push_back(hJ(q, k));
      fd.push_back((rp[q] - rm[q]) / (2 * h));
    }
  }
  EXPECT_LT(RelErr(an, fd), 1e-6);
}

TEST_P(Kernels, MatrixFreeProductsMatchJacobian) {
  const int d = std::get<0>(GetParam()), order = std::get<1>(GetParam());
  Fixture f(d, {9, 8, 7}, order, 53, 5);
  const PetscInt p = f.layout.NumParams();
  DView2 J("J", f.n, p);
  f.kern.Jacobian(f.theta, f.X, f.G, J);
  DView1 v("v", p), w("w", f.n), Jv("Jv", f.n), JTw("JTw", p);
  auto hv = Kokkos::create_mirror_view(v), hw = Kokkos::create_mirror_view(w);
  Rng  rng(9);
  for (PetscInt k = 0; k < p; ++k) hv(k) = rng.Normal();
  for (int q = 0; q < f.n; ++q) hw(q) = rng.Normal();
  Kokkos::deep_copy(v, hv);
  Kokkos::deep_copy(w, hw);
  f.kern.JacVec(f.theta, f.X, f.G, v, Jv);
  f.kern.JacTVec(f.theta, f.X, f.G, w, JTw);
  auto hJ = Kokkos::create_mirror_view(J);
  Kokkos::deep_copy(hJ, J);
  auto hJv = Kokkos::create_mirror_view(Jv), hJTw = Kokkos::create_mirror_view(JTw);
  Kokkos::deep_copy(hJv, Jv);
  Kokkos::deep_copy(hJTw, JTw);
  std::vector<double> a1, r1(f.n, 0.0), a2, r2(p, 0.0);
  for (int q = 0; q < f.n; ++q)
    for (PetscInt k = 0; k < p; ++k) {
      r1[q] += hJ(q, k) * hv(k);
      r2[k] += hJ(q, k) * hw(q);
    }
  for (int q = 0; q < f.n; ++q) a1.push_back(hJv(q));
  for (PetscInt k = 0; k < p; ++k) a2.push_back(hJTw(k));
  EXPECT_LT(RelErr(a1, r1), 1e-12) << "J v";
  EXPECT_LT(RelErr(a2, r2), 1e-12) << "J^T w";

  // J v also against a directional finite difference of the weighted jet.
  auto th = Kokkos::create_mirror_view(f.theta);
  Kokkos::deep_copy(th, f.theta);
  const double h = 1e-5;
  DView1 tp("tp", p), tm("tm", p);
  auto   hp = Kokkos::create_mirror_view(tp), hm = Kokkos::create_mirror_view(tm);
  for (PetscInt m = 0; m < p; ++m) { hp(m) = th(m) + h * hv(m); hm(m) = th(m) - h * hv(m); }
  Kokkos::deep_copy(tp, hp);
  Kokkos::deep_copy(tm, hm);
  auto rp = f.Weighted(tp), rm = f.Weighted(tm);
  std::vector<double> fd(f.n);
  for (int q = 0; q < f.n; ++q) fd[q] = (rp[q] - rm[q]) / (2 * h);
  EXPECT_LT(RelErr(a1, fd), 1e-6) << "J v vs finite differences";
}

INSTANTIATE_TEST_SUITE_P(DimOrder, Kernels,
                         ::testing::Combine(::testing::Values(1, 2, 3), ::testing::Values(0, 1, 2)));
