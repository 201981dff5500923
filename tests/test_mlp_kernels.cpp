// Network kernels against central finite differences, and the matrix-free products
// against the assembled Jacobian; each with and without an input parity and a periodic
// input embedding. The periodic network is periodic to rounding.
#include "core/random.hpp"
#include "nn/mlp_kernels.hpp"

#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

using namespace petnet;
using petnet_test::RelErr;

namespace {

struct Fixture {
  MLPLayout  layout;
  MLPKernels kern;
  DView1     theta;
  DView2     X, G;
  int        n, d, nc;

  Fixture(int d_, std::vector<int> hidden, int order, int n_, std::uint64_t seed,
          std::vector<Parity> parity = {}, std::vector<double> period = {})
      : n(n_), d(d_) {
    MLPLayout::Create(PETSC_COMM_SELF, d, hidden, &layout, period);
    if (!parity.empty()) layout.SetParity(PETSC_COMM_SELF, parity);
    kern    = MLPKernels(layout, order);
    nc      = kern.NumComponents();
    theta   = DView1("theta", layout.NumParams());
    X       = DView2("X", n, d);
    G       = DView2("G", n, nc);
    auto th = Kokkos::create_mirror_view(theta);
    XavierNormalInit(layout, seed, th.data());
    Rng rng(seed + 1);
    for (PetscInt k = 0; k < layout.NumParams(); ++k)
      th(k) += 0.1 * rng.Normal(); // non-zero biases too
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

// Pattern 0: plain; 1: parity odd, even, odd, ... by coordinate; 2: periodic in x_0 (and
// x_2); 3: both.
std::vector<Parity> Pattern(int d, int pattern) {
  std::vector<Parity> p;
  for (int k = 0; pattern % 2 && k < d; ++k) p.push_back(k % 2 ? Parity::Even : Parity::Odd);
  return p;
}
std::vector<double> Periods(int d, int pattern) {
  const double        P[3] = {1.3, 0.0, 0.9};
  std::vector<double> p;
  for (int k = 0; pattern >= 2 && k < d; ++k) p.push_back(P[k]);
  return p;
}

std::vector<double> Host(DView2 U) {
  auto h = Kokkos::create_mirror_view(U);
  Kokkos::deep_copy(h, U);
  std::vector<double> v;
  for (size_t q = 0; q < U.extent(0); ++q)
    for (size_t c = 0; c < U.extent(1); ++c) v.push_back(h(q, c));
  return v;
}

} // namespace

class Kernels : public ::testing::TestWithParam<std::tuple<int, int, int>> {};

TEST_P(Kernels, JetMatchesFiniteDifferencesInX) {
  const int d = std::get<0>(GetParam()), order = std::get<1>(GetParam()),
            sym = std::get<2>(GetParam());
  if (order == 0) GTEST_SKIP();
  Fixture      f(d, {7, 6, 5}, order, 21, 11, Pattern(d, sym), Periods(d, sym));
  const double h = 1e-4;
  DView2       U("U", f.n, f.nc), Up("Up", f.n, f.nc), Um("Um", f.n, f.nc);
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
    for (int q = 0; q < f.n; ++q) {
      hp(q, k) += h;
      hm(q, k) -= h;
    }
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
  const int d = std::get<0>(GetParam()), order = std::get<1>(GetParam()),
            sym = std::get<2>(GetParam());
  Fixture        f(d, {6, 5, 4}, order, 37, 3, Pattern(d, sym), Periods(d, sym));
  const PetscInt p = f.layout.NumParams();
  DView2         J("J", f.n, p);
  f.kern.Jacobian(f.theta, f.X, f.G, J);
  auto hJ = Kokkos::create_mirror_view(J);
  Kokkos::deep_copy(hJ, J);
  auto th = Kokkos::create_mirror_view(f.theta);
  Kokkos::deep_copy(th, f.theta);
  const double        h = 1e-5;
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
  const int d = std::get<0>(GetParam()), order = std::get<1>(GetParam()),
            sym = std::get<2>(GetParam());
  Fixture        f(d, {9, 8, 7}, order, 53, 5, Pattern(d, sym), Periods(d, sym));
  const PetscInt p = f.layout.NumParams();
  DView2         J("J", f.n, p);
  f.kern.Jacobian(f.theta, f.X, f.G, J);
  DView1 v("v", p), w("w", f.n), Jv("Jv", f.n), JTw("JTw", p);
  auto   hv = Kokkos::create_mirror_view(v), hw = Kokkos::create_mirror_view(w);
  Rng    rng(9);
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
  DView1       tp("tp", p), tm("tm", p);
  auto         hp = Kokkos::create_mirror_view(tp), hm = Kokkos::create_mirror_view(tm);
  for (PetscInt m = 0; m < p; ++m) {
    hp(m) = th(m) + h * hv(m);
    hm(m) = th(m) - h * hv(m);
  }
  Kokkos::deep_copy(tp, hp);
  Kokkos::deep_copy(tm, hm);
  auto                rp = f.Weighted(tp), rm = f.Weighted(tm);
  std::vector<double> fd(f.n);
  for (int q = 0; q < f.n; ++q) fd[q] = (rp[q] - rm[q]) / (2 * h);
  EXPECT_LT(RelErr(a1, fd), 1e-6) << "J v vs finite differences";
}

INSTANTIATE_TEST_SUITE_P(DimOrderPattern, Kernels,
                         ::testing::Combine(::testing::Values(1, 2, 3), ::testing::Values(0, 1, 2),
                                            ::testing::Values(0, 1, 2, 3)));

// u_θ with a parity is the reflection average of the plain network with the same θ, and
// its jet transforms as an even/odd function's must.
TEST(KernelsParity, IsTheReflectionAverageOfThePlainNetwork) {
  const int d = 3, n = 19;
  Fixture   sym(d, {8, 7}, 2, n, 4, {Parity::Odd, Parity::None, Parity::Even});
  Fixture   plain(d, {8, 7}, 2, n, 4);
  Kokkos::deep_copy(plain.theta, sym.theta); // the same θ (a parity changes the initial biases)
  const int nc = sym.nc;
  DView2    U("U", n, nc);
  sym.kern.Jet(sym.theta, sym.X, U);
  const std::vector<double> u = Host(U);
  // Reflections of x0 (odd: χ = -1) and x2 (even): average of the plain jets, with ∂_k
  // of N(r x) picking up the sign of r in coordinate k.
  std::vector<double> avg(u.size(), 0.0);
  auto                hx = Kokkos::create_mirror_view(sym.X);
  Kokkos::deep_copy(hx, sym.X);
  for (int r = 0; r < 4; ++r) {
    const double sg[3] = {r & 1 ? -1.0 : 1.0, 1.0, r & 2 ? -1.0 : 1.0},
                 chi   = (r & 1 ? -1.0 : 1.0) / 4;
    DView2 Xr("Xr", n, d), Ur("Ur", n, nc);
    auto   hr = Kokkos::create_mirror_view(Xr);
    for (int q = 0; q < n; ++q)
      for (int k = 0; k < d; ++k) hr(q, k) = sg[k] * hx(q, k);
    Kokkos::deep_copy(Xr, hr);
    plain.kern.Jet(plain.theta, Xr, Ur);
    const std::vector<double> ur = Host(Ur);
    for (int q = 0; q < n; ++q)
      for (int c = 0; c < nc; ++c)
        avg[q * nc + c] += chi * (c >= 1 && c <= d ? sg[c - 1] : 1.0) * ur[q * nc + c];
  }
  EXPECT_LT(RelErr(u, avg), 1e-13);

  // Flip x0: u and ∂_1u, ∂_2u change sign, ∂_0u does not; the second derivatives follow u.
  DView2 Xf("Xf", n, d), Uf("Uf", n, nc);
  auto   hf = Kokkos::create_mirror_view(Xf);
  for (int q = 0; q < n; ++q)
    for (int k = 0; k < d; ++k) hf(q, k) = (k == 0 ? -1.0 : 1.0) * hx(q, k);
  Kokkos::deep_copy(Xf, hf);
  sym.kern.Jet(sym.theta, Xf, Uf);
  const std::vector<double> uf = Host(Uf);
  std::vector<double>       expect(u.size());
  for (int q = 0; q < n; ++q)
    for (int c = 0; c < nc; ++c) expect[q * nc + c] = (c == 1 ? 1.0 : -1.0) * u[q * nc + c];
  EXPECT_LT(RelErr(uf, expect), 1e-13);
  // On x0 = 0 an odd network vanishes.
  for (int q = 0; q < n; ++q) hf(q, 0) = 0.0;
  Kokkos::deep_copy(Xf, hf);
  sym.kern.Jet(sym.theta, Xf, Uf);
  const std::vector<double> u0 = Host(Uf);
  for (int q = 0; q < n; ++q) EXPECT_EQ(u0[q * nc], 0.0);
}

TEST(KernelsParity, BadParityIsRefused) {
  std::vector<Parity> p;
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  EXPECT_NE(ParseParity(PETSC_COMM_SELF, "odd,sideways", 2, &p), PETSC_SUCCESS);
  EXPECT_NE(ParseParity(PETSC_COMM_SELF, "odd", 2, &p), PETSC_SUCCESS);
  EXPECT_EQ(ParseParity(PETSC_COMM_SELF, "odd,none", 2, &p), PETSC_SUCCESS);
  PetscPopErrorHandler();
  EXPECT_EQ(p.size(), 2u);
}

// The first layer sees (cos, sin) of each periodic coordinate: one more input each.
TEST(KernelsPeriodic, LayoutHasOneMoreInputPerPeriodicCoordinate) {
  MLPLayout plain, per, zeros;
  ASSERT_EQ(MLPLayout::Create(PETSC_COMM_SELF, 2, {5, 4}, &plain), 0);
  ASSERT_EQ(MLPLayout::Create(PETSC_COMM_SELF, 2, {5, 4}, &per, {2.0, 0.0}), 0);
  ASSERT_EQ(MLPLayout::Create(PETSC_COMM_SELF, 2, {5, 4}, &zeros, {0.0, 0.0}), 0);
  EXPECT_EQ(per.InputDim(), 2);
  EXPECT_EQ(per.Size(0), 3);
  EXPECT_EQ(per.NumPeriodic(), 1);
  EXPECT_EQ(per.NumParams(), plain.NumParams() + 5);
  EXPECT_EQ(per.Periods(), (std::vector<double>{2.0, 0.0}));
  EXPECT_NE(per.Describe().find("period 2,0"), std::string::npos) << per.Describe();
  // All periods 0 is the plain network, description included.
  EXPECT_EQ(zeros.NumParams(), plain.NumParams());
  EXPECT_EQ(zeros.Describe(), plain.Describe());
  EXPECT_EQ(zeros.NumPeriodic(), 0);
}

// u(x + m P_k e_k) = u(x) with all its derivatives, to rounding.
TEST(KernelsPeriodic, NetworkIsPeriodicToRounding) {
  const int           d = 3, n = 29;
  std::vector<double> P = {1.3, 0.0, 0.9};
  Fixture             f(d, {8, 7, 6}, 2, n, 17, {}, P);
  DView2              U("U", n, f.nc), Us("Us", n, f.nc);
  f.kern.Jet(f.theta, f.X, U);
  const std::vector<double> u  = Host(U);
  auto                      hx = Kokkos::create_mirror_view(f.X);
  Kokkos::deep_copy(hx, f.X);
  for (int k : {0, 2})
    for (int m : {-2, 1, 5}) {
      DView2 Xs("Xs", n, d);
      auto   hs = Kokkos::create_mirror_view(Xs);
      for (int q = 0; q < n; ++q)
        for (int j = 0; j < d; ++j) hs(q, j) = hx(q, j) + (j == k ? m * P[k] : 0.0);
      Kokkos::deep_copy(Xs, hs);
      f.kern.Jet(f.theta, Xs, Us);
      EXPECT_LT(RelErr(Host(Us), u), 1e-13) << "shift x_" << k << " by " << m << " periods";
    }
  // ... and not periodic in x_1, nor in x_0 with another period.
  for (auto [k, shift] : {std::pair<int, double>{1, 1.3}, {0, 0.65}}) {
    DView2 Xs("Xs", n, d);
    auto   hs = Kokkos::create_mirror_view(Xs);
    for (int q = 0; q < n; ++q)
      for (int j = 0; j < d; ++j) hs(q, j) = hx(q, j) + (j == k ? shift : 0.0);
    Kokkos::deep_copy(Xs, hs);
    f.kern.Jet(f.theta, Xs, Us);
    EXPECT_GT(RelErr(Host(Us), u), 1e-3) << "shift x_" << k << " by " << shift;
  }
}

TEST(KernelsPeriodic, BadPeriodsAreRefused) {
  MLPLayout m;
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  EXPECT_NE(MLPLayout::Create(PETSC_COMM_SELF, 2, {4}, &m, {1.0}), PETSC_SUCCESS);
  EXPECT_NE(MLPLayout::Create(PETSC_COMM_SELF, 2, {4}, &m, {1.0, 0.0, 2.0}), PETSC_SUCCESS);
  EXPECT_NE(MLPLayout::Create(PETSC_COMM_SELF, 2, {4}, &m, {1.0, -2.0}), PETSC_SUCCESS);
  EXPECT_NE(MLPLayout::Create(PETSC_COMM_SELF, 2, {4}, &m, {std::nan(""), 0.0}), PETSC_SUCCESS);
  EXPECT_NE(MLPLayout::Create(PETSC_COMM_SELF, 1, {4}, &m, {INFINITY}), PETSC_SUCCESS);
  EXPECT_EQ(MLPLayout::Create(PETSC_COMM_SELF, 2, {4}, &m, {0.0, 3.0}), PETSC_SUCCESS);
  PetscPopErrorHandler();
  EXPECT_EQ(m.Size(0), 3);
}
