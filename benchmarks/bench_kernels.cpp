// Network-kernel benchmark: residual Jacobian of a 2D second-order residual (the 2D
// Allen–Cahn jet: u, ∇u, ∂²u/∂x², ∂²u/∂y²) for a 2→30→30→30→1 MLP (p = 1981), plus
// the jet alone (= one residual evaluation), J·v and Jᵀ·w.
//
//   build/bin/bench_kernels [-n 2500,10000] [-reps 20] [-hidden 30,30,30]
#include "bench_timing.hpp"
#include "core/random.hpp"
#include "core/session.hpp"
#include "nn/mlp_kernels.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace petnet;
using petnet_bench::BestOf;

int main(int argc, char **argv) {
  Session session(&argc, &argv, nullptr);
  if (!session.ok()) return 1;
  char     ns[256] = "2500,10000", hid[256] = "30,30,30";
  PetscInt reps = 20, dim = 2;
  PetscOptionsGetString(nullptr, nullptr, "-n", ns, sizeof ns, nullptr);
  PetscOptionsGetString(nullptr, nullptr, "-hidden", hid, sizeof hid, nullptr);
  PetscOptionsGetInt(nullptr, nullptr, "-reps", &reps, nullptr);
  PetscOptionsGetInt(nullptr, nullptr, "-dim", &dim, nullptr);
  std::vector<int> sizes, widths;
  if (ParseWidths(PETSC_COMM_SELF, ns, &sizes) || ParseWidths(PETSC_COMM_SELF, hid, &widths))
    return 1;
  MLPLayout layout;
  if (MLPLayout::Create(PETSC_COMM_SELF, (int)dim, widths, &layout)) return 1;
  MLPKernels     k(layout, 2);
  const PetscInt p = layout.NumParams();
  std::printf("# network %s, jet order 2 (%d components), Kokkos %d.%d.%d %s, concurrency %d\n",
              layout.Describe().c_str(), k.NumComponents(), KOKKOS_VERSION / 10000,
              KOKKOS_VERSION / 100 % 100, KOKKOS_VERSION % 100, ExecSpace::name(),
              static_cast<int>(ExecSpace().concurrency()));
  std::printf("%8s %12s %12s %12s %12s %12s\n", "n", "jacobian_ms", "residual_ms", "jv_ms",
              "jtw_ms", "GB/s(J)");
  for (int n : sizes) {
    DView1 theta("theta", p), v("v", p), JTw("JTw", p), w("w", n), Jv("Jv", n);
    DView2 X("X", n, dim), G("G", n, k.NumComponents()), U("U", n, k.NumComponents()),
        J(Kokkos::view_alloc("J", Kokkos::AllowPadding), n, p);
    auto ht = Kokkos::create_mirror_view(theta);
    XavierNormalInit(layout, 1, ht.data());
    Kokkos::deep_copy(theta, ht);
    Rng  rng(2);
    auto hx = Kokkos::create_mirror_view(X);
    auto hg = Kokkos::create_mirror_view(G);
    for (int q = 0; q < n; ++q) {
      for (int j = 0; j < dim; ++j) hx(q, j) = rng.Uniform(-1, 1);
      for (int c = 0; c < k.NumComponents(); ++c) hg(q, c) = rng.Normal();
    }
    Kokkos::deep_copy(X, hx);
    Kokkos::deep_copy(G, hg);
    Kokkos::deep_copy(v, 1.0);
    Kokkos::deep_copy(w, 1.0);
    double tj = BestOf(PETSC_COMM_SELF, reps, [&] { k.Jacobian(theta, X, G, J); });
    double tr = BestOf(PETSC_COMM_SELF, reps, [&] { k.Jet(theta, X, U); });
    double tv = BestOf(PETSC_COMM_SELF, reps, [&] { k.JacVec(theta, X, G, v, Jv); });
    double tt = BestOf(PETSC_COMM_SELF, reps, [&] { k.JacTVec(theta, X, G, w, JTw); });
    std::printf("%8d %12.3f %12.3f %12.3f %12.3f %12.2f\n", n, 1e3 * tj, 1e3 * tr, 1e3 * tv,
                1e3 * tt, 8.0 * n * p / tj / 1e9);
  }
  return 0;
}
