#include "nn/mlp_kernels.hpp"

#include "core/log.hpp"

namespace petnet {

namespace {

/// Points per team; the innermost loops run over them (one AVX-512 or two AVX2 rows).
constexpr int kChunk = 16;

enum class Mode { Jet, Jacobian, JacVec, JacTVec };

/// The network's shape, passed by value into kernels.
struct Shape {
  int      L;                     // affine layers; activations 0..L (0 = input, L = output)
  int      size[kMaxLayers + 1];  // widths of the activations
  PetscInt woff[kMaxLayers];      // offset of W_l in θ; b_l follows it
  int      d, order, ncomp, maxw;
  // scratch offsets (in doubles, per chunk): hidden activation a = 1..L-1
  int hoff[kMaxLayers + 1]; // jets of h_a: ncomp × size[a] × kChunk
  int zoff[kMaxLayers + 1]; // derivative components of z_a: (ncomp-1) × size[a] × kChunk
  int xoff, buf0, buf1, total;
};

Shape MakeShape(const MLPLayout &m, int order) {
  Shape s{};
  s.L     = m.NumLayers();
  s.d     = m.InputDim();
  s.order = order;
  s.ncomp = JetComponents(s.d, order);
  s.maxw  = m.MaxWidth();
  for (int a = 0; a <= s.L; ++a) s.size[a] = m.Size(a);
  for (int l = 0; l < s.L; ++l) s.woff[l] = m.WeightOffset(l);
  int off = 0;
  for (int a = 1; a < s.L; ++a) {
    s.hoff[a] = off;
    off += s.ncomp * s.size[a] * kChunk;
    s.zoff[a] = off;
    off += (s.ncomp - 1) * s.size[a] * kChunk;
  }
  s.xoff = off;
  off += s.d * kChunk;
  s.buf0 = off;
  off += s.ncomp * s.maxw * kChunk;
  s.buf1 = off;
  off += s.ncomp * s.maxw * kChunk;
  s.total = off;
  return s;
}

/// One functor for the four kernels; `M` selects which outputs are produced.
/// Scratch index of activation a, component c, neuron i, point q: base + (c*size + i)*kChunk + q.
template <Mode M>
struct MLPChunkFunctor {
  using Member  = Kokkos::TeamPolicy<ExecSpace>::member_type;
  using Scratch = Kokkos::View<double *, ExecSpace::scratch_memory_space, Kokkos::MemoryTraits<Kokkos::Unmanaged>>;

  Shape  s;
  CView1 theta;
  CView2 X, G;
  CView1 v;  // JacVec direction, or JacTVec weights w
  DView2 U;  // Jet output
  DView2 J;  // Jacobian output
  DView1 out; // JacVec (n) or JacTVec (p) output
  int    n;

  KOKKOS_INLINE_FUNCTION double *H(double *S, int a, int c, int i) const {
    return S + s.hoff[a] + (c * s.size[a] + i) * kChunk;
  }
  KOKKOS_INLINE_FUNCTION double *Zd(double *S, int a, int c, int i) const { // c >= 1
    return S + s.zoff[a] + ((c - 1) * s.size[a] + i) * kChunk;
  }
  KOKKOS_INLINE_FUNCTION double *Buf(double *S, int which, int c, int i) const {
    return S + (which ? s.buf1 : s.buf0) + (c * s.maxw + i) * kChunk;
  }

  // Emit one parameter's derivative values val[q] for the chunk's points.
  KOKKOS_INLINE_FUNCTION void Emit(PetscInt idx, const double *val, int p0, int nq) const {
    if (M == Mode::Jacobian) {
      for (int q = 0; q < nq; ++q) J(p0 + q, idx) = val[q];
    } else if (M == Mode::JacTVec) {
      double sum = 0;
      for (int q = 0; q < nq; ++q) sum += val[q];
      Kokkos::atomic_add(&out(idx), sum);
    }
  }

