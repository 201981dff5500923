// Throughput of the network kernels on one Kokkos device (a GPU with the CUDA backend, or
// the host): the MLP's Jacobian, J·v and Jᵀw for a 2→30→30→30→1 tanh MLP with the jet
// of a 2D second-order residual (u, ∇u, ∂²u/∂x², ∂²u/∂y²: 5 components), and the
// DeepONet's features, J·v and Jᵀw at the large operator deck's size
// (inputs/burgers_2d_operator_large.yaml: 1000 functions × 33² points, branch
// 1089→64→64→32, trunk 2→64→64→32). Built by the kernels-only build
// (cmake/PetnetKernelsOnly.cmake); benchmarks/gpu/run.sh runs it.
//
// Flop model: the multiply-adds of the layer products (2 flops each) that each kernel
// performs, counted from the layer sizes (ModelMLP, ModelDeepONet below); the tanh and
// the other per-neuron terms (O(width) per point, against O(width²)) are left out, so
// the GFLOP/s are a lower bound of the arithmetic done. Byte model: the compulsory
// device-memory traffic, each input read once and each output written once (the
// kernels' per-point work arrays, level-1 team scratch on a GPU, are not counted), so
// GB/s is the rate of that traffic, not the memory system's total.
//
//   bench_gpu_kernels [--n 2500,10000,1000000] [--reps 10] [--nf 1000] [--m 33]
//                     [--dense-max-gib 40] [--peak-gflops G] [--peak-gbs B] [--json FILE]
#include "nn/deeponet_kernels.hpp"
#include "nn/mlp_kernels.hpp"

#include <Kokkos_Core.hpp>
#include <Kokkos_Random.hpp>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

using namespace petnet;

