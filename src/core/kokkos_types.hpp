#pragma once
/// \file kokkos_types.hpp
/// View types shared by the network kernels and the PETSc bridge.
#include <Kokkos_Core.hpp>

#include <cstdint>

namespace petnet {
using ExecSpace = Kokkos::DefaultExecutionSpace;
using MemSpace  = ExecSpace::memory_space;
/// Column-major (LayoutLeft) so that an (n × p) block is a PETSc dense matrix.
using DView1 = Kokkos::View<double *, Kokkos::LayoutLeft, MemSpace>;
using DView2 = Kokkos::View<double **, Kokkos::LayoutLeft, MemSpace>;
using CView1 = Kokkos::View<const double *, Kokkos::LayoutLeft, MemSpace>;
using CView2 = Kokkos::View<const double **, Kokkos::LayoutLeft, MemSpace>;
/// Host arrays viewed without copying (PETSc Vec/Mat storage).
using HostUView1 = Kokkos::View<double *, Kokkos::LayoutLeft, Kokkos::HostSpace,
                                Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
using HostUView2 = Kokkos::View<double **, Kokkos::LayoutLeft, Kokkos::HostSpace,
                                Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
} // namespace petnet

namespace petnet {
/// Kokkos math functions (sin, exp, tanh, ...) moved from Kokkos::Experimental (3.x)
/// to Kokkos (4.x); kernels call them as kmath::sin.
#if KOKKOS_VERSION >= 40000
namespace kmath = ::Kokkos;
#else
namespace kmath = ::Kokkos::Experimental;
#endif

/// Math functions that moved namespaces between Kokkos 3.x and 4.x.
KOKKOS_INLINE_FUNCTION double KTanh(double x) {
#if KOKKOS_VERSION >= 40000
  return Kokkos::tanh(x);
#else
  return Kokkos::Experimental::tanh(x);
#endif
}

/// tanh written with plain arithmetic so that loops over points vectorize on CPUs
/// (libm's tanh is a scalar call, ~3x slower and the largest cost of a forward
/// pass). tanh(x) = sign(x) (1 - 2/(e^{2|x|} + 1)) with e^y = 2^k e^r, |r| <= ln2/2,
/// e^r by its degree-12 Taylor polynomial. Absolute error <= 4e-16 (tested).
KOKKOS_INLINE_FUNCTION double FastTanh(double x) {
#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
  return KTanh(x);
#else
  const double  ax      = x < 0 ? -x : x;
  const double  y       = 2.0 * (ax < 20.0 ? ax : 20.0);
  const double  shifter = 0x1.8p52; // adding it rounds to an integer held in the low mantissa bits
  double        kd      = y * 1.4426950408889634 + shifter;
  std::uint64_t kb;
  __builtin_memcpy(&kb, &kd, sizeof kd);
  kd -= shifter;
  const double r         = (y - kd * 0.6931471805599453) - kd * 2.3190468138462996e-17;
  double       p         = 1.0 / 479001600.0;
  p                      = p * r + 1.0 / 39916800.0;
  p                      = p * r + 1.0 / 3628800.0;
  p                      = p * r + 1.0 / 362880.0;
  p                      = p * r + 1.0 / 40320.0;
  p                      = p * r + 1.0 / 5040.0;
  p                      = p * r + 1.0 / 720.0;
  p                      = p * r + 1.0 / 120.0;
  p                      = p * r + 1.0 / 24.0;
  p                      = p * r + 1.0 / 6.0;
  p                      = p * r + 0.5;
  p                      = p * r + 1.0;
  p                      = p * r + 1.0;
  const std::uint64_t eb = (kb + 1023u) << 52; // 2^k (the shifter's high bits fall off)
  double              two_k;
  __builtin_memcpy(&two_k, &eb, sizeof eb);
  const double t = 1.0 - 2.0 / (p * two_k + 1.0);
  return x < 0 ? -t : t;
#endif
}
} // namespace petnet
