#pragma once
/// \file mlp_kernel_shape.hpp
/// The layout of one team's scratch memory for the MLP kernels (mlp_kernels.cpp): the
/// network's shape, its input reflections, and where each layer's jets live for a chunk
/// of kChunk points. Internal to nn/.
#include "core/jets.hpp"
#include "nn/mlp.hpp"
#include "nn/mlp_kernels.hpp"

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
  // scratch offsets (in doubles, per chunk): hidden activation a = 1..L-1
  int hoff[kMaxLayers + 1]; // jets of h_a: ncomp × size[a] × kChunk
  int zoff[kMaxLayers + 1]; // derivative components of z_a: (ncomp-1) × size[a] × kChunk
  int xoff, buf0, buf1, total;
};

/// The shape of `m` for jets up to `order`, with the scratch offsets of one chunk.
Shape MakeShape(const MLPLayout &m, int order);

} // namespace petnet::mlp_detail
