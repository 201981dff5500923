#pragma once
/// \file periodic_embedding.hpp
/// The periodic input embedding shared by the MLP (nn/mlp.hpp) and the DeepONet trunk
/// (nn/deeponet.hpp): a coordinate y with period P enters the first layer as the two
/// features cos ωy and sin ωy, ω = 2π/P, whose jets in y the kernels differentiate through:
///   cos ωy: (cos ωy, −ω sin ωy, −ω² cos ωy),   sin ωy: (sin ωy, ω cos ωy, −ω² sin ωy).
#include "core/kokkos_types.hpp"

#include <cmath>

namespace petnet {

/// ω = 2π/P for a period P > 0; 0 (no embedding) for P = 0.
inline double PeriodFrequency(double period) { return period > 0 ? 2.0 * M_PI / period : 0.0; }

/// f[m][e]: the m-th y-derivative (m = 0, 1, 2) of feature e (0: cos ωy, 1: sin ωy).
struct PeriodicFeatures {
  double f[3][2];
};

KOKKOS_INLINE_FUNCTION PeriodicFeatures EmbedPeriodic(double w, double y) {
  const double cs = kmath::cos(w * y), sn = kmath::sin(w * y);
  return {{{cs, sn}, {-w * sn, w * cs}, {-w * w * cs, -w * w * sn}}};
}

} // namespace petnet
