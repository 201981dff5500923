#pragma once
/// \file deeponet_kernels.hpp
/// Kokkos kernels for the DeepONet on rows = (input function i, point q) pairs that
/// share one set of points (the usual "aligned" operator-learning data):
///
///   features  β(v_i) (N_f × K, branch, order 0) and the jets of τ(y_q) (P × K × NC,
///             trunk, order 0..2 in y) — computed once per θ;
///   Jet       U(r, c) = Σ_k β_k(v_i) ∂^c τ_k(y_q) + b₀ δ_c0;
///   JacVec    (J v)(r)  = Σ_c G(r,c) ∂U(r,c)/∂θ · v     — tangents of β and τ along v;
///   JacTVec   Jᵀ w      — adjoints of β (Σ over the rows of a function) and of τ (Σ over
///             the rows at a point), then one reverse sweep through each net;
///   Jacobian  J(r, :)   — one reverse sweep through each net per row (the dense
///             kernel, O(rows · p); for tests and small problems).
///
/// Cost: the matrix-free products are O(N_f p_branch + P p_trunk + rows · K · NC) —
/// the rows only meet the K-dimensional feature space, never the p parameters. That
/// is what lets millions of rows run in O(rows + p) memory.
///
/// SubnetKernels does the per-network work (one thread per point, per-point state
/// in a work array) and is written once for host and device backends.
#include "core/kokkos_types.hpp"
#include "nn/deeponet.hpp"

namespace petnet {

/// Work arrays: row-major on host (a point's state is contiguous), column-major on GPUs
/// (threads of a warp touch consecutive points).
using WView = Kokkos::View<double **, ExecSpace>;
using IView = Kokkos::View<int *, ExecSpace>;

constexpr int kNetMaxLayers = 12, kNetMaxComp = 7;

/// A sub-network's shape as kernels see it (passed by value).
struct NetShape {
  int      L = 0, D = 1, NC = 1, maxw = 1;
  int      size[kNetMaxLayers + 1] = {};
  PetscInt woff[kNetMaxLayers]     = {};
  int      hoff[kNetMaxLayers + 1] = {}, zoff[kNetMaxLayers + 1] = {};
  int      state = 1; ///< doubles of forward state per point
  double omega = 0; ///< > 0: the periodic embedding (cos ωy₁, sin ωy₁, y₂, …) of the input
};

class SubnetKernels {
public:
  SubnetKernels() = default;
  /// Jets up to `order` (0, 1: gradient, 2: + pure second derivatives) in the inputs.
  SubnetKernels(const SubnetLayout &layout, int order);
  int NumComponents() const { return s_.NC; }
  int Outputs() const { return s_.size[s_.L]; }
  int StateSize() const { return s_.state; }

  /// Out(q, k·NC + c) = ∂^c (output k) at X(q, :); S (n × StateSize) keeps what the
  /// tangent and reverse sweeps need.
  void Forward(CView1 theta, CView2 X, WView S, WView Out) const;
  /// Tout(q, k·NC + c) = d/dt Out(q, k·NC + c)(θ + t v) (v: all p parameters), for the
  /// points q0 ≤ q < q1 (q1 < 0: all).
  void Tangent(CView1 theta, CView1 v, CView2 X, WView S, WView Tout, int q0 = 0,
               int q1 = -1) const;
  /// g += Σ_r Σ_{k,c} Sbar(r, k·NC + c) ∂Out(map(r), k·NC + c)/∂θ (this net's slice of g).
  void ReverseGrad(CView1 theta, CView2 X, WView S, IView map, WView Sbar, DView1 g) const;
  /// J(r0 + r, j) = Σ_{k,c} Sbar(r, k·NC + c) ∂Out(map(r0 + r), k·NC + c)/∂θ_j for this
  /// net's j, r = 0 .. rows of Sbar − 1.
  void ReverseRows(CView1 theta, CView2 X, WView S, IView map, int r0, WView Sbar, DView2 J) const;

private:
  NetShape s_;
};

class DeepONetKernels {
public:
  DeepONetKernels() = default;
  /// Jets in the trunk inputs up to `order`.
  DeepONetKernels(const DeepONetLayout &layout, int order);
  int                   NumComponents() const { return trunk_.NumComponents(); }
  const DeepONetLayout &Layout() const { return layout_; }

  /// V: N_f × m sensor values of the input functions; Y: P × d points; rows r pair
  /// function fidx(r) with point pidx(r) (host arrays, copied).
  void     SetData(CView2 V, CView2 Y, const std::vector<int> &fidx, const std::vector<int> &pidx);
  PetscInt Rows() const { return static_cast<PetscInt>(fidx_.extent(0)); }
  /// Features β, τ (and their states) at θ.
  void SetTheta(CView1 theta);
  /// U(r, c), r over the rows.
  void Jet(DView2 U) const;
  /// U(q', c) for arbitrary other inputs (branch on Vn, trunk on Yn; all pairs, function-major).
  void Evaluate(CView2 Vn, CView2 Yn, DView2 U) const;
  void JacVec(CView1 v, CView2 G, DView1 Jv) const;
  /// JTw: p, overwritten with this process's rows' contribution (no reduction).
  void JacTVec(CView1 w, CView2 G, DView1 JTw) const;

  /// The same products in stages, so that a caller can split the trunk's work over
  /// processes by points (every process's rows meet every point; the trunk sweeps are
  /// the part of a product that does not shrink with the rows):
  ///   J·v = TrunkTangent on points [q0, q1) → (caller assembles all of Tt) → JacVecRows;
  ///   Jᵀw = Adjoints → (caller sums Tbar over processes, keeps [q0, q1)) → ReverseAdjoints.
  /// Tt, Tbar: Points() × Features()·NumComponents(); Bbar: local functions × Features().
  int  Points() const { return static_cast<int>(Y_.extent(0)); }
  int  Functions() const { return static_cast<int>(V_.extent(0)); }
  void TrunkTangent(CView1 v, int q0, int q1, WView Tt) const;
  void JacVecRows(CView1 v, CView2 G, WView Tt, DView1 Jv) const;
  void Adjoints(CView1 w, CView2 G, WView Tbar, WView Bbar) const;
  /// JTw (overwritten) = trunk reverse sweep of TbarBlock (the adjoints of points
  /// q0 .. q0 + rows − 1) + branch reverse sweep of Bbar + the bias's Σ G(r, 0) w(r).
  void ReverseAdjoints(CView1 w, CView2 G, WView TbarBlock, int q0, WView Bbar, DView1 JTw) const;
  /// J: rows × p, every entry written.
  void Jacobian(CView2 G, DView2 J) const;

private:
  DeepONetLayout layout_;
  SubnetKernels  branch_, trunk_;
  DView1         theta_;
  DView2         V_, Y_;
  IView          fidx_, pidx_;
  IView          by_point_ptr_, by_point_, by_func_ptr_, by_func_; // CSR lists of rows
  IView          iota_f_, iota_p_;
  WView          Sb_, Bf_, St_, Tf_; // branch state/features, trunk state/features
};

} // namespace petnet