namespace {

struct Options {
  std::vector<int> n    = {2500, 10000, 1000000};
  int              reps = 10, nf = 1000, m = 33;
  double           dense_max_gib = 40, peak_gflops = 0, peak_gbs = 0;
  std::string      json;
};

std::vector<int> ParseList(const char *text) {
  std::vector<int> v;
  for (const char *s = text; *s;) {
    char *end = nullptr;
    long  x   = std::strtol(s, &end, 10);
    if (end == s || x < 1 || (*end != ',' && *end != '\0')) return {};
    v.push_back(static_cast<int>(x));
    s = *end ? end + 1 : end;
  }
  return v;
}

bool Parse(int argc, char **argv, Options *o) {
  for (int k = 1; k < argc; ++k) {
    const char *a = argv[k], *val = k + 1 < argc ? argv[k + 1] : nullptr;
    if (std::strncmp(a, "--kokkos", 8) == 0) continue; // Kokkos' own options
    if (!val) {
      std::fprintf(stderr, "bench_gpu_kernels: option %s needs a value\n", a);
      return false;
    }
    ++k;
    char *end = nullptr;
    if (!std::strcmp(a, "--n")) o->n = ParseList(val);
    else if (!std::strcmp(a, "--json")) o->json = val;
    else if (!std::strcmp(a, "--reps")) o->reps = static_cast<int>(std::strtol(val, &end, 10));
    else if (!std::strcmp(a, "--nf")) o->nf = static_cast<int>(std::strtol(val, &end, 10));
    else if (!std::strcmp(a, "--m")) o->m = static_cast<int>(std::strtol(val, &end, 10));
    else if (!std::strcmp(a, "--dense-max-gib")) o->dense_max_gib = std::strtod(val, &end);
    else if (!std::strcmp(a, "--peak-gflops")) o->peak_gflops = std::strtod(val, &end);
    else if (!std::strcmp(a, "--peak-gbs")) o->peak_gbs = std::strtod(val, &end);
    else {
      std::fprintf(stderr, "bench_gpu_kernels: unknown option %s\n", a);
      return false;
    }
    const long long rows = static_cast<long long>(o->nf) * o->m * o->m; // DeepONet rows: int
    if ((end && *end) || o->n.empty() || o->reps < 1 || o->nf < 1 || o->m < 2 || o->m > 46340 ||
        rows > INT_MAX) {
      std::fprintf(stderr, "bench_gpu_kernels: bad value '%s' for %s\n", val, a);
      return false;
    }
  }
  // The JSON is written at the end; refuse a folder it cannot go to before the runs.
  const size_t      slash = o->json.rfind('/');
  const std::string dir   = slash == std::string::npos ? "." : o->json.substr(0, slash + 1);
  if (!o->json.empty() && access(dir.c_str(), W_OK) != 0) {
    std::fprintf(stderr, "bench_gpu_kernels: cannot write %s\n", o->json.c_str());
    return false;
  }
  return true;
}

/// One measured kernel: best time of the repetitions and its modelled work.
struct Record {
  std::string kernel;
  long long   n;
  double      seconds, flops, bytes;
};

/// Per-point flops of the MLP kernels (layer products only, see the file comment).
/// Activations a = 0..L (0: input, L: output), hidden a = 1..L-1, NC jet components.
struct MLPModel {
  double jet = 0, jacobian = 0, jac_vec = 0, jac_t_vec = 0;
};
MLPModel ModelMLP(const MLPLayout &m, int nc) {
  const int L   = m.NumLayers();
  double    fwd = 0, tangent = 0, reverse = 0;
  for (int a = 1; a < L; ++a) {
    const double mn = static_cast<double>(m.Size(a)) * m.Size(a - 1);
    fwd += 2 * mn * (a == 1 ? 1 : nc);        // the first layer's derivative jets are W's columns
    tangent += a == 1 ? 2 * mn : 4 * mn * nc; // Ẇ a + W ȧ
    reverse += a == 1 ? 2 * mn : 4 * mn * nc; // ∂/∂W rows and the adjoint W^T z̄
  }
  const double out = static_cast<double>(m.Size(L - 1)) * nc;
  MLPModel     r;
  r.jet       = m.NumReflections() * (fwd + 2 * out);
  r.jac_vec   = m.NumReflections() * (fwd + tangent + 4 * out + 2 * nc);
  r.jacobian  = m.NumReflections() * (fwd + reverse + 4 * out);
  r.jac_t_vec = r.jacobian;
  return r;
}

/// Best of reps runs of f (each kernel fences before it returns), after one untimed run.
template <class F> double Best(int reps, F &&f) {
  f();
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    Kokkos::fence();
    Kokkos::Timer t;
    f();
    Kokkos::fence();
    best = std::min(best, t.seconds());
  }
  return best;
}

template <class View> void FillUniform(View v, std::uint64_t seed, double lo, double hi) {
  Kokkos::Random_XorShift64_Pool<ExecSpace> pool(seed);
  Kokkos::fill_random(v, pool, lo, hi);
}

void BenchMLP(const Options &o, std::vector<Record> *out) {
  MLPLayout layout;
  if (MLPLayout::Create(PETSC_COMM_SELF, 2, {30, 30, 30}, &layout)) std::exit(1);
  MLPKernels     k(layout, 2);
  const int      nc = k.NumComponents();
  const PetscInt p  = layout.NumParams();
  const MLPModel fl = ModelMLP(layout, nc);
  std::printf("# MLP %s, jet order 2 (%d components); flops/point: jacobian %.0f, J.v %.0f, "
              "J^T.w %.0f\n",
              layout.Describe().c_str(), nc, fl.jacobian, fl.jac_vec, fl.jac_t_vec);
  DView1 theta("theta", p), v("v", p), JTw("JTw", p);
  auto   ht = Kokkos::create_mirror_view(theta);
  XavierNormalInit(layout, 1, ht.data());
  Kokkos::deep_copy(theta, ht);
  FillUniform(v, 3, -1, 1);
  for (int n : o.n) {
    DView2 X("X", n, 2), G("G", n, nc);
    DView1 w("w", n), Jv("Jv", n);
    FillUniform(X, 4, -1, 1);
    FillUniform(G, 5, -1, 1);
    FillUniform(w, 6, -1, 1);
    const double io = 8.0 * n * (2 + nc); // X and G read
    if (8.0 * n * p <= o.dense_max_gib * 1073741824.0) {
      DView2       J(Kokkos::view_alloc("J", Kokkos::WithoutInitializing), n, p);
      const double t = Best(o.reps, [&] { k.Jacobian(theta, X, G, J); });
      out->push_back({"mlp_jacobian", n, t, fl.jacobian * n, io + 8.0 * n * p + 8.0 * p});
    }
    double t = Best(o.reps, [&] { k.JacVec(theta, X, G, v, Jv); });
    out->push_back({"mlp_jv", n, t, fl.jac_vec * n, io + 8.0 * n + 16.0 * p});
    t = Best(o.reps, [&] { k.JacTVec(theta, X, G, w, JTw); });
    out->push_back({"mlp_jtw", n, t, fl.jac_t_vec * n, io + 8.0 * n + 16.0 * p});
  }
}

