#pragma once
/// \file jets.hpp
/// The jet layout shared by the network kernels (nn/) and the pointwise physics (pde/).
///
/// The jet of u at point q is a row U(q, c) of a (points × components) array:
///   c = 0            the value u
///   c = 1 .. d       the first derivatives ∂u/∂x_k
///   c = d+1 .. 2d    the pure second derivatives ∂²u/∂x_k²
/// with as many components as the jet order asks for. A problem's derivative of its
/// residual with respect to the jet, G(q, c) = ∂r/∂U(q, c), uses the same order.
#include <Kokkos_Core.hpp>

namespace petnet {

/// Maximum spatial dimension, and the most jet components a point can have.
constexpr int kMaxDim = 3, kMaxComp = 1 + 2 * kMaxDim;

/// Number of jet components for dimension d and order (0: u; 1: u, ∇u; 2: + ∂²u/∂x_k²).
KOKKOS_INLINE_FUNCTION int JetComponents(int d, int order) {
  return order == 0 ? 1 : (order == 1 ? 1 + d : 1 + 2 * d);
}

} // namespace petnet
