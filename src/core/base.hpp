#pragma once
/// \file base.hpp
/// Common includes and compatibility shims for every petnet translation unit.
#ifdef PETNET_KERNELS_ONLY // the kernels without PETSc/MPI (CMake option of that name)
#include "core/petsc_compat.hpp"
#else
#include <petscsys.h>
#endif

#ifndef PETSC_SUCCESS // added in PETSc 3.19; Debian 12 ships 3.18
#define PETSC_SUCCESS 0
#endif

namespace petnet {
/// Rank of this process in comm (0 on failure; only used for printing decisions).
inline int Rank(MPI_Comm comm) {
  int r = 0;
  MPI_Comm_rank(comm, &r);
  return r;
}
inline int Size(MPI_Comm comm) {
  int s = 1;
  MPI_Comm_size(comm, &s);
  return s;
}
} // namespace petnet