/// Flops of one sub-network sweep per point: forward, tangent, reverse (nc jet components).
void SubnetFlops(const SubnetLayout &s, int nc, double *fwd, double *tan, double *rev) {
  *fwd = *tan = *rev = 0;
  for (int l = 0; l < s.NumLayers(); ++l) {
    const double mn = static_cast<double>(s.sizes[l]) * s.sizes[l + 1];
    *fwd += 2 * mn * (l == 0 ? 1 : nc);
    *tan += l == 0 ? 2 * mn : 4 * mn * nc;
    *rev += l == 0 ? 2 * mn * nc : 4 * mn * nc; // ∂/∂W, and the adjoint below the first layer
  }
}

void BenchDeepONet(const Options &o, std::vector<Record> *out) {
  const int      P = o.m * o.m, nf = o.nf;
  DeepONetLayout layout;
  if (DeepONetLayout::Create(PETSC_COMM_SELF, P, 2, {64, 64}, {64, 64}, 32, &layout)) std::exit(1);
  DeepONetKernels k(layout, 2);
  const int       nc = k.NumComponents(), K = layout.Features();
  const long long rows = static_cast<long long>(nf) * P;
  const PetscInt  p    = layout.NumParams();
  double          bf, bt, br, tf, tt, tr;
  SubnetFlops(layout.Branch(), 1, &bf, &bt, &br);
  SubnetFlops(layout.Trunk(), nc, &tf, &tt, &tr);
  std::printf("# DeepONet %s, %d functions x %d points = %lld rows, jet order 2 in y\n",
              layout.Describe().c_str(), nf, P, rows);
  // Inputs: uniform sensor values and grid points (throughput does not depend on them).
  DView2 V("V", nf, P), Y("Y", P, 2), G("G", rows, nc);
  FillUniform(V, 7, -1, 1);
  FillUniform(G, 8, -1, 1);
  auto hY = Kokkos::create_mirror_view(Y);
  for (int q = 0; q < P; ++q) {
    hY(q, 0) = (q % o.m) / (o.m - 1.0);
    hY(q, 1) = (q / o.m) / (o.m - 1.0);
  }
  Kokkos::deep_copy(Y, hY);
  std::vector<int> fi(rows), pi(rows);
  for (long long r = 0; r < rows; ++r) {
    fi[r] = static_cast<int>(r / P);
    pi[r] = static_cast<int>(r % P);
  }
  k.SetData(V, Y, fi, pi);
  DView1 theta("theta", p), v("v", p), JTw("JTw", p), w("w", rows), Jv("Jv", rows);
  auto   ht = Kokkos::create_mirror_view(theta);
  XavierNormalInit(layout, 3, ht.data());
  Kokkos::deep_copy(theta, ht);
  FillUniform(v, 9, -1, 1);
  FillUniform(w, 10, -1, 1);
  // Bytes per row: G (nc doubles), the row's function and point (2 ints), and w or Jv.
  const double row_bytes = rows * (8.0 * nc + 8 + 8), in_bytes = 8.0 * nf * P + 8.0 * p;
  double       t = Best(o.reps, [&] { k.SetTheta(theta); });
  out->push_back({"deeponet_features", rows, t, nf * bf + P * tf, in_bytes});
  t = Best(o.reps, [&] { k.JacVec(v, G, Jv); });
  out->push_back({"deeponet_jv", rows, t, nf * bt + P * tt + rows * (4.0 * K * nc + 2 * nc),
                  row_bytes + in_bytes + 8.0 * p});
  t = Best(o.reps, [&] { k.JacTVec(w, G, JTw); });
  // Trunk and branch adjoints each pass over the rows, then the bias's Σ G(r,0) w(r).
  out->push_back({"deeponet_jtw", rows, t, nf * br + P * tr + rows * (2 * (2.0 * K * nc + nc) + 2),
                  3 * row_bytes + in_bytes + 8.0 * p});
}

