// DeepONet kernels: trunk-input jets and parameter Jacobian against central finite
// differences; matrix-free J·v and Jᵀw against the assembled Jacobian; the same for a trunk
// periodic in its first coordinate (the embedding's jets), and its periodicity.
#include "core/random.hpp"
#include "nn/deeponet_kernels.hpp"

#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>
#include <vector>

using namespace petnet;
using petnet_test::RelErr;

namespace {

struct Net {
  DeepONetLayout      layout;
  DeepONetKernels     kern;
  DView2              V, Y, G;
  std::vector<int>    fi, pi;
  std::vector<double> theta;
  int                 d, nf, np, nc, n;

  Net(int d_, int order, std::uint64_t seed, double period = 0) : d(d_), nf(3), np(5) {
    DeepONetLayout::Create(PETSC_COMM_SELF, 6, d, {7, 5}, {6, 4}, 4, &layout, period);
    kern = DeepONetKernels(layout, order);
    nc   = kern.NumComponents();
    Rng rng(seed);
    V       = DView2("V", nf, 6);
    Y       = DView2("Y", np, d);
    auto hV = Kokkos::create_mirror_view(V);
    auto hY = Kokkos::create_mirror_view(Y);
    for (int i = 0; i < nf; ++i)
      for (int j = 0; j < 6; ++j) hV(i, j) = rng.Uniform(-1, 1);
    for (int q = 0; q < np; ++q)
      for (int k = 0; k < d; ++k) hY(q, k) = rng.Uniform(-1, 1);
    Kokkos::deep_copy(V, hV);
    Kokkos::deep_copy(Y, hY);
    // rows: every pair, in a scrambled order, some pairs twice
    for (int t = 0; t < nf * np + 4; ++t) {
      const int r = (7 * t + 3) % (nf * np);
      fi.push_back(r / np);
      pi.push_back(r % np);
    }
    n = static_cast<int>(fi.size());
    kern.SetData(V, Y, fi, pi);
    theta.resize(layout.NumParams());
    XavierNormalInit(layout, seed, theta.data());
    for (auto &t : theta) t += 0.2 * rng.Normal();
    G       = DView2("G", n, nc);
    auto hG = Kokkos::create_mirror_view(G);
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < nc; ++c) hG(r, c) = rng.Uniform(-1, 1);
    Kokkos::deep_copy(G, hG);
  }
  DView1 Theta(const std::vector<double> &t) const {
    DView1 v("theta", t.size());
    auto   h = Kokkos::create_mirror_view(v);
    for (size_t k = 0; k < t.size(); ++k) h(k) = t[k];
    Kokkos::deep_copy(v, h);
    return v;
  }
  std::vector<double> Jet(const std::vector<double> &t) {
    kern.SetTheta(Theta(t));
    DView2 U("U", n, nc);
    kern.Jet(U);
    auto h = Kokkos::create_mirror_view(U);
    Kokkos::deep_copy(h, U);
    std::vector<double> out(n * nc);
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < nc; ++c) out[r * nc + c] = h(r, c);
    return out;
  }
  /// ρ(r) = Σ_c G(r,c) U(r,c): the linear functional whose parameter derivative J is.
  std::vector<double> Rho(const std::vector<double> &t) {
    auto u  = Jet(t);
    auto hG = Kokkos::create_mirror_view(G);
    Kokkos::deep_copy(hG, G);
    std::vector<double> rho(n, 0.0);
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < nc; ++c) rho[r] += hG(r, c) * u[r * nc + c];
    return rho;
  }
};

/// Value of the DeepONet at (function i, point y) through Evaluate.
double Value(Net &net, int i, const std::vector<double> &y) {
  DView2 Yn("Yn", 1, net.d), Vn("Vn", 1, 6), U("U", 1, net.nc);
  auto   hY = Kokkos::create_mirror_view(Yn);
  for (int k = 0; k < net.d; ++k) hY(0, k) = y[k];
  Kokkos::deep_copy(Yn, hY);
  Kokkos::deep_copy(Vn, Kokkos::subview(net.V, std::make_pair(i, i + 1), Kokkos::ALL()));
  net.kern.Evaluate(Vn, Yn, U);
  auto h = Kokkos::create_mirror_view(U);
  Kokkos::deep_copy(h, U);
  return h(0, 0);
}

/// (dimension, jet order, trunk period: 0 none)
class DeepONetOrders : public ::testing::TestWithParam<std::tuple<int, int, double>> {};

