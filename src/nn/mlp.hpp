#pragma once
/// \file mlp.hpp
/// The tanh multilayer perceptron and THE parameter layout: θ is one flat vector,
/// and this is the only place that knows which slice is which layer.
///
/// Layer l (l = 0 .. L, L = number of hidden layers) maps sizes[l] -> sizes[l+1]:
///   W_l (sizes[l+1] × sizes[l], row-major) at theta[w_off[l]],
///   b_l (sizes[l+1])                       at theta[b_off[l]] = w_off[l] + sizes[l+1]*sizes[l].
/// Hidden layers apply tanh; the last layer is linear. sizes = {d_in, h_1, ..., h_L, 1}.
///
/// Periodic input embedding (optional, part of the architecture): a coordinate x_k with
/// period P_k > 0 enters the first layer as the two features (cos 2πx_k/P_k, sin 2πx_k/P_k)
/// instead of x_k, so u_θ and all its derivatives are P_k-periodic in x_k exactly. The
/// first layer's inputs are the coordinates in order, each one feature or, periodic, two:
/// d_in = d + (number of periodic coordinates); W_0 has d_in columns in that order.
///
/// Input parity (optional, part of the architecture, not of θ): with coordinates marked
/// even or odd, the network is the average over the group R of reflections of those
/// coordinates,  u_θ(x) = (1/|R|) Σ_{r∈R} χ(r) N_θ(r x),  χ(r) = (−1)^(odd coordinates r
/// flips). u_θ is then exactly even/odd in each marked coordinate (e.g. odd in x and y
/// puts the zero set on both axes). The kernels evaluate N_θ |R| times per point.
#include "core/base.hpp"
#include "core/parity.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace petnet {

/// Most affine layers (hidden + output) the kernels hold in their per-team shape.
constexpr int kMaxLayers = 12;
/// Widest hidden layer accepted (the kernels keep a chunk of each layer's jets in team
/// scratch memory; far wider layers would not fit and are no sensible network here).
constexpr int kMaxWidth = 4096;

class MLPLayout {
public:
  MLPLayout() = default;
  /// d inputs, the given hidden widths, one output. Errors on empty/non-positive sizes,
  /// more than kMaxLayers - 1 hidden layers, widths over kMaxWidth, and a parameter count
  /// that a PetscInt cannot hold.
  /// `period`: empty (nothing periodic) or one entry per coordinate, 0 = not periodic,
  /// P > 0 = periodic with period P; errors on a wrong count and on a negative or
  /// non-finite entry.
  static PetscErrorCode Create(MPI_Comm comm, int d, const std::vector<int> &hidden,
                               MLPLayout *layout, const std::vector<double> &period = {});

  int InputDim() const { return d_; } ///< coordinates x the network is a function of
  int NumLayers() const {
    return static_cast<int>(sizes_.size()) - 1;
  }                                                ///< affine maps (hidden + output)
  int      Size(int l) const { return sizes_[l]; } ///< width of activation l (0 = d_in)
  int      MaxWidth() const;
  PetscInt NumParams() const { return n_params_; }
  PetscInt WeightOffset(int l) const { return w_off_[l]; }
  PetscInt BiasOffset(int l) const {
    return w_off_[l] + static_cast<PetscInt>(sizes_[l + 1]) * sizes_[l];
  }
  /// "1-30-30-30-1 (p = 1951)", plus the periods and the parity if any
  std::string Describe() const;

  /// Period of coordinate k (0: not periodic).
  double Period(int k) const { return period_.empty() ? 0.0 : period_[k]; }
  /// One entry per coordinate (0 where not periodic).
  std::vector<double> Periods() const;
  int                 NumPeriodic() const; ///< coordinates with a period

  /// One Parity per input coordinate (size InputDim()); errors on a wrong count.
  PetscErrorCode SetParity(MPI_Comm comm, const std::vector<Parity> &parity);
  Parity         InputParity(int k) const { return parity_.empty() ? Parity::None : parity_[k]; }
  int            NumReflections() const; ///< |R| = 2^(coordinates with a parity)

private:
  int                   d_ = 0;
  std::vector<int>      sizes_;
  std::vector<double>   period_; // empty or one per coordinate
  std::vector<Parity>   parity_;
  std::vector<PetscInt> w_off_;
  PetscInt              n_params_ = 0;
};

/// Xavier-normal weights (std = sqrt(2/(fan_in+fan_out))), zero biases (uniform in
/// ±1/√fan_in for a network with a parity), from a seeded generator that is the same on
/// every platform and rank.
void XavierNormalInit(const MLPLayout &layout, std::uint64_t seed, double *theta);

/// Checks a list of periods for d coordinates (empty, or d entries each finite and >= 0);
/// the error names the option -nn_period.
PetscErrorCode CheckPeriods(MPI_Comm comm, int d, const std::vector<double> &period);

/// Parses "30,30,30" into widths; error (naming the text) on anything else.
PetscErrorCode ParseWidths(MPI_Comm comm, const char *text, std::vector<int> *widths);

} // namespace petnet
