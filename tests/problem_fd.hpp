#pragma once
// A problem's pointwise derivatives (pde/problem.hpp) against central finite differences:
// the largest deviation of G = ∂R/∂U and of ∂R/∂λ at given points and jets; the faces
// that carry boundary rows.
#include "pde/problem.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace petnet_test {

/// Which faces carry boundary rows, in the order (k, side) = (0, 0), (0, 1), (1, 0), …
inline std::vector<bool> Faces(const petnet::Problem &pb) {
  std::vector<bool> f;
  for (int k = 0; k < pb.Dim(); ++k)
    for (int side = 0; side < 2; ++side) f.push_back(pb.BoundaryFace(k, side));
  return f;
}

struct DerivativeErrors {
  double G = 0, lambda = 0;
};

/// x: n points (row-major, Dim() each); u: n jets (JetCount(Dim()) each). Step h.
inline DerivativeErrors CheckDerivatives(const petnet::Problem &pb, double lambda,
                                         const std::vector<double> &x, const std::vector<double> &u,
                                         double h = 1e-6) {
  using namespace petnet;
  const int    d = pb.Dim();
  const size_t n = x.size() / d, nc = u.size() / n;
  DView2       X("x", n, d), U("u", n, nc), G("G", n, nc), Gd("Gd", n, nc);
  DView1       r("r", n), rl("rl", n), none;
  auto         hX = Kokkos::create_mirror_view(X);
  for (size_t q = 0; q < n; ++q)
    for (int k = 0; k < d; ++k) hX(q, k) = x[q * d + k];
  Kokkos::deep_copy(X, hX);
  // R at a shifted λ or jet component c (c < 0: none).
  auto residual = [&](double lam, int c, double shift) {
    auto hU = Kokkos::create_mirror_view(U);
    for (size_t q = 0; q < n; ++q)
      for (size_t j = 0; j < nc; ++j)
        hU(q, j) = u[q * nc + j] + (static_cast<int>(j) == c ? shift : 0);
    Kokkos::deep_copy(U, hU);
    pb.Interior(lam, X, U, r, Gd, none);
    auto hr = Kokkos::create_mirror_view(r);
    Kokkos::deep_copy(hr, r);
    return std::vector<double>(hr.data(), hr.data() + n);
  };
  auto hU = Kokkos::create_mirror_view(U);
  for (size_t q = 0; q < n; ++q)
    for (size_t j = 0; j < nc; ++j) hU(q, j) = u[q * nc + j];
  Kokkos::deep_copy(U, hU);
  pb.Interior(lambda, X, U, r, G, rl);
  auto hG = Kokkos::create_mirror_view(G);
  auto hl = Kokkos::create_mirror_view(rl);
  Kokkos::deep_copy(hG, G);
  Kokkos::deep_copy(hl, rl);
  DerivativeErrors e;
  const auto       lp = residual(lambda + h, -1, 0), lm = residual(lambda - h, -1, 0);
  for (size_t q = 0; q < n; ++q)
    e.lambda = std::max(e.lambda, std::fabs(hl(q) - (lp[q] - lm[q]) / (2 * h)));
  for (size_t c = 0; c < nc; ++c) {
    const auto up = residual(lambda, static_cast<int>(c), h);
    const auto um = residual(lambda, static_cast<int>(c), -h);
    for (size_t q = 0; q < n; ++q)
      e.G = std::max(e.G, std::fabs(hG(q, c) - (up[q] - um[q]) / (2 * h)));
  }
  return e;
}

} // namespace petnet_test