TEST_P(DeepONetOrders, TrunkJetMatchesFiniteDifferences) {
  const int    d = std::get<0>(GetParam()), order = std::get<1>(GetParam());
  const double period = std::get<2>(GetParam());
  if (order == 0) GTEST_SKIP();
  Net  net(d, order, 11 + d, period);
  auto u  = net.Jet(net.theta);
  auto hY = Kokkos::create_mirror_view(net.Y);
  Kokkos::deep_copy(hY, net.Y);
  const double h = 1e-4, tol1 = period > 0 ? 1e-6 : 1e-7; // ω = 2π/period: larger h² u'''
  for (int r = 0; r < net.n; ++r) {
    std::vector<double> y(d);
    for (int k = 0; k < d; ++k) y[k] = hY(net.pi[r], k);
    const double u0 = Value(net, net.fi[r], y);
    EXPECT_NEAR(u[r * net.nc], u0, 1e-13);
    for (int k = 0; k < d; ++k) {
      auto yp = y, ym = y;
      yp[k] += h;
      ym[k] -= h;
      const double up = Value(net, net.fi[r], yp), um = Value(net, net.fi[r], ym);
      EXPECT_NEAR(u[r * net.nc + 1 + k], (up - um) / (2 * h), tol1) << "row " << r << " d/dy" << k;
      if (order == 2)
        EXPECT_NEAR(u[r * net.nc + 1 + d + k], (up - 2 * u0 + um) / (h * h), 2e-5) << "row " << r;
    }
    if (period > 0) { // one period on in y₁: the same value
      auto ys = y;
      ys[0] += period;
      EXPECT_NEAR(Value(net, net.fi[r], ys), u0, 1e-12) << "row " << r;
    }
  }
}

TEST_P(DeepONetOrders, JacobianMatchesFiniteDifferencesAndMatrixFree) {
  const int      d = std::get<0>(GetParam()), order = std::get<1>(GetParam());
  Net            net(d, order, 3 + 2 * d + order, std::get<2>(GetParam()));
  const PetscInt p = net.layout.NumParams();
  net.kern.SetTheta(net.Theta(net.theta));
  DView2 J("J", net.n, p);
  net.kern.Jacobian(net.G, J);
  auto hJ = Kokkos::create_mirror_view(J);
  Kokkos::deep_copy(hJ, J);
  // central differences, column by column
  const double h     = 1e-6;
  double       worst = 0;
  for (PetscInt j = 0; j < p; ++j) {
    auto tp = net.theta, tm = net.theta;
    tp[j] += h;
    tm[j] -= h;
    auto rp = net.Rho(tp), rm = net.Rho(tm);
    for (int r = 0; r < net.n; ++r)
      worst = std::fmax(worst, std::fabs(hJ(r, j) - (rp[r] - rm[r]) / (2 * h)));
  }
  EXPECT_LT(worst, 2e-7);
  // matrix-free products against the dense J
  net.kern.SetTheta(net.Theta(net.theta));
  Rng                 rng(5);
  std::vector<double> v(p), w(net.n), Jv_ref(net.n, 0.0), JTw_ref(p, 0.0);
  for (auto &x : v) x = rng.Normal();
  for (auto &x : w) x = rng.Normal();
  for (int r = 0; r < net.n; ++r)
    for (PetscInt j = 0; j < p; ++j) {
      Jv_ref[r] += hJ(r, j) * v[j];
      JTw_ref[j] += hJ(r, j) * w[r];
    }
  DView1 dv = net.Theta(v), dw = net.Theta(w), Jv("Jv", net.n), JTw("JTw", p);
  net.kern.JacVec(dv, net.G, Jv);
  net.kern.JacTVec(dw, net.G, JTw);
  auto hJv  = Kokkos::create_mirror_view(Jv);
  auto hJTw = Kokkos::create_mirror_view(JTw);
  Kokkos::deep_copy(hJv, Jv);
  Kokkos::deep_copy(hJTw, JTw);
  EXPECT_LT(RelErr(std::vector<double>(hJv.data(), hJv.data() + net.n), Jv_ref), 1e-13);
  EXPECT_LT(RelErr(std::vector<double>(hJTw.data(), hJTw.data() + p), JTw_ref), 1e-13);
}

INSTANTIATE_TEST_SUITE_P(Dims, DeepONetOrders,
                         ::testing::Values(std::make_tuple(1, 0, 0.0), std::make_tuple(1, 2, 0.0),
                                           std::make_tuple(2, 1, 0.0), std::make_tuple(2, 2, 0.0),
                                           std::make_tuple(1, 2, 2.0), std::make_tuple(2, 1, 2.0),
                                           std::make_tuple(2, 2, 2.0)));

} // namespace
