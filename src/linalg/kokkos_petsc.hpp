#pragma once
/// \file kokkos_petsc.hpp
/// The PETSc–Kokkos bridge; nothing else mixes the two.
///   - a Kokkos (n_local × p, LayoutLeft) Jacobian block becomes a PETSc MPIDENSE
///     matrix without a copy when Kokkos memory is host-accessible (Serial, OpenMP);
///     on a GPU build the block is mirrored to the host first;
///   - PETSc vectors are read/written through host views.
#include "core/base.hpp"
#include "core/kokkos_types.hpp"

#include <petscmat.h>

namespace petnet {

/// True when the default Kokkos memory space can be handed to PETSc's host matrices.
constexpr bool kHostAccessible =
    Kokkos::SpaceAccessibility<Kokkos::HostSpace, MemSpace>::accessible;

/// Create an MPIDENSE matrix (rows distributed like J's local block, p global
/// columns) over the data of J (host-accessible case) or over `host_mirror`.
PetscErrorCode CreateDenseFromView(MPI_Comm comm, DView2 J, Mat *A);
/// Make A's values current after J was recomputed (copies on GPU builds only).
PetscErrorCode SyncDenseFromView(DView2 J, Mat A);

/// Copy a local PETSc vector segment into a device view (and back).
PetscErrorCode VecToView(Vec v, DView1 out);
PetscErrorCode ViewToVec(DView1 in, Vec v);

} // namespace petnet
