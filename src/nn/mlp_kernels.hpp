#pragma once
/// \file mlp_kernels.hpp
/// Kokkos kernels for the tanh MLP at a batch of points:
///
///   - Jet:        U(q, c) = the jet of u at point q: c = 0 value, 1..d first
///                 derivatives ∂u/∂x_k, d+1..2d pure second derivatives ∂²u/∂x_k²
///                 (as many as the jet order asks for).
///   - Jacobian:   J(q, :) = Σ_c G(q, c) ∂U(q, c)/∂θ — the residual Jacobian rows, given
///                 the PDE's pointwise derivative G = ∂r/∂(jet) ("seeds").
///   - JacVec:     (J v)(q)   by forward mode along v (no J formed).
///   - JacTVec:    Jᵀ w       by reverse mode, summed over points (no J formed).
///
/// With an input parity in the layout each kernel sums over the |R| reflections
/// (u = Σ_r χ(r) N(r x)), so it costs |R| times as much per point.
///
/// All four cost O(n·p). Points are processed in chunks of `kChunk` (one Kokkos team
/// per chunk): the jets of every layer for the chunk live in team scratch memory,
/// neurons are spread over the team's threads, and the innermost loop runs over the
/// chunk's points, contiguous in memory, so that it vectorizes on CPUs.
#include "core/jets.hpp"
#include "core/kokkos_types.hpp"
#include "nn/mlp.hpp"

namespace petnet {

/// Maximum number of input reflections supported by the kernels (layers: kMaxLayers).
constexpr int kMaxSym = 1 << kMaxDim;

class MLPKernels {
public:
  MLPKernels() = default;
  /// Kernels for `layout` computing jets up to `order` (0, 1 or 2).
  MLPKernels(const MLPLayout &layout, int order);

  int              Order() const { return order_; }
  int              NumComponents() const { return ncomp_; }
  const MLPLayout &Layout() const { return layout_; }

  /// theta: p parameters; X: n × d points; U: n × ncomp (output).
  void Jet(CView1 theta, CView2 X, DView2 U) const;
  /// G: n × ncomp seeds; J: n × p (output, every entry written).
  void Jacobian(CView1 theta, CView2 X, CView2 G, DView2 J) const;
  /// Jv: n (output).
  void JacVec(CView1 theta, CView2 X, CView2 G, CView1 v, DView1 Jv) const;
  /// JTw: p (output, overwritten).
  void JacTVec(CView1 theta, CView2 X, CView2 G, CView1 w, DView1 JTw) const;

private:
  MLPLayout layout_;
  int       order_ = 2, ncomp_ = 1;
};

} // namespace petnet