  KOKKOS_INLINE_FUNCTION void operator()(const Member &member) const {
    Scratch     scratch(member.team_scratch(1), s.total);
    double     *S  = scratch.data();
    const int   p0 = member.league_rank() * kChunk;
    const int   nq = (n - p0) < kChunk ? (n - p0) : kChunk;
    const int   d = s.d, nc = s.ncomp, L = s.L;
    const double *th = theta.data();

    // Input coordinates (the tail of a short chunk repeats the last point).
    Kokkos::parallel_for(Kokkos::TeamThreadRange(member, d), [&](int j) {
      double *x = S + s.xoff + j * kChunk;
      for (int q = 0; q < kChunk; ++q) x[q] = X(p0 + (q < nq ? q : nq - 1), j);
    });
    member.team_barrier();
    const double *x = S + s.xoff;

    // ---- forward: jets of every hidden activation (and tangents for JacVec) ----
    // Tangents of activation a live in Buf(a % 2).
    for (int a = 1; a < L; ++a) {
      const int     nin = s.size[a - 1], l = a - 1;
      const double *W = th + s.woff[l], *b = W + s.size[a] * nin;
      const double *VW = nullptr, *Vb = nullptr;
      if (M == Mode::JacVec) {
        VW = v.data() + s.woff[l];
        Vb = VW + s.size[a] * nin;
      }
      Kokkos::parallel_for(Kokkos::TeamThreadRange(member, s.size[a]), [&](int i) {
        double z[kMaxComp][kChunk], t[kMaxComp][kChunk];
        for (int c = 0; c < nc; ++c)
          for (int q = 0; q < kChunk; ++q) z[c][q] = 0.0;
        for (int q = 0; q < kChunk; ++q) z[0][q] = b[i];
        if (a == 1) {
          for (int j = 0; j < d; ++j) {
            const double w = W[i * nin + j];
            for (int q = 0; q < kChunk; ++q) z[0][q] += w * x[j * kChunk + q];
          }
          if (s.order >= 1)
            for (int k = 0; k < d; ++k)
              for (int q = 0; q < kChunk; ++q) z[1 + k][q] = W[i * nin + k];
        } else {
          for (int j = 0; j < nin; ++j) {
            const double w = W[i * nin + j];
            for (int c = 0; c < nc; ++c) {
              const double *h = H(S, a - 1, c, j);
              for (int q = 0; q < kChunk; ++q) z[c][q] += w * h[q];
            }
          }
        }
        if (M == Mode::JacVec) { // ż = Ẇ a + W ȧ + ḃ
          for (int c = 0; c < nc; ++c)
            for (int q = 0; q < kChunk; ++q) t[c][q] = 0.0;
          for (int q = 0; q < kChunk; ++q) t[0][q] = Vb[i];
          if (a == 1) {
            for (int j = 0; j < d; ++j) {
              const double w = VW[i * nin + j];
              for (int q = 0; q < kChunk; ++q) t[0][q] += w * x[j * kChunk + q];
            }
            if (s.order >= 1)
              for (int k = 0; k < d; ++k)
                for (int q = 0; q < kChunk; ++q) t[1 + k][q] = VW[i * nin + k];
          } else {
            for (int j = 0; j < nin; ++j) {
              const double vw = VW[i * nin + j], w = W[i * nin + j];
              for (int c = 0; c < nc; ++c) {
                const double *h = H(S, a - 1, c, j), *hd = Buf(S, (a - 1) % 2, c, j);
                for (int q = 0; q < kChunk; ++q) t[c][q] += vw * h[q] + w * hd[q];
              }
            }
          }
        }
        // tanh jet: h = σ(z), h_k = σ' z_k, h_kk = σ'' z_k² + σ' z_kk
        double *h0 = H(S, a, 0, i);
        for (int q = 0; q < kChunk; ++q) {
          const double hv = KTanh(z[0][q]), s1 = 1.0 - hv * hv, s2 = -2.0 * hv * s1;
          h0[q] = hv;
          if (M == Mode::JacVec) {
            const double s3 = -2.0 * s1 * s1 + 4.0 * hv * hv * s1, t0 = t[0][q];
            Buf(S, a % 2, 0, i)[q] = s1 * t0;
            for (int k = 0; k < d && s.order >= 1; ++k) {
              const double zk = z[1 + k][q], tk = t[1 + k][q];
              Buf(S, a % 2, 1 + k, i)[q] = s2 * t0 * zk + s1 * tk;
              if (s.order >= 2) {
                const double zkk = z[1 + d + k][q], tkk = t[1 + d + k][q];
                Buf(S, a % 2, 1 + d + k, i)[q] = s3 * t0 * zk * zk + 2.0 * s2 * zk * tk + s2 * t0 * zkk + s1 * tkk;
              }
            }
          }
          for (int k = 0; k < d && s.order >= 1; ++k) {
            const double zk = z[1 + k][q];
            Zd(S, a, 1 + k, i)[q] = zk;
            H(S, a, 1 + k, i)[q]  = s1 * zk;
            if (s.order >= 2) {
              const double zkk = z[1 + d + k][q];
              Zd(S, a, 1 + d + k, i)[q] = zkk;
              H(S, a, 1 + d + k, i)[q]  = s2 * zk * zk + s1 * zkk;
            }
          }
        }
      });
      member.team_barrier();
    }

    // ---- output layer (linear, one output) ----
    const int     nlast = s.size[L - 1];
    const double *WL = th + s.woff[L - 1], bL = WL[nlast];
    if (M == Mode::Jet || M == Mode::JacVec) {
      Kokkos::single(Kokkos::PerTeam(member), [&]() {
        double u[kMaxComp][kChunk];
        for (int c = 0; c < nc; ++c)
          for (int q = 0; q < kChunk; ++q) u[c][q] = (c == 0 && M == Mode::Jet) ? bL : 0.0;
        if (M == Mode::Jet) {
          for (int j = 0; j < nlast; ++j)
            for (int c = 0; c < nc; ++c) {
              const double *h = H(S, L - 1, c, j);
              for (int q = 0; q < kChunk; ++q) u[c][q] += WL[j] * h[q];
            }
          for (int c = 0; c < nc; ++c)
            for (int q = 0; q < nq; ++q) U(p0 + q, c) = u[c][q];
        } else { // u̇_c = Σ_j (Ẇ_j h_c + W_j ḣ_c) + ḃ δ_c0;  Jv = Σ_c G_c u̇_c
          const double *VW = v.data() + s.woff[L - 1];
          for (int q = 0; q < kChunk; ++q) u[0][q] = VW[nlast];
          for (int j = 0; j < nlast; ++j)
            for (int c = 0; c < nc; ++c) {
              const double *h = H(S, L - 1, c, j), *hd = Buf(S, (L - 1) % 2, c, j);
              for (int q = 0; q < kChunk; ++q) u[c][q] += VW[j] * h[q] + WL[j] * hd[q];
            }
          for (int q = 0; q < nq; ++q) {
            double r = 0;
            for (int c = 0; c < nc; ++c) r += G(p0 + q, c) * u[c][q];
            out(p0 + q) = r;
          }
        }
      });
      return;
    }

    // ---- reverse sweep (Jacobian rows, or Jᵀw) ----
    // Seeds ū_c(q) = G(q,c) [× w(q)]; adjoints of activation a in Buf(a % 2).
    double gs[kMaxComp][kChunk];
    for (int c = 0; c < nc; ++c)
      for (int q = 0; q < kChunk; ++q) {
        const int qq = q < nq ? q : nq - 1;
        gs[c][q]     = q < nq ? G(p0 + qq, c) * (M == Mode::JacTVec ? v(p0 + qq) : 1.0) : 0.0;
      }
    Kokkos::parallel_for(Kokkos::TeamThreadRange(member, nlast + 1), [&](int j) {
      double val[kChunk];
      if (j == nlast) { // output bias
        for (int q = 0; q < kChunk; ++q) val[q] = gs[0][q];
        Emit(s.woff[L - 1] + nlast, val, p0, nq);
        return;
      }
      for (int q = 0; q < kChunk; ++q) val[q] = 0.0;
      for (int c = 0; c < nc; ++c) {
        const double *h = H(S, L - 1, c, j);
        double       *hb = Buf(S, (L - 1) % 2, c, j);
        for (int q = 0; q < kChunk; ++q) {
          val[q] += gs[c][q] * h[q];
          hb[q] = WL[j] * gs[c][q];
        }
      }
      Emit(s.woff[L - 1] + j, val, p0, nq);
    });
    member.team_barrier();

    for (int a = L - 1; a >= 1; --a) {
      const int     nin = s.size[a - 1], l = a - 1, cur = a % 2, prev = (a - 1) % 2;
      const double *W = th + s.woff[l];
      // z̄ from h̄ (overwrites h̄ in place), then this layer's parameter derivatives.
      Kokkos::parallel_for(Kokkos::TeamThreadRange(member, s.size[a]), [&](int i) {
        double zb[kMaxComp][kChunk];
        const double *h0 = H(S, a, 0, i);
        for (int q = 0; q < kChunk; ++q) {
          const double hv = h0[q], s1 = 1.0 - hv * hv, s2 = -2.0 * hv * s1;
          const double s3 = -2.0 * s1 * s1 + 4.0 * hv * hv * s1;
          double       z0 = Buf(S, cur, 0, i)[q] * s1;
          for (int k = 0; k < d && s.order >= 1; ++k) {
            const double hbk = Buf(S, cur, 1 + k, i)[q], zk = Zd(S, a, 1 + k, i)[q];
            zb[1 + k][q] = hbk * s1;
            z0 += hbk * s2 * zk;
            if (s.order >= 2) {
              const double hbkk = Buf(S, cur, 1 + d + k, i)[q], zkk = Zd(S, a, 1 + d + k, i)[q];
              zb[1 + d + k][q] = hbkk * s1;
              zb[1 + k][q] += 2.0 * hbkk * s2 * zk;
              z0 += hbkk * (s3 * zk * zk + s2 * zkk);
            }
          }
          zb[0][q] = z0;
        }
        for (int c = 0; c < nc; ++c)
          for (int q = 0; q < kChunk; ++q) Buf(S, cur, c, i)[q] = zb[c][q];
        Emit(s.woff[l] + static_cast<PetscInt>(s.size[a]) * nin + i, zb[0], p0, nq); // bias
        double val[kChunk];
        for (int j = 0; j < nin; ++j) {
          if (a == 1) { // a_0 = x_j, a_k = δ_jk, a_kk = 0
            for (int q = 0; q < kChunk; ++q) val[q] = zb[0][q] * x[j * kChunk + q];
            if (s.order >= 1)
              for (int q = 0; q < kChunk; ++q) val[q] += zb[1 + j][q];
          } else {
            for (int q = 0; q < kChunk; ++q) val[q] = 0.0;
            for (int c = 0; c < nc; ++c) {
              const double *hp = H(S, a - 1, c, j);
              for (int q = 0; q < kChunk; ++q) val[q] += zb[c][q] * hp[q];
            }
          }
          Emit(s.woff[l] + static_cast<PetscInt>(i) * nin + j, val, p0, nq);
        }
      });
      member.team_barrier();
      if (a == 1) break;
      // ā_c(j) = Σ_i W_ij z̄_c(i)  → adjoint of activation a-1
      Kokkos::parallel_for(Kokkos::TeamThreadRange(member, nin), [&](int j) {
        double ab[kMaxComp][kChunk];
        for (int c = 0; c < nc; ++c)
          for (int q = 0; q < kChunk; ++q) ab[c][q] = 0.0;
        for (int i = 0; i < s.size[a]; ++i) {
          const double w = W[i * nin + j];
          for (int c = 0; c < nc; ++c) {
            const double *zb = Buf(S, cur, c, i);
            for (int q = 0; q < kChunk; ++q) ab[c][q] += w * zb[q];
          }
        }
        for (int c = 0; c < nc; ++c)
          for (int q = 0; q < kChunk; ++q) Buf(S, prev, c, j)[q] = ab[c][q];
      });
      member.team_barrier();
    }
  }
};

template <Mode M>
void Launch(const MLPLayout &layout, int order, CView1 theta, CView2 X, CView2 G, CView1 v, DView2 U, DView2 J,
            DView1 out, const char *label) {
  MLPChunkFunctor<M> f;
  f.s     = MakeShape(layout, order);
  f.theta = theta;
  f.X     = X;
  f.G     = G;
  f.v     = v;
  f.U     = U;
  f.J     = J;
  f.out   = out;
  f.n     = static_cast<int>(X.extent(0));
  if (f.n == 0) return;
  const int nchunks = (f.n + kChunk - 1) / kChunk;
  auto      policy  = Kokkos::TeamPolicy<ExecSpace>(nchunks, Kokkos::AUTO)
                    .set_scratch_size(1, Kokkos::PerTeam(static_cast<size_t>(f.s.total) * sizeof(double)));
  Kokkos::parallel_for(label, policy, f);
}

} // namespace

MLPKernels::MLPKernels(const MLPLayout &layout, int order)
    : layout_(layout), order_(order), ncomp_(JetComponents(layout.InputDim(), order)) {}

void MLPKernels::Jet(CView1 theta, CView2 X, DView2 U) const {
  PetscLogEventBegin(Log::jet, 0, 0, 0, 0);
  Launch<Mode::Jet>(layout_, order_, theta, X, CView2(), CView1(), U, DView2(), DView1(), "petnet::MLP::Jet");
  Kokkos::fence();
  PetscLogEventEnd(Log::jet, 0, 0, 0, 0);
}

void MLPKernels::Jacobian(CView1 theta, CView2 X, CView2 G, DView2 J) const {
  PetscLogEventBegin(Log::jacobian, 0, 0, 0, 0);
  Launch<Mode::Jacobian>(layout_, order_, theta, X, G, CView1(), DView2(), J, DView1(), "petnet::MLP::Jacobian");
  Kokkos::fence();
  PetscLogEventEnd(Log::jacobian, 0, 0, 0, 0);
}

void MLPKernels::JacVec(CView1 theta, CView2 X, CView2 G, CView1 v, DView1 Jv) const {
  PetscLogEventBegin(Log::jac_vec, 0, 0, 0, 0);
  Launch<Mode::JacVec>(layout_, order_, theta, X, G, v, DView2(), DView2(), Jv, "petnet::MLP::JacVec");
  Kokkos::fence();
  PetscLogEventEnd(Log::jac_vec, 0, 0, 0, 0);
}

void MLPKernels::JacTVec(CView1 theta, CView2 X, CView2 G, CView1 w, DView1 JTw) const {
  PetscLogEventBegin(Log::jac_t_vec, 0, 0, 0, 0);
  Kokkos::deep_copy(JTw, 0.0);
  Launch<Mode::JacTVec>(layout_, order_, theta, X, G, w, DView2(), DView2(), JTw, "petnet::MLP::JacTVec");
  Kokkos::fence();
  PetscLogEventEnd(Log::jac_t_vec, 0, 0, 0, 0);
}

} // namespace petnet