void Report(const Options &o, const std::vector<Record> &recs) {
  std::printf("%-18s %9s %11s %10s %9s %8s %8s\n", "kernel", "n", "ms", "GFLOP/s", "GB/s", "%peakF",
              "%peakB");
  FILE *js = o.json.empty() ? nullptr : std::fopen(o.json.c_str(), "w");
  if (!o.json.empty() && !js) {
    std::fprintf(stderr, "bench_gpu_kernels: cannot write %s\n", o.json.c_str());
    std::exit(1);
  }
  if (js)
    std::fprintf(js,
                 "{\"exec_space\": \"%s\", \"kokkos\": %d, \"peak_gflops\": %g, "
                 "\"peak_gbs\": %g, \"results\": [",
                 ExecSpace::name(), KOKKOS_VERSION, o.peak_gflops, o.peak_gbs);
  for (size_t k = 0; k < recs.size(); ++k) {
    const Record &r  = recs[k];
    const double  gf = r.flops / r.seconds / 1e9, gb = r.bytes / r.seconds / 1e9;
    const double  pf       = o.peak_gflops > 0 ? 100 * gf / o.peak_gflops : 0;
    const double  pb       = o.peak_gbs > 0 ? 100 * gb / o.peak_gbs : 0;
    char          fpct[16] = "-", bpct[16] = "-"; // no peaks given: no fractions
    if (o.peak_gflops > 0) std::snprintf(fpct, sizeof fpct, "%.3f", pf);
    if (o.peak_gbs > 0) std::snprintf(bpct, sizeof bpct, "%.3f", pb);
    std::printf("%-18s %9lld %11.4f %10.2f %9.2f %8s %8s\n", r.kernel.c_str(), r.n, 1e3 * r.seconds,
                gf, gb, fpct, bpct);
    if (js)
      std::fprintf(js,
                   "%s\n  {\"kernel\": \"%s\", \"n\": %lld, \"seconds\": %.6e, \"flops\": %.6e, "
                   "\"bytes\": %.6e, \"gflops\": %.4f, \"gbs\": %.4f, \"peak_flops_pct\": %.4f, "
                   "\"peak_bw_pct\": %.4f}",
                   k ? "," : "", r.kernel.c_str(), r.n, r.seconds, r.flops, r.bytes, gf, gb, pf,
                   pb);
  }
  if (js) {
    std::fprintf(js, "\n]}\n");
    std::fclose(js);
  }
}

} // namespace

int main(int argc, char **argv) {
  Options o;
  if (!Parse(argc, argv, &o)) return 1;
  Kokkos::ScopeGuard kokkos(argc, argv);
  std::printf("# Kokkos %d.%d.%d, execution space %s, concurrency %d, best of %d runs\n",
              KOKKOS_VERSION / 10000, KOKKOS_VERSION / 100 % 100, KOKKOS_VERSION % 100,
              ExecSpace::name(), static_cast<int>(ExecSpace().concurrency()), o.reps);
  std::vector<Record> recs;
  BenchMLP(o, &recs);
  BenchDeepONet(o, &recs);
  Report(o, recs);
  return 0;
}
