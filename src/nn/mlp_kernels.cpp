#include "nn/mlp_kernels.hpp"
#include "nn/mlp_kernel_shape.hpp"

#include "core/log.hpp"

#include <Kokkos_ScatterView.hpp>

#include <cstdint>

namespace petnet {

namespace {

using mlp_detail::kChunk;
using mlp_detail::MakeShape;
using mlp_detail::Shape;

enum class Mode { Jet, Jacobian, JacVec, JacTVec };

// PETNET_GENERIC_LOOPS (a kernels-only build option) keeps the portable loops that the GPU
// backends compile on the host too, so that they are tested without a GPU.
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDA_ARCH__) &&                        \
    !defined(__HIP_DEVICE_COMPILE__) && !defined(KOKKOS_ENABLE_CUDA) &&                            \
    !defined(KOKKOS_ENABLE_HIP) && !defined(KOKKOS_ENABLE_SYCL) && !defined(PETNET_GENERIC_LOOPS)
#define PETNET_HOST_PACK 1
#if defined(__AVX__)
#include <immintrin.h>
#endif
/// Eight points as one vector value (host CPUs only; one AVX-512 or two AVX2 registers).
typedef double Pack8 __attribute__((vector_size(8 * sizeof(double))));
inline Pack8   Load8(const double *p) {
    Pack8 v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
inline void Store8(double *p, Pack8 v) { __builtin_memcpy(p, &v, sizeof v); }
#endif

/// One functor for the four kernels; `M` selects which outputs are produced, D and
/// ORDER (compile-time) fix the jet so every inner loop has constant trip counts.
/// Scratch index of activation a, component c, neuron i, point q: base + (c*size + i)*kChunk + q.
template <Mode M, int D, int ORDER> struct MLPChunkFunctor {
  using Member            = Kokkos::TeamPolicy<ExecSpace>::member_type;
  using Scratch           = Kokkos::View<double *, ExecSpace::scratch_memory_space,
                               Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
  static constexpr int NC = ORDER == 0 ? 1 : (ORDER == 1 ? 1 + D : 1 + 2 * D);

  Shape  s;
  CView1 theta;
  CView2 X, G;
  CView1 v;   // JacVec direction, or JacTVec weights w
  DView2 U;   // Jet output
  DView2 J;   // Jacobian output
  DView1 out; // JacVec (n) output
  // JacTVec (p) output: per-thread copies on OpenMP, atomics on GPUs, plain on Serial.
  Kokkos::Experimental::ScatterView<double *, Kokkos::LayoutLeft, ExecSpace> grad;
  int                                                                        n;

  KOKKOS_INLINE_FUNCTION double *H(double *S, int a, int c, int i) const {
    return S + s.hoff[a] + (c * s.size[a] + i) * kChunk;
  }
  KOKKOS_INLINE_FUNCTION double *Zd(double *S, int a, int c, int i) const { // c >= 1
    return S + s.zoff[a] + ((c - 1) * s.size[a] + i) * kChunk;
  }
  KOKKOS_INLINE_FUNCTION double *Buf(double *S, int which, int c, int i) const {
    return S + (which ? s.buf1 : s.buf0) + (c * s.maxw + i) * kChunk;
  }

  // Emit one parameter's derivative values val[q] for the chunk's points (reflection r:
  // the first one writes J, later ones add to it).
  KOKKOS_INLINE_FUNCTION void Emit(PetscInt idx, const double *val, int p0, int nq, int r) const {
    if (M == Mode::Jacobian) {
      double *col = &J(p0, idx); // LayoutLeft: the chunk's rows are contiguous
      if (r > 0) {
        for (int q = 0; q < nq; ++q) col[q] += val[q];
        return;
      }
#if defined(PETNET_HOST_PACK) && (defined(__AVX512F__) || defined(__AVX__))
      // J is written once and not read back by this kernel: streaming stores skip
      // the read-for-ownership of every line (J is ~8 bytes/entry of pure output).
      if (s.nsym == 1 && nq == kChunk && (reinterpret_cast<std::uintptr_t>(col) & 63) == 0) {
#if defined(__AVX512F__)
        _mm512_stream_pd(col, _mm512_loadu_pd(val));
        _mm512_stream_pd(col + 8, _mm512_loadu_pd(val + 8));
#else
        for (int q = 0; q < kChunk; q += 4) _mm256_stream_pd(col + q, _mm256_loadu_pd(val + q));
#endif
        return;
      }
#endif
      if (nq == kChunk)
        for (int q = 0; q < kChunk; ++q) col[q] = val[q];
      else
        for (int q = 0; q < nq; ++q) col[q] = val[q];
    } else if (M == Mode::JacTVec) {
      double sum = 0;
      for (int q = 0; q < kChunk; ++q) sum += val[q]; // val is zero past nq (seeds are)
      grad.access()(idx) += sum;
    }
  }

  // acc[q] += Σ_j w[j*stride] * h(j)[q]  (h(j) = base + j*kChunk): one load per FMA.
  KOKKOS_INLINE_FUNCTION static void Dot(double *acc, const double *w, int stride,
                                         const double *base, int nin) {
#if defined(PETNET_HOST_PACK)
    // Explicit vector registers: left to itself GCC vectorizes across j with
    // permutes, or keeps the accumulator in memory (a store-forwarding chain).
    // Four independent accumulators hide the FMA latency.
    static_assert(kChunk == 16, "host path written for two 8-wide packs");
    Pack8 a0 = Load8(acc), a1 = Load8(acc + 8), b0 = {}, b1 = {};
    int   j = 0;
    for (; j + 1 < nin; j += 2) {
      const double *h  = base + j * kChunk;
      const double  w0 = w[j * stride], w1 = w[(j + 1) * stride];
      a0 += w0 * Load8(h);
      a1 += w0 * Load8(h + 8);
      b0 += w1 * Load8(h + kChunk);
      b1 += w1 * Load8(h + kChunk + 8);
    }
    if (j < nin) {
      const double *h  = base + j * kChunk;
      const double  w0 = w[j * stride];
      a0 += w0 * Load8(h);
      a1 += w0 * Load8(h + 8);
    }
    Store8(acc, a0 + b0);
    Store8(acc + 8, a1 + b1);
#else
    for (int j = 0; j < nin; ++j) {
      const double  wj = w[j * stride];
      const double *h  = base + j * kChunk;
      for (int q = 0; q < kChunk; ++q) acc[q] += wj * h[q];
    }
#endif
  }

  // ∂/∂W_ij for j = 0..nin-1 of hidden layer a >= 2: Σ_c z̄_c(i) h_c(a-1, j) per point.
  KOKKOS_INLINE_FUNCTION void WeightRow(double *S, int a, int i, int cur, int p0, int nq,
                                        int r) const {
    const int      nin = s.size[a - 1];
    const PetscInt row = s.woff[a - 1] + static_cast<PetscInt>(i) * nin;
#if defined(PETNET_HOST_PACK)
    Pack8 z0[NC], z1[NC]; // z̄ of neuron i stays in registers across j
    for (int c = 0; c < NC; ++c) {
      z0[c] = Load8(Buf(S, cur, c, i));
      z1[c] = Load8(Buf(S, cur, c, i) + 8);
    }
    for (int j = 0; j < nin; ++j) {
      Pack8 v0 = {}, v1 = {};
      for (int c = 0; c < NC; ++c) {
        const double *hp = H(S, a - 1, c, j);
        v0 += z0[c] * Load8(hp);
        v1 += z1[c] * Load8(hp + 8);
      }
      double val[kChunk];
      Store8(val, v0);
      Store8(val + 8, v1);
      Emit(row + j, val, p0, nq, r);
    }
#else
    double val[kChunk];
    for (int j = 0; j < nin; ++j) {
      for (int q = 0; q < kChunk; ++q) val[q] = 0.0;
      for (int c = 0; c < NC; ++c) {
        const double *hp = H(S, a - 1, c, j), *zb = Buf(S, cur, c, i);
        for (int q = 0; q < kChunk; ++q) val[q] += zb[q] * hp[q];
      }
      Emit(row + j, val, p0, nq, r);
    }
#endif
  }

  // acc[q] += Σ_j (w1[j] h1(j)[q] + w2[j] h2(j)[q]): the two tangent products of J·v in one pass.
  KOKKOS_INLINE_FUNCTION static void Dot2(double *acc, const double *w1, const double *b1,
                                          const double *w2, const double *b2, int nin) {
#if defined(PETNET_HOST_PACK)
    Pack8 a0 = Load8(acc), a1 = Load8(acc + 8), c0 = {}, c1 = {};
    for (int j = 0; j < nin; ++j) {
      const double *h1 = b1 + j * kChunk, *h2 = b2 + j * kChunk;
      a0 += w1[j] * Load8(h1);
      a1 += w1[j] * Load8(h1 + 8);
      c0 += w2[j] * Load8(h2);
      c1 += w2[j] * Load8(h2 + 8);
    }
    Store8(acc, a0 + c0);
    Store8(acc + 8, a1 + c1);
#else
    for (int j = 0; j < nin; ++j)
      for (int q = 0; q < kChunk; ++q)
        acc[q] += w1[j] * b1[j * kChunk + q] + w2[j] * b2[j * kChunk + q];
#endif
  }

  KOKKOS_INLINE_FUNCTION void operator()(const Member &member) const {
    Scratch   scratch(member.team_scratch(1), s.total);
    const int p0 = member.league_rank() * kChunk;
    const int nq = (n - p0) < kChunk ? (n - p0) : kChunk;
    for (int r = 0; r < s.nsym; ++r) {
      Sweep(member, scratch.data(), p0, nq, r);
      member.team_barrier();
    }
  }

  // Weight of jet component c of N(r x) in u: chi[r], and for ∂_k the sign of r in x_k
  // (∂_k N(r x) = xsign[r][k] (∂_k N)(r x); ∂_kk picks up no sign).
  KOKKOS_INLINE_FUNCTION double Sign(int r, int c) const {
    return s.chi[r] * (c >= 1 && c <= D ? s.xsign[r][c - 1] : 1.0);
  }

  // One evaluation of N at the reflected points r x of the chunk, added with weight chi[r].
  KOKKOS_INLINE_FUNCTION void Sweep(const Member &member, double *S, int p0, int nq, int r) const {
    LoadInputs(member, S, p0, nq, r);
    // ---- forward: jets of every hidden activation (and tangents for JacVec) ----
    for (int a = 1; a < s.L; ++a) {
      Kokkos::parallel_for(Kokkos::TeamThreadRange(member, s.size[a]), [&](int i) {
        PreActivation(S, a, i);
        TanhJet(S, a, i);
        if (M == Mode::JacVec) TanhJetTangent(S, a, i);
      });
      member.team_barrier();
    }
    if constexpr (M == Mode::Jet || M == Mode::JacVec) OutputLayer(member, S, p0, nq, r);
    else Reverse(member, S, p0, nq, r);
  }

  // Input coordinates of reflection r (the tail of a short chunk repeats the last point).
  KOKKOS_INLINE_FUNCTION void LoadInputs(const Member &member, double *S, int p0, int nq,
                                         int r) const {
    Kokkos::parallel_for(Kokkos::TeamThreadRange(member, D), [&](int j) {
      double *x = S + s.xoff + j * kChunk;
      for (int q = 0; q < kChunk; ++q) x[q] = s.xsign[r][j] * X(p0 + (q < nq ? q : nq - 1), j);
      if (s.nper > 0) mlp_detail::EmbedCoordinate(s, S, j);
    });
    member.team_barrier();
  }

  // Pre-activation jet of neuron i of activation a, accumulated component by component
  // (z_0 into H(a,0,i), z_c into Zd(a,c,i)); for JacVec also its tangent ż in Buf(a % 2).
  KOKKOS_INLINE_FUNCTION void PreActivation(double *S, int a, int i) const {
    const int     nin = s.size[a - 1], l = a - 1;
    const double *W = theta.data() + s.woff[l], *b = W + s.size[a] * nin;
    const double *x  = S + s.xoff;
    const double *Wi = W + i * nin;
    for (int c = 0; c < NC; ++c) {
      double acc[kChunk];
      if (a == 1 && s.nper > 0) mlp_detail::EmbeddedAffine(s, S, Wi, b[i], c, D, acc);
      else if (a == 1) { // a_0 = x, a_k = e_k, a_kk = 0
        const double init = c == 0 ? b[i] : (c <= D ? Wi[c - 1] : 0.0);
        for (int q = 0; q < kChunk; ++q) acc[q] = init;
        if (c == 0) Dot(acc, Wi, 1, x, D);
      } else {
        for (int q = 0; q < kChunk; ++q) acc[q] = c == 0 ? b[i] : 0.0;
        Dot(acc, Wi, 1, H(S, a - 1, c, 0), nin);
      }
      double *dst = c == 0 ? H(S, a, 0, i) : Zd(S, a, c, i);
      for (int q = 0; q < kChunk; ++q) dst[q] = acc[q];
      if (M == Mode::JacVec) { // ż_c = Ẇ a_c + W ȧ_c + ḃ δ_c0
        const double *VW = v.data() + s.woff[l];
        const double *Vi = VW + i * nin, vb = VW[s.size[a] * nin + i];
        if (a == 1 && s.nper > 0) mlp_detail::EmbeddedAffine(s, S, Vi, vb, c, D, acc);
        else if (a == 1) {
          const double init = c == 0 ? vb : (c <= D ? Vi[c - 1] : 0.0);
          for (int q = 0; q < kChunk; ++q) acc[q] = init;
          if (c == 0) Dot(acc, Vi, 1, x, D);
        } else {
          for (int q = 0; q < kChunk; ++q) acc[q] = c == 0 ? vb : 0.0;
          Dot2(acc, Vi, H(S, a - 1, c, 0), Wi, Buf(S, (a - 1) % 2, c, 0), nin);
        }
        double *td = Buf(S, a % 2, c, i);
        for (int q = 0; q < kChunk; ++q) td[q] = acc[q];
      }
    }
  }

  // tanh jet of neuron i in place: h = σ(z), h_k = σ' z_k, h_kk = σ'' z_k² + σ' z_kk
  // (σ' = 1-h², σ'' = -2hσ').
  KOKKOS_INLINE_FUNCTION void TanhJet(double *S, int a, int i) const {
    double *h0 = H(S, a, 0, i);
    for (int q = 0; q < kChunk; ++q) h0[q] = FastTanh(h0[q]);
    for (int k = 0; k < D && ORDER >= 1; ++k) {
      const double *zk = Zd(S, a, 1 + k, i);
      double       *hk = H(S, a, 1 + k, i);
      for (int q = 0; q < kChunk; ++q) hk[q] = (1.0 - h0[q] * h0[q]) * zk[q];
      if (ORDER >= 2) {
        const double *zkk = Zd(S, a, 1 + D + k, i);
        double       *hkk = H(S, a, 1 + D + k, i);
        for (int q = 0; q < kChunk; ++q) {
          const double s1 = 1.0 - h0[q] * h0[q], s2 = -2.0 * h0[q] * s1;
          hkk[q] = s2 * zk[q] * zk[q] + s1 * zkk[q];
        }
      }
    }
  }

  // JacVec: the tangent of neuron i's tanh jet, in place of ż in Buf(a % 2).
  KOKKOS_INLINE_FUNCTION void TanhJetTangent(double *S, int a, int i) const {
    const double *h0 = H(S, a, 0, i);
    double       *t0 = Buf(S, a % 2, 0, i);
    for (int q = 0; q < kChunk; ++q) {
      const double hv = h0[q], s1 = 1.0 - hv * hv, s2 = -2.0 * hv * s1;
      const double s3 = -2.0 * s1 * s1 + 4.0 * hv * hv * s1, tz = t0[q];
      for (int k = 0; k < D && ORDER >= 1; ++k) {
        const double zk = Zd(S, a, 1 + k, i)[q];
        double      &tk = Buf(S, a % 2, 1 + k, i)[q];
        if (ORDER >= 2) {
          const double zkk = Zd(S, a, 1 + D + k, i)[q];
          double      &tkk = Buf(S, a % 2, 1 + D + k, i)[q];
          tkk              = s3 * tz * zk * zk + 2.0 * s2 * zk * tk + s2 * tz * zkk + s1 * tkk;
        }
        tk = s2 * tz * zk + s1 * tk;
      }
      t0[q] = s1 * tz;
    }
  }

  // ---- output layer (linear, one output): U for Jet, Jv = Σ_c G_c u̇_c for JacVec ----
  KOKKOS_INLINE_FUNCTION void OutputLayer(const Member &member, double *S, int p0, int nq,
                                          int r) const {
    const int     L = s.L, nlast = s.size[L - 1];
    const double *WL = theta.data() + s.woff[L - 1], bL = WL[nlast];
    Kokkos::single(Kokkos::PerTeam(member), [&]() {
      double u[NC][kChunk];
      for (int c = 0; c < NC; ++c) {
        if (M == Mode::Jet) {
          for (int q = 0; q < kChunk; ++q) u[c][q] = c == 0 ? bL : 0.0;
          Dot(u[c], WL, 1, H(S, L - 1, c, 0), nlast);
        } else { // u̇_c = Σ_j (Ẇ_j h_c + W_j ḣ_c) + ḃ δ_c0
          const double *VW = v.data() + s.woff[L - 1];
          for (int q = 0; q < kChunk; ++q) u[c][q] = c == 0 ? VW[nlast] : 0.0;
          Dot(u[c], VW, 1, H(S, L - 1, c, 0), nlast);
          Dot(u[c], WL, 1, Buf(S, (L - 1) % 2, c, 0), nlast);
        }
      }
      if (M == Mode::Jet) {
        for (int c = 0; c < NC; ++c) {
          const double f = Sign(r, c);
          for (int q = 0; q < nq; ++q) U(p0 + q, c) = (r ? U(p0 + q, c) : 0.0) + f * u[c][q];
        }
      } else {
        for (int q = 0; q < nq; ++q) {
          double jv = 0;
          for (int c = 0; c < NC; ++c) jv += Sign(r, c) * G(p0 + q, c) * u[c][q];
          out(p0 + q) = (r ? out(p0 + q) : 0.0) + jv;
        }
      }
    });
  }

  // ---- reverse sweep (Jacobian rows, or Jᵀw) of reflection r, after Sweep's forward pass ----
  KOKKOS_INLINE_FUNCTION void Reverse(const Member &member, double *S, int p0, int nq,
                                      int r) const {
    const int     L     = s.L;
    const double *th    = theta.data();
    const double *x     = S + s.xoff;
    const int     nlast = s.size[L - 1];
    const double *WL    = th + s.woff[L - 1];
    // Seeds ū_c(q) = G(q,c) [× w(q)], zero past nq; adjoints of activation a in Buf(a % 2).
    double gs[NC][kChunk];
    for (int c = 0; c < NC; ++c)
      for (int q = 0; q < kChunk; ++q)
        gs[c][q] =
            q < nq ? Sign(r, c) * G(p0 + q, c) * (M == Mode::JacTVec ? v(p0 + q) : 1.0) : 0.0;
    Kokkos::parallel_for(Kokkos::TeamThreadRange(member, nlast + 1), [&](int j) {
      double val[kChunk];
      if (j == nlast) { // output bias
        Emit(s.woff[L - 1] + nlast, gs[0], p0, nq, r);
        return;
      }
      for (int q = 0; q < kChunk; ++q) val[q] = 0.0;
      for (int c = 0; c < NC; ++c) {
        const double *h  = H(S, L - 1, c, j);
        double       *hb = Buf(S, (L - 1) % 2, c, j);
        for (int q = 0; q < kChunk; ++q) {
          val[q] += gs[c][q] * h[q];
          hb[q] = WL[j] * gs[c][q];
        }
      }
      Emit(s.woff[L - 1] + j, val, p0, nq, r);
    });
    member.team_barrier();

    for (int a = L - 1; a >= 1; --a) {
      const int     nin = s.size[a - 1], l = a - 1, cur = a % 2, prev = (a - 1) % 2;
      const double *W = th + s.woff[l];
      // z̄ from h̄ (overwrites h̄ in place), then this layer's parameter derivatives.
      Kokkos::parallel_for(Kokkos::TeamThreadRange(member, s.size[a]), [&](int i) {
        const double *h0  = H(S, a, 0, i);
        double       *zb0 = Buf(S, cur, 0, i);
        for (int q = 0; q < kChunk; ++q) {
          const double hv = h0[q], s1 = 1.0 - hv * hv, s2 = -2.0 * hv * s1;
          const double s3 = -2.0 * s1 * s1 + 4.0 * hv * hv * s1;
          double       z0 = zb0[q] * s1;
          for (int k = 0; k < D && ORDER >= 1; ++k) {
            double      &bk = Buf(S, cur, 1 + k, i)[q];
            const double zk = Zd(S, a, 1 + k, i)[q], hbk = bk;
            z0 += hbk * s2 * zk;
            double zbk = hbk * s1;
            if (ORDER >= 2) {
              double      &bkk = Buf(S, cur, 1 + D + k, i)[q];
              const double zkk = Zd(S, a, 1 + D + k, i)[q], hbkk = bkk;
              zbk += 2.0 * hbkk * s2 * zk;
              z0 += hbkk * (s3 * zk * zk + s2 * zkk);
              bkk = hbkk * s1;
            }
            bk = zbk;
          }
          zb0[q] = z0;
        }
        Emit(s.woff[l] + static_cast<PetscInt>(s.size[a]) * nin + i, zb0, p0, nq, r); // bias
        double val[kChunk];
        for (int j = 0; j < nin && a == 1 && s.nper > 0; ++j) {
          const int           k     = s.fcoord[j];
          const double *const zb[3] = {zb0, ORDER >= 1 ? Buf(S, cur, 1 + k, i) : nullptr,
                                       ORDER >= 2 ? Buf(S, cur, 1 + D + k, i) : nullptr};
          mlp_detail::EmbeddedWeightDerivative(s, S, j, zb, val);
          Emit(s.woff[l] + static_cast<PetscInt>(i) * nin + j, val, p0, nq, r);
        }
        for (int j = 0; j < nin && a == 1 && s.nper == 0; ++j) {
          { // a_0 = x_j, a_k = δ_jk, a_kk = 0
            const double *xj = x + j * kChunk;
            for (int q = 0; q < kChunk; ++q) val[q] = zb0[q] * xj[q];
            if (ORDER >= 1) {
              const double *zbj = Buf(S, cur, 1 + j, i);
              for (int q = 0; q < kChunk; ++q) val[q] += zbj[q];
            }
            Emit(s.woff[l] + static_cast<PetscInt>(i) * nin + j, val, p0, nq, r);
          }
        }
        if (a > 1) WeightRow(S, a, i, cur, p0, nq, r);
      });
      member.team_barrier();
      if (a == 1) break;
      // ā_c(j) = Σ_i W_ij z̄_c(i)  → adjoint of activation a-1
      Kokkos::parallel_for(Kokkos::TeamThreadRange(member, nin), [&](int j) {
        for (int c = 0; c < NC; ++c) {
          double acc[kChunk];
          for (int q = 0; q < kChunk; ++q) acc[q] = 0.0;
          Dot(acc, W + j, nin, Buf(S, cur, c, 0), s.size[a]);
          double *dst = Buf(S, prev, c, j);
          for (int q = 0; q < kChunk; ++q) dst[q] = acc[q];
        }
      });
      member.team_barrier();
    }
  }
};

template <Mode M, int D, int ORDER>
void LaunchT(const Shape &shape, CView1 theta, CView2 X, CView2 G, CView1 v, DView2 U, DView2 J,
             DView1 out, const char *label) {
  MLPChunkFunctor<M, D, ORDER> f;
  f.s     = shape;
  f.theta = theta;
  f.X     = X;
  f.G     = G;
  f.v     = v;
  f.U     = U;
  f.J     = J;
  f.out   = out;
  f.n     = static_cast<int>(X.extent(0));
  if (f.n == 0) return;
  if (M == Mode::JacTVec) f.grad = decltype(f.grad)(out);
  const int nchunks = (f.n + kChunk - 1) / kChunk;
  auto      policy =
      Kokkos::TeamPolicy<ExecSpace>(nchunks, Kokkos::AUTO)
          .set_scratch_size(1, Kokkos::PerTeam(static_cast<size_t>(shape.total) * sizeof(double)));
  Kokkos::parallel_for(label, policy, f);
  if (M == Mode::JacTVec) Kokkos::Experimental::contribute(out, f.grad);
}

template <Mode M>
void Launch(const MLPLayout &layout, int order, CView1 theta, CView2 X, CView2 G, CView1 v,
            DView2 U, DView2 J, DView1 out, const char *label) {
  const Shape s = MakeShape(layout, order);
#define PETNET_MLP_CASE(DD, OO)                                                                    \
  if (s.d == DD && order == OO) return LaunchT<M, DD, OO>(s, theta, X, G, v, U, J, out, label)
  PETNET_MLP_CASE(1, 0);
  PETNET_MLP_CASE(1, 1);
  PETNET_MLP_CASE(1, 2);
  PETNET_MLP_CASE(2, 0);
  PETNET_MLP_CASE(2, 1);
  PETNET_MLP_CASE(2, 2);
  PETNET_MLP_CASE(3, 0);
  PETNET_MLP_CASE(3, 1);
  PETNET_MLP_CASE(3, 2);
#undef PETNET_MLP_CASE
  Kokkos::abort("petnet: MLP kernels support d <= 3 and jet order <= 2");
}

} // namespace

MLPKernels::MLPKernels(const MLPLayout &layout, int order)
    : layout_(layout), order_(order), ncomp_(JetComponents(layout.InputDim(), order)) {}

void MLPKernels::Jet(CView1 theta, CView2 X, DView2 U) const {
  PetscLogEventBegin(Log::jet, 0, 0, 0, 0);
  Launch<Mode::Jet>(layout_, order_, theta, X, CView2(), CView1(), U, DView2(), DView1(),
                    "petnet::MLP::Jet");
  Kokkos::fence();
  PetscLogEventEnd(Log::jet, 0, 0, 0, 0);
}

void MLPKernels::Jacobian(CView1 theta, CView2 X, CView2 G, DView2 J) const {
  PetscLogEventBegin(Log::jacobian, 0, 0, 0, 0);
  Launch<Mode::Jacobian>(layout_, order_, theta, X, G, CView1(), DView2(), J, DView1(),
                         "petnet::MLP::Jacobian");
  Kokkos::fence();
#if defined(PETNET_HOST_PACK) && defined(__AVX__)
  _mm_sfence(); // order the streaming stores before anyone reads J
#endif
  PetscLogEventEnd(Log::jacobian, 0, 0, 0, 0);
}

void MLPKernels::JacVec(CView1 theta, CView2 X, CView2 G, CView1 v, DView1 Jv) const {
  PetscLogEventBegin(Log::jac_vec, 0, 0, 0, 0);
  Launch<Mode::JacVec>(layout_, order_, theta, X, G, v, DView2(), DView2(), Jv,
                       "petnet::MLP::JacVec");
  Kokkos::fence();
  PetscLogEventEnd(Log::jac_vec, 0, 0, 0, 0);
}

void MLPKernels::JacTVec(CView1 theta, CView2 X, CView2 G, CView1 w, DView1 JTw) const {
  PetscLogEventBegin(Log::jac_t_vec, 0, 0, 0, 0);
  Kokkos::deep_copy(JTw, 0.0);
  Launch<Mode::JacTVec>(layout_, order_, theta, X, G, w, DView2(), DView2(), JTw,
                        "petnet::MLP::JacTVec");
  Kokkos::fence();
  PetscLogEventEnd(Log::jac_t_vec, 0, 0, 0, 0);
}

} // namespace petnet
