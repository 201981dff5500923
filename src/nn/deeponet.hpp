#pragma once
/// \file deeponet.hpp
/// The DeepONet G_θ(v)(y) = Σ_k β_k(v) τ_k(y) + b₀ (Lu et al. 2021) and THE place
/// that knows its parameter layout.
///
///   branch net β: R^m → R^K, tanh hidden layers, linear output, input = the m sensor
///                 values v(x_1..x_m) of the input function;
///   trunk net  τ: R^d → R^K, tanh hidden layers, linear output, input = coordinates y.
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

  int      NumLayers() const { return static_cast<int>(sizes.size()) - 1; }
  int      Inputs() const { return sizes.front(); }
  int      Outputs() const { return sizes.back(); }
  PetscInt WeightOffset(int l) const { return woff[l]; }
  PetscInt BiasOffset(int l) const {
    return woff[l] + static_cast<PetscInt>(sizes[l + 1]) * sizes[l];
  }
  int MaxWidth() const;
};

class DeepONetLayout {
public:
  /// m sensors, d coordinates, hidden widths of both nets, K basis functions.
  static PetscErrorCode Create(MPI_Comm comm, int m, int d, const std::vector<int> &branch_hidden,
                               const std::vector<int> &trunk_hidden, int K, DeepONetLayout *layout);
  const SubnetLayout   &Branch() const { return branch_; }
  const SubnetLayout   &Trunk() const { return trunk_; }
  int                   Sensors() const { return branch_.Inputs(); }
  int                   Dim() const { return trunk_.Inputs(); }
  int                   Features() const { return branch_.Outputs(); }
  PetscInt              BiasOffset() const { return n_params_ - 1; }
  PetscInt              NumParams() const { return n_params_; }
  std::string           Describe() const; ///< "branch 128-40-40-20, trunk 1-40-40-20 (p = ...)"

private:
  SubnetLayout branch_, trunk_;
  PetscInt     n_params_ = 0;
};

/// Xavier-normal weights, zero biases (b₀ = 0), from a seeded platform-independent
/// generator: identical on every rank.
void XavierNormalInit(const DeepONetLayout &layout, std::uint64_t seed, double *theta);

} // namespace petnet
