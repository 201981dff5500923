#include "nn/deeponet_kernels.hpp"

#include "core/log.hpp"
#include "nn/periodic_embedding.hpp"

#include <Kokkos_ScatterView.hpp>

#include <cmath>

#include <vector>

namespace petnet {

namespace {

enum class NetMode { Forward, Tangent, Grad, Rows };

/// One thread per point (or row). Activation a = 0 is the input, 1..L−1 the hidden
/// layers (tanh), L the linear output. Per-point forward state:
///   S(q, hoff[a] + c·size[a] + i)       jet component c of h_a(i),
///   S(q, zoff[a] + (c−1)·size[a] + i)   derivative component c ≥ 1 of z_a(i).
/// With the periodic embedding (omega > 0) the input's jets are state too:
///   S(q, hoff[0] + c·size[0] + j)       jet component c of input feature j.
/// Tangent and adjoint buffers: Buf(r, (b·NC + c)·maxw + i), b = a % 2.
template <NetMode M> struct SubnetFunctor {
  using Scatter = Kokkos::Experimental::ScatterView<double *, Kokkos::LayoutLeft, ExecSpace>;
  NetShape s;
  CView1   theta, v;
  CView2   X;
  WView    S, Out, Buf, Sbar;
  IView    map;
  int      r0 = 0; // rows r of this launch are rows r0 + r of map and J
  DView2   J;
  Scatter  grad;

  /// Component c of neuron j of activation a at point q.
  KOKKOS_INLINE_FUNCTION double In(int q, int a, int c, int j) const {
    if (a == 0 && s.omega <= 0) return c == 0 ? X(q, j) : (c == 1 + j ? 1.0 : 0.0);
    return S(q, s.hoff[a] + c * s.size[a] + j);
  }
  /// The periodic embedding's features (cos ωy₁, sin ωy₁, y₂, …) and their jets in y.
  KOKKOS_INLINE_FUNCTION void EmbedInput(int q) const {
    const int              NC = s.NC, D = s.D, nin = s.size[0];
    const PeriodicFeatures e = EmbedPeriodic(s.omega, X(q, 0));
    for (int j = 0; j < nin; ++j)
      for (int c = 0; c < NC; ++c) {
        double val = 0;
        if (j < 2) { // cos, sin of ω y₁: only y₁-derivatives
          if (c == 0) val = e.f[0][j];
          else if (c == 1) val = e.f[1][j];
          else if (c == 1 + D) val = e.f[2][j];
        } else if (c == 0) val = X(q, j - 1);
        else if (c == j) val = 1.0; // ∂y_{j−1}/∂y_{j−1}: component 1 + (j − 1)
        S(q, s.hoff[0] + c * nin + j) = val;
      }
  }
  KOKKOS_INLINE_FUNCTION double Z(int q, int a, int c, int i) const {
    return S(q, s.zoff[a] + (c - 1) * s.size[a] + i);
  }
  KOKKOS_INLINE_FUNCTION double &B(int r, int b, int c, int i) const {
    return Buf(r, (b * s.NC + c) * s.maxw + i);
  }

  KOKKOS_INLINE_FUNCTION void Emit(int r, PetscInt idx, double val) const {
    if (M == NetMode::Rows) J(r0 + r, idx) = val;
    else grad.access()(idx) += val;
  }

  KOKKOS_INLINE_FUNCTION void operator()(int r) const {
    if (M == NetMode::Forward) ForwardPoint(r);
    else if (M == NetMode::Tangent) TangentPoint(r);
    else ReversePoint(r);
  }

  KOKKOS_INLINE_FUNCTION void ForwardPoint(int q) const {
    const int NC = s.NC, D = s.D;
    if (s.omega > 0) EmbedInput(q);
    for (int a = 1; a <= s.L; ++a) {
      const int     l = a - 1, nin = s.size[l], nout = s.size[a];
      const double *W = theta.data() + s.woff[l], *b = W + nout * nin;
      for (int i = 0; i < nout; ++i) {
        double z[kNetMaxComp];
        for (int c = 0; c < NC; ++c) {
          double acc = c == 0 ? b[i] : 0.0;
          if (l == 0 && s.omega <= 0) {
            if (c == 0)
              for (int j = 0; j < nin; ++j) acc += W[i * nin + j] * X(q, j);
            else if (c <= D) acc += W[i * nin + (c - 1)];
          } else if (l == 0)
            for (int j = 0; j < nin; ++j) acc += W[i * nin + j] * In(q, 0, c, j);
          else
            for (int j = 0; j < nin; ++j) acc += W[i * nin + j] * S(q, s.hoff[l] + c * nin + j);
          z[c] = acc;
        }
        if (a == s.L) {
          for (int c = 0; c < NC; ++c) Out(q, i * NC + c) = z[c];
          continue;
        }
        const double h = FastTanh(z[0]), s1 = 1.0 - h * h, s2 = -2.0 * h * s1;
        S(q, s.hoff[a] + i) = h;
        for (int c = 1; c < NC; ++c) S(q, s.zoff[a] + (c - 1) * nout + i) = z[c];
        for (int k = 0; k < D && NC > 1; ++k) {
          S(q, s.hoff[a] + (1 + k) * nout + i) = s1 * z[1 + k];
          if (NC > 1 + D)
            S(q, s.hoff[a] + (1 + D + k) * nout + i) = s2 * z[1 + k] * z[1 + k] + s1 * z[1 + D + k];
        }
      }
    }
  }

  KOKKOS_INLINE_FUNCTION void TangentPoint(int q) const {
    const int NC = s.NC, D = s.D;
    for (int a = 1; a <= s.L; ++a) {
      const int     l = a - 1, nin = s.size[l], nout = s.size[a], cur = a % 2, prev = l % 2;
      const double *W = theta.data() + s.woff[l], *V = v.data() + s.woff[l], *vb = V + nout * nin;
      for (int i = 0; i < nout; ++i) {
        double t[kNetMaxComp];
        for (int c = 0; c < NC; ++c) {
          double acc = c == 0 ? vb[i] : 0.0;
          if (l == 0 && s.omega <= 0) {
            if (c == 0)
              for (int j = 0; j < nin; ++j) acc += V[i * nin + j] * X(q, j);
            else if (c <= D) acc += V[i * nin + (c - 1)];
          } else if (l == 0)
            for (int j = 0; j < nin; ++j) acc += V[i * nin + j] * In(q, 0, c, j);
          else
            for (int j = 0; j < nin; ++j)
              acc += V[i * nin + j] * In(q, l, c, j) + W[i * nin + j] * B(q, prev, c, j);
          t[c] = acc;
        }
        if (a == s.L) {
          for (int c = 0; c < NC; ++c) Out(q, i * NC + c) = t[c];
          continue;
        }
        const double h = S(q, s.hoff[a] + i), s1 = 1.0 - h * h, s2 = -2.0 * h * s1;
        const double s3 = -2.0 * s1 * s1 + 4.0 * h * h * s1, tz = t[0];
        for (int k = 0; k < D && NC > 1; ++k) {
          const double zk = Z(q, a, 1 + k, i);
          if (NC > 1 + D) {
            const double zkk = Z(q, a, 1 + D + k, i);
            B(q, cur, 1 + D + k, i) =
                s3 * tz * zk * zk + 2.0 * s2 * zk * t[1 + k] + s2 * tz * zkk + s1 * t[1 + D + k];
          }
          B(q, cur, 1 + k, i) = s2 * tz * zk + s1 * t[1 + k];
        }
        B(q, cur, 0, i) = s1 * tz;
      }
    }
  }

  KOKKOS_INLINE_FUNCTION void ReversePoint(int r) const {
    const int NC = s.NC, D = s.D, q = map(r0 + r);
    const int K = s.size[s.L];
    for (int k = 0; k < K; ++k)
      for (int c = 0; c < NC; ++c) B(r, s.L % 2, c, k) = Sbar(r, k * NC + c);
    for (int a = s.L; a >= 1; --a) {
      const int     l = a - 1, nin = s.size[l], nout = s.size[a], cur = a % 2, prev = l % 2;
      const double *W = theta.data() + s.woff[l];
      for (int i = 0; i < nout; ++i) {
        if (a < s.L) { // h̄ → z̄ through the tanh jet (in place)
          const double h = S(q, s.hoff[a] + i), s1 = 1.0 - h * h, s2 = -2.0 * h * s1;
          const double s3 = -2.0 * s1 * s1 + 4.0 * h * h * s1;
          double       z0 = B(r, cur, 0, i) * s1;
          for (int k = 0; k < D && NC > 1; ++k) {
            const double zk = Z(q, a, 1 + k, i), hbk = B(r, cur, 1 + k, i);
            z0 += hbk * s2 * zk;
            double zbk = hbk * s1;
            if (NC > 1 + D) {
              const double zkk = Z(q, a, 1 + D + k, i), hbkk = B(r, cur, 1 + D + k, i);
              zbk += 2.0 * hbkk * s2 * zk;
              z0 += hbkk * (s3 * zk * zk + s2 * zkk);
              B(r, cur, 1 + D + k, i) = hbkk * s1;
            }
            B(r, cur, 1 + k, i) = zbk;
          }
          B(r, cur, 0, i) = z0;
        }
        Emit(r, s.woff[l] + static_cast<PetscInt>(nout) * nin + i, B(r, cur, 0, i));
        for (int j = 0; j < nin; ++j) {
          double val = 0;
          for (int c = 0; c < NC; ++c) val += B(r, cur, c, i) * In(q, l, c, j);
          Emit(r, s.woff[l] + static_cast<PetscInt>(i) * nin + j, val);
        }
      }
      if (l == 0) break;
      for (int j = 0; j < nin; ++j)
        for (int c = 0; c < NC; ++c) {
          double acc = 0;
          for (int i = 0; i < nout; ++i) acc += W[i * nin + j] * B(r, cur, c, i);
          B(r, prev, c, j) = acc;
        }
    }
  }
};

NetShape MakeNetShape(const SubnetLayout &m, int order) {
  NetShape s;
  s.L     = m.NumLayers();
  s.D     = m.Coordinates();
  s.NC    = order == 0 ? 1 : (order == 1 ? 1 + s.D : 1 + 2 * s.D);
  s.maxw  = m.MaxWidth();
  s.omega = PeriodFrequency(m.period);
  for (int a = 0; a <= s.L; ++a) s.size[a] = m.sizes[a];
  for (int l = 0; l < s.L; ++l) s.woff[l] = m.woff[l];
  int off = s.omega > 0 ? s.NC * s.size[0] : 0; // the embedded input's jets (hoff[0] = 0)
  for (int a = 1; a < s.L; ++a) {
    s.hoff[a] = off;
    off += s.NC * s.size[a];
    s.zoff[a] = off;
    off += (s.NC - 1) * s.size[a];
  }
  s.state = off > 0 ? off : 1;
  return s;
}

WView Work(const char *label, size_t n, size_t m) {
  return WView(Kokkos::view_alloc(std::string(label), Kokkos::WithoutInitializing), n, m);
}

} // namespace

SubnetKernels::SubnetKernels(const SubnetLayout &layout, int order)
    : s_(MakeNetShape(layout, order)) {}

void SubnetKernels::Forward(CView1 theta, CView2 X, WView S, WView Out) const {
  SubnetFunctor<NetMode::Forward> f;
  f.s     = s_;
  f.theta = theta;
  f.X     = X;
  f.S     = S;
  f.Out   = Out;
  Kokkos::parallel_for("petnet::Subnet::Forward", Kokkos::RangePolicy<ExecSpace>(0, X.extent(0)),
                       f);
}

void SubnetKernels::Tangent(CView1 theta, CView1 v, CView2 X, WView S, WView Tout, int q0,
                            int q1) const {
  if (q1 < 0) q1 = static_cast<int>(X.extent(0));
  SubnetFunctor<NetMode::Tangent> f;
  f.s     = s_;
  f.theta = theta;
  f.v     = v;
  f.X     = X;
  f.S     = S;
  f.Out   = Tout;
  f.Buf   = Work("petnet::Subnet::tangent_buf", X.extent(0), 2 * s_.NC * s_.maxw);
  Kokkos::parallel_for("petnet::Subnet::Tangent", Kokkos::RangePolicy<ExecSpace>(q0, q1), f);
}

void SubnetKernels::ReverseGrad(CView1 theta, CView2 X, WView S, IView map, WView Sbar,
                                DView1 g) const {
  SubnetFunctor<NetMode::Grad> f;
  f.s     = s_;
  f.theta = theta;
  f.X     = X;
  f.S     = S;
  f.map   = map;
  f.Sbar  = Sbar;
  f.Buf   = Work("petnet::Subnet::adjoint_buf", map.extent(0), 2 * s_.NC * s_.maxw);
  f.grad  = decltype(f.grad)(g);
  Kokkos::parallel_for("petnet::Subnet::ReverseGrad",
                       Kokkos::RangePolicy<ExecSpace>(0, map.extent(0)), f);
  Kokkos::Experimental::contribute(g, f.grad);
}

void SubnetKernels::ReverseRows(CView1 theta, CView2 X, WView S, IView map, int r0, WView Sbar,
                                DView2 J) const {
  SubnetFunctor<NetMode::Rows> f;
  f.s     = s_;
  f.theta = theta;
  f.X     = X;
  f.S     = S;
  f.map   = map;
  f.r0    = r0;
  f.Sbar  = Sbar;
  f.J     = J;
  f.Buf   = Work("petnet::Subnet::adjoint_buf", Sbar.extent(0), 2 * s_.NC * s_.maxw);
  Kokkos::parallel_for("petnet::Subnet::ReverseRows",
                       Kokkos::RangePolicy<ExecSpace>(0, Sbar.extent(0)), f);
}

// ---------------------------------------------------------------------------------

DeepONetKernels::DeepONetKernels(const DeepONetLayout &layout, int order)
    : layout_(layout), branch_(layout.Branch(), 0), trunk_(layout.Trunk(), order) {}

namespace {
/// CSR lists of the rows grouped by key (keys 0..nkeys−1), rows in increasing order.
void BuildCsr(const std::vector<int> &key, int nkeys, IView *ptr, IView *list, const char *label) {
  std::vector<int> cnt(nkeys + 1, 0), pos;
  for (int k : key) ++cnt[k + 1];
  for (int k = 0; k < nkeys; ++k) cnt[k + 1] += cnt[k];
  pos.assign(cnt.begin(), cnt.end() - 1);
  std::vector<int> rows(key.size());
  for (size_t r = 0; r < key.size(); ++r) rows[pos[key[r]]++] = static_cast<int>(r);
  *ptr    = IView(std::string(label) + "_ptr", static_cast<size_t>(nkeys + 1));
  *list   = IView(std::string(label), rows.size());
  auto hp = Kokkos::create_mirror_view(*ptr);
  auto hl = Kokkos::create_mirror_view(*list);
  for (int k = 0; k <= nkeys; ++k) hp(k) = cnt[k];
  for (size_t r = 0; r < rows.size(); ++r) hl(r) = rows[r];
  Kokkos::deep_copy(*ptr, hp);
  Kokkos::deep_copy(*list, hl);
}

IView ToDevice(const std::vector<int> &a, const char *label) {
  IView v(std::string(label), a.size());
  auto  h = Kokkos::create_mirror_view(v);
  for (size_t k = 0; k < a.size(); ++k) h(k) = a[k];
  Kokkos::deep_copy(v, h);
  return v;
}

std::vector<int> Iota(int n) {
  std::vector<int> a(n);
  for (int k = 0; k < n; ++k) a[k] = k;
  return a;
}
} // namespace

void DeepONetKernels::SetData(CView2 V, CView2 Y, const std::vector<int> &fidx,
                              const std::vector<int> &pidx) {
  V_ = DView2("petnet::DeepONet::V", V.extent(0), V.extent(1));
  Y_ = DView2("petnet::DeepONet::Y", Y.extent(0), Y.extent(1));
  Kokkos::deep_copy(V_, V);
  Kokkos::deep_copy(Y_, Y);
  const int nf = static_cast<int>(V.extent(0)), np = static_cast<int>(Y.extent(0));
  fidx_   = ToDevice(fidx, "petnet::DeepONet::fidx");
  pidx_   = ToDevice(pidx, "petnet::DeepONet::pidx");
  iota_f_ = ToDevice(Iota(nf), "petnet::DeepONet::iota_f");
  iota_p_ = ToDevice(Iota(np), "petnet::DeepONet::iota_p");
  BuildCsr(pidx, np, &by_point_ptr_, &by_point_, "petnet::DeepONet::rows_by_point");
  BuildCsr(fidx, nf, &by_func_ptr_, &by_func_, "petnet::DeepONet::rows_by_function");
  const int K = layout_.Features(), NC = trunk_.NumComponents();
  Sb_    = Work("petnet::DeepONet::branch_state", nf, branch_.StateSize());
  Bf_    = Work("petnet::DeepONet::branch_features", nf, K);
  St_    = Work("petnet::DeepONet::trunk_state", np, trunk_.StateSize());
  Tf_    = Work("petnet::DeepONet::trunk_features", np, K * NC);
  theta_ = DView1("petnet::DeepONet::theta", layout_.NumParams());
}

void DeepONetKernels::SetTheta(CView1 theta) {
  PetscLogEventBegin(Log::jet, 0, 0, 0, 0);
  Kokkos::deep_copy(theta_, theta);
  branch_.Forward(theta_, V_, Sb_, Bf_);
  trunk_.Forward(theta_, Y_, St_, Tf_);
  Kokkos::fence();
  PetscLogEventEnd(Log::jet, 0, 0, 0, 0);
}

void DeepONetKernels::Jet(DView2 U) const {
  const int      K = layout_.Features(), NC = trunk_.NumComponents();
  auto           B  = Bf_;
  auto           T  = Tf_;
  auto           fi = fidx_, pi = pidx_;
  auto           th = theta_;
  const PetscInt b0 = layout_.BiasOffset();
  // k outer, c inner: T(q, ·) is read contiguously; each U(r, c) sums over k in order.
  Kokkos::parallel_for(
      "petnet::DeepONet::Jet", Kokkos::RangePolicy<ExecSpace>(0, fi.extent(0)),
      KOKKOS_LAMBDA(int r) {
        const int i = fi(r), q = pi(r);
        double    u[kNetMaxComp];
        for (int c = 0; c < NC; ++c) u[c] = c == 0 ? th(b0) : 0.0;
        for (int k = 0; k < K; ++k) {
          const double b = B(i, k);
          for (int c = 0; c < NC; ++c) u[c] += b * T(q, k * NC + c);
        }
        for (int c = 0; c < NC; ++c) U(r, c) = u[c];
      });
  Kokkos::fence();
}

void DeepONetKernels::Evaluate(CView2 Vn, CView2 Yn, DView2 U) const {
  const int K = layout_.Features(), NC = trunk_.NumComponents();
  const int nf = static_cast<int>(Vn.extent(0)), np = static_cast<int>(Yn.extent(0));
  WView     Sb = Work("petnet::DeepONet::eval_bs", nf, branch_.StateSize()),
        B      = Work("petnet::DeepONet::eval_b", nf, K);
  WView St     = Work("petnet::DeepONet::eval_ts", np, trunk_.StateSize()),
        T      = Work("petnet::DeepONet::eval_t", np, K * NC);
  branch_.Forward(theta_, Vn, Sb, B);
  trunk_.Forward(theta_, Yn, St, T);
  auto           th = theta_;
  const PetscInt b0 = layout_.BiasOffset();
  Kokkos::parallel_for(
      "petnet::DeepONet::Evaluate", Kokkos::RangePolicy<ExecSpace>(0, nf * np),
      KOKKOS_LAMBDA(int r) {
        const int i = r / np, q = r % np;
        for (int c = 0; c < NC; ++c) {
          double u = c == 0 ? th(b0) : 0.0;
          for (int k = 0; k < K; ++k) u += B(i, k) * T(q, k * NC + c);
          U(r, c) = u;
        }
      });
  Kokkos::fence();
}

void DeepONetKernels::TrunkTangent(CView1 v, int q0, int q1, WView Tt) const {
  trunk_.Tangent(theta_, v, Y_, St_, Tt, q0, q1);
}

void DeepONetKernels::JacVec(CView1 v, CView2 G, DView1 Jv) const {
  WView Tt = Work("petnet::DeepONet::trunk_tangent", Tf_.extent(0), Tf_.extent(1));
  TrunkTangent(v, 0, Points(), Tt);
  JacVecRows(v, G, Tt, Jv);
}

void DeepONetKernels::JacVecRows(CView1 v, CView2 G, WView Tt, DView1 Jv) const {
  PetscLogEventBegin(Log::jac_vec, 0, 0, 0, 0);
  const int K = layout_.Features(), NC = trunk_.NumComponents();
  WView     Bt = Work("petnet::DeepONet::branch_tangent", Bf_.extent(0), K);
  branch_.Tangent(theta_, v, V_, Sb_, Bt);
  auto           B = Bf_, T = Tf_;
  auto           fi = fidx_, pi = pidx_;
  const PetscInt b0 = layout_.BiasOffset();
  Kokkos::parallel_for(
      "petnet::DeepONet::JacVec", Kokkos::RangePolicy<ExecSpace>(0, fi.extent(0)),
      KOKKOS_LAMBDA(int r) {
        const int i = fi(r), q = pi(r);
        double    acc = G(r, 0) * v(b0), d[kNetMaxComp];
        for (int c = 0; c < NC; ++c) d[c] = 0.0;
        for (int k = 0; k < K;
             ++k) { // contiguous in T(q, ·), Tt(q, ·); each d[c] sums over k in order
          const double b = B(i, k), bt = Bt(i, k);
          for (int c = 0; c < NC; ++c) d[c] += b * Tt(q, k * NC + c) + bt * T(q, k * NC + c);
        }
        for (int c = 0; c < NC; ++c) acc += G(r, c) * d[c];
        Jv(r) = acc;
      });
  Kokkos::fence();
  PetscLogEventEnd(Log::jac_vec, 0, 0, 0, 0);
}

void DeepONetKernels::JacTVec(CView1 w, CView2 G, DView1 JTw) const {
  WView Tbar = Work("petnet::DeepONet::trunk_adjoint", Tf_.extent(0), Tf_.extent(1));
  WView Bbar = Work("petnet::DeepONet::branch_adjoint", Bf_.extent(0), Bf_.extent(1));
  Adjoints(w, G, Tbar, Bbar);
  ReverseAdjoints(w, G, Tbar, 0, Bbar, JTw);
}

void DeepONetKernels::Adjoints(CView1 w, CView2 G, WView Tbar, WView Bbar) const {
  PetscLogEventBegin(Log::jac_t_vec, 0, 0, 0, 0);
  const int K = layout_.Features(), NC = trunk_.NumComponents();
  const int nf = static_cast<int>(Bf_.extent(0)), np = static_cast<int>(Tf_.extent(0));
  auto      B = Bf_, T = Tf_;
  auto      fi = fidx_, pi = pidx_;
  auto      pp = by_point_ptr_, pl = by_point_, fp = by_func_ptr_, fl = by_func_;
  // τ̄(q, k, c) = Σ_{rows r at q} G(r, c) w(r) β_k(f(r)), in row order (deterministic).
  Kokkos::parallel_for(
      "petnet::DeepONet::TrunkAdjoint", Kokkos::RangePolicy<ExecSpace>(0, np),
      KOKKOS_LAMBDA(int q) {
        for (int kc = 0; kc < K * NC; ++kc) Tbar(q, kc) = 0.0;
        for (int e = pp(q); e < pp(q + 1); ++e) {
          const int r = pl(e), i = fi(r);
          double    gw[kNetMaxComp];
          for (int c = 0; c < NC; ++c) gw[c] = G(r, c) * w(r);
          for (int k = 0; k < K; ++k) { // Tbar(q, ·) written contiguously
            const double b = B(i, k);
            for (int c = 0; c < NC; ++c) Tbar(q, k * NC + c) += gw[c] * b;
          }
        }
      });
  // β̄(i, k) = Σ_{rows r of i} Σ_c G(r, c) w(r) ∂^c τ_k(p(r)).
  Kokkos::parallel_for(
      "petnet::DeepONet::BranchAdjoint", Kokkos::RangePolicy<ExecSpace>(0, nf),
      KOKKOS_LAMBDA(int i) {
        for (int k = 0; k < K; ++k) Bbar(i, k) = 0.0;
        for (int e = fp(i); e < fp(i + 1); ++e) {
          const int r = fl(e), q = pi(r);
          double    gw[kNetMaxComp];
          for (int c = 0; c < NC; ++c) gw[c] = G(r, c) * w(r);
          for (int k = 0; k < K; ++k) { // T(q, ·) read contiguously
            double acc = Bbar(i, k);
            for (int c = 0; c < NC; ++c) acc += gw[c] * T(q, k * NC + c);
            Bbar(i, k) = acc;
          }
        }
      });
  Kokkos::fence();
  PetscLogEventEnd(Log::jac_t_vec, 0, 0, 0, 0);
}

void DeepONetKernels::ReverseAdjoints(CView1 w, CView2 G, WView TbarBlock, int q0, WView Bbar,
                                      DView1 JTw) const {
  PetscLogEventBegin(Log::jac_t_vec, 0, 0, 0, 0);
  const int nq = static_cast<int>(TbarBlock.extent(0));
  Kokkos::deep_copy(JTw, 0.0);
  trunk_.ReverseGrad(theta_, Y_, St_, Kokkos::subview(iota_p_, Kokkos::make_pair(q0, q0 + nq)),
                     TbarBlock, JTw);
  branch_.ReverseGrad(theta_, V_, Sb_, iota_f_, Bbar, JTw);
  double         bias = 0;
  const PetscInt b0   = layout_.BiasOffset();
  auto           fi   = fidx_;
  Kokkos::parallel_reduce(
      "petnet::DeepONet::BiasAdjoint", Kokkos::RangePolicy<ExecSpace>(0, fi.extent(0)),
      KOKKOS_LAMBDA(int r, double &acc) { acc += G(r, 0) * w(r); }, bias);
  Kokkos::deep_copy(Kokkos::subview(JTw, b0), bias);
  Kokkos::fence();
  PetscLogEventEnd(Log::jac_t_vec, 0, 0, 0, 0);
}

void DeepONetKernels::Jacobian(CView2 G, DView2 J) const {
  PetscLogEventBegin(Log::jacobian, 0, 0, 0, 0);
  const int      K = layout_.Features(), NC = trunk_.NumComponents();
  const PetscInt n = Rows(), b0 = layout_.BiasOffset();
  // Rows in batches so that the per-row adjoint buffers stay small.
  const PetscInt batch = 16384;
  for (PetscInt r0 = 0; r0 < n; r0 += batch) {
    const int nb = static_cast<int>((n - r0) < batch ? (n - r0) : batch), o = static_cast<int>(r0);
    WView     St = Work("petnet::DeepONet::row_trunk_seeds", nb, K * NC),
          Sb     = Work("petnet::DeepONet::row_branch_seeds", nb, K);
    auto B = Bf_, T = Tf_;
    auto fi = fidx_, pi = pidx_;
    Kokkos::parallel_for(
        "petnet::DeepONet::RowSeeds", Kokkos::RangePolicy<ExecSpace>(0, nb), KOKKOS_LAMBDA(int r) {
          const int i = fi(o + r), q = pi(o + r);
          for (int k = 0; k < K; ++k) {
            double sb = 0;
            for (int c = 0; c < NC; ++c) {
              St(r, k * NC + c) = G(o + r, c) * B(i, k);
              sb += G(o + r, c) * T(q, k * NC + c);
            }
            Sb(r, k) = sb;
          }
          J(o + r, b0) = G(o + r, 0);
        });
    trunk_.ReverseRows(theta_, Y_, St_, pidx_, o, St, J);
    branch_.ReverseRows(theta_, V_, Sb_, fidx_, o, Sb, J);
  }
  Kokkos::fence();
  PetscLogEventEnd(Log::jacobian, 0, 0, 0, 0);
}

} // namespace petnet
