#pragma once
/// \file kokkos_types.hpp
/// View types shared by the network kernels and the PETSc bridge.
#include <Kokkos_Core.hpp>

namespace petnet {
using ExecSpace = Kokkos::DefaultExecutionSpace;
using MemSpace  = ExecSpace::memory_space;
/// Column-major (LayoutLeft) so that an (n × p) block is a PETSc dense matrix.
using DView1 = Kokkos::View<double *, Kokkos::LayoutLeft, MemSpace>;
using DView2 = Kokkos::View<double **, Kokkos::LayoutLeft, MemSpace>;
using CView1 = Kokkos::View<const double *, Kokkos::LayoutLeft, MemSpace>;
using CView2 = Kokkos::View<const double **, Kokkos::LayoutLeft, MemSpace>;
/// Host arrays viewed without copying (PETSc Vec/Mat storage).
using HostUView1 = Kokkos::View<double *, Kokkos::LayoutLeft, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
using HostUView2 = Kokkos::View<double **, Kokkos::LayoutLeft, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
} // namespace petnet

namespace petnet {
/// Math functions that moved namespaces between Kokkos 3.x and 4.x.
KOKKOS_INLINE_FUNCTION double KTanh(double x) {
#if KOKKOS_VERSION >= 40000
  return Kokkos::tanh(x);
#else
  return Kokkos::Experimental::tanh(x);
#endif
}
} // namespace petnet
