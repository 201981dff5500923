#pragma once
/// \file mlp_kernel_shape.hpp
/// The layout of one team's scratch memory for the MLP kernels (mlp_kernels.cpp): the
/// network's shape, its input reflections and periodic embedding, and where each layer's jets live
/// for a chunk of kChunk points. Internal to nn/.
#include "core/jets.hpp"
#include "nn/mlp.hpp"
#include "nn/mlp_kernels.hpp"
#include "nn/periodic_embedding.hpp"

namespace petnet::mlp_detail {

/// Points per team; the innermost loops run over them (one AVX-512 or two AVX2 rows).
constexpr int kChunk = 16;

/// The network's shape, passed by value into kernels.
struct Shape {
  int      L;                    // affine layers; activations 0..L (0 = input, L = output)
  int      size[kMaxLayers + 1]; // widths of the activations
  PetscInt woff[kMaxLayers];     // offset of W_l in θ; b_l follows it
  int      d, order, ncomp, maxw;
  // Input parity: the network is Σ_r chi[r] N(xsign[r] ⊙ x) over nsym reflections r.
  int    nsym;
  double xsign[kMaxSym][kMaxDim], chi[kMaxSym];
  // Periodic embedding: coordinate k feeds the first-layer inputs feat[k] (and feat[k] + 1
  // when periodic, omega[k] = 2π/P_k > 0); input j belongs to coordinate fcoord[j].
  int    din, nper, feat[kMaxDim], fcoord[2 * kMaxDim];
  double omega[kMaxDim];
  // scratch offsets (in doubles, per chunk): hidden activation a = 1..L-1
  int hoff[kMaxLayers + 1];          // jets of h_a: ncomp × size[a] × kChunk
  int zoff[kMaxLayers + 1];          // derivative components of z_a: (ncomp-1) × size[a] × kChunk
  int xoff, eoff, buf0, buf1, total; // eoff: 3 × din × kChunk, the embedded inputs' jets
};

/// Derivative m (0..2) of first-layer input j in its own coordinate, for the chunk.
KOKKOS_INLINE_FUNCTION double *Feature(const Shape &s, double *S, int m, int j) {
  return S + s.eoff + (m * s.din + j) * kChunk;
}

/// The first-layer inputs of coordinate k from its values x (S + xoff): (x, 1, 0) as
/// its own jet, or the two periodic features (nn/periodic_embedding.hpp).
KOKKOS_INLINE_FUNCTION void EmbedCoordinate(const Shape &s, double *S, int k) {
  const double *x = S + s.xoff + k * kChunk;
  const int     f = s.feat[k];
  for (int q = 0; q < kChunk; ++q) {
    if (s.omega[k] > 0) {
      const PeriodicFeatures e = EmbedPeriodic(s.omega[k], x[q]);
      for (int m = 0; m < 3; ++m)
        for (int j = 0; j < 2; ++j) Feature(s, S, m, f + j)[q] = e.f[m][j];
    } else {
      Feature(s, S, 0, f)[q] = x[q];
      Feature(s, S, 1, f)[q] = 1.0;
      Feature(s, S, 2, f)[q] = 0.0;
    }
  }
}

/// Jet component c (D coordinates) of a first-layer pre-activation over the embedded
/// inputs: acc = Σ_j w[j] ∂^c a_j + b δ_c0 (∂^c a_j is non-zero only for the inputs of
/// the coordinate that c differentiates).
KOKKOS_INLINE_FUNCTION void EmbeddedAffine(const Shape &s, double *S, const double *w, double b,
                                           int c, int D, double *acc) {
  for (int q = 0; q < kChunk; ++q) acc[q] = c == 0 ? b : 0.0;
  const int m = c == 0 ? 0 : (c <= D ? 1 : 2), k = c == 0 ? 0 : (c - 1) % D;
  const int j0 = c == 0 ? 0 : s.feat[k], j1 = c == 0 ? s.din : j0 + (s.omega[k] > 0 ? 2 : 1);
  for (int j = j0; j < j1; ++j) {
    const double *a = Feature(s, S, m, j);
    for (int q = 0; q < kChunk; ++q) acc[q] += w[j] * a[q];
  }
}

/// ∂/∂W_0(i, j) of the chunk's jets seeded by z̄ of neuron i: val = Σ_m z̄_m a_{j,m}, with
/// z̄_0 = zb[0] and z̄ of the first and second derivative in input j's coordinate zb[1],
/// zb[2] (null past the jet order).
KOKKOS_INLINE_FUNCTION void EmbeddedWeightDerivative(const Shape &s, double *S, int j,
                                                     const double *const zb[3], double *val) {
  for (int q = 0; q < kChunk; ++q) val[q] = 0.0;
  for (int m = 0; m < 3; ++m) {
    if (!zb[m]) continue;
    const double *a = Feature(s, S, m, j);
    for (int q = 0; q < kChunk; ++q) val[q] += zb[m][q] * a[q];
  }
}

/// The shape of `m` for jets up to `order`, with the scratch offsets of one chunk.
Shape MakeShape(const MLPLayout &m, int order);

} // namespace petnet::mlp_detail
