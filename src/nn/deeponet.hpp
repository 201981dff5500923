#pragma once
/// \file deeponet.hpp
/// The DeepONet G_θ(v)(y) = Σ_k β_k(v) τ_k(y) + b₀ (Lu et al. 2021) and THE place
/// that knows its parameter layout.
///
///   branch net β: R^m → R^K, tanh hidden layers, linear output, input = the m sensor
///                 values v(x_1..x_m) of the input function;
///   trunk net  τ: R^d → R^K, tanh hidden layers, linear output, input = coordinates y;
///                 with a period T > 0, periodic in y₁: its first layer sees the features
///                 (cos 2πy₁/T, sin 2πy₁/T, y₂, …, y_d), so τ and all its y-derivatives
///                 are T-periodic in y₁ exactly (the kernels differentiate through them).
///
/// θ = [ branch | trunk | b₀ ]. Inside each sub-network layer l (l = 0..L−1) maps
/// sizes[l] → sizes[l+1]: W_l (sizes[l+1] × sizes[l], row-major) at
/// offset + WeightOffset(l), then b_l (sizes[l+1]).
#include "core/base.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace petnet {

/// A feed-forward sub-network's shape and where its parameters sit inside θ.
struct SubnetLayout {
  std::vector<int>      sizes; ///< {inputs, hidden..., outputs}
  std::vector<PetscInt> woff;  ///< offset of W_l inside θ (absolute)
  PetscInt              offset = 0, n_params = 0;
  double                period = 0; ///< > 0: inputs (cos, sin of 2πy₁/period, y₂, …)

  int NumLayers() const { return static_cast<int>(sizes.size()) - 1; }
  int Inputs() const { return sizes.front(); }
  /// The coordinates y the net is a function of (Inputs() − 1 with the periodic embedding).
  int      Coordinates() const { return period > 0 ? sizes.front() - 1 : sizes.front(); }
  int      Outputs() const { return sizes.back(); }
  PetscInt WeightOffset(int l) const { return woff[l]; }
  PetscInt BiasOffset(int l) const {
    return woff[l] + static_cast<PetscInt>(sizes[l + 1]) * sizes[l];
  }
  int MaxWidth() const;
};

class DeepONetLayout {
public:
  /// m sensors, d coordinates, hidden widths of both nets, K basis functions; a trunk
  /// periodic in y₁ with period trunk_period > 0 (0: not periodic).
  static PetscErrorCode Create(MPI_Comm comm, int m, int d, const std::vector<int> &branch_hidden,
                               const std::vector<int> &trunk_hidden, int K, DeepONetLayout *layout,
                               double trunk_period = 0);
  const SubnetLayout   &Branch() const { return branch_; }
  const SubnetLayout   &Trunk() const { return trunk_; }
  int                   Sensors() const { return branch_.Inputs(); }
  int                   Dim() const { return trunk_.Coordinates(); }
  int                   Features() const { return branch_.Outputs(); }
  PetscInt              BiasOffset() const { return n_params_ - 1; }
  PetscInt              NumParams() const { return n_params_; }
  std::string           Describe() const; ///< "branch 128-40-40-20, trunk 1-40-40-20 (p = ...)"
  ///< (a periodic trunk: "trunk periodic(1) 3-40-40-20")

private:
  SubnetLayout branch_, trunk_;
  PetscInt     n_params_ = 0;
};

/// Xavier-normal weights, zero biases (b₀ = 0), from a seeded platform-independent
/// generator: identical on every rank.
void XavierNormalInit(const DeepONetLayout &layout, std::uint64_t seed, double *theta);

} // namespace petnet
