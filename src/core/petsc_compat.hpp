#pragma once
/// \file petsc_compat.hpp
/// The few PETSc and MPI names that the network kernels (nn/, core/parity) use, for the
/// kernels-only build (CMake option PETNET_KERNELS_ONLY): it compiles the kernels, their
/// tests and the GPU benchmark on a machine with a C++/CUDA compiler and Kokkos but no
/// PETSc, MPI or HDF5. The normal build never includes this header (core/base.hpp takes
/// petscsys.h then).
///
/// PetscInt is 32-bit, as in the default PETSc build; an error check prints its message
/// on stderr (one line, unless an error handler that returns quietly is pushed) and
/// returns its error code, as PetscCheck does after the handler ran; log events are
/// no-ops; there is one process (MPI_Comm is a placeholder, rank 0 of size 1).
#include <cstdarg>
#include <cstdio>

using PetscInt       = int;
using PetscErrorCode = int;
using PetscClassId   = int;
using PetscLogEvent  = int;
using PetscLogStage  = int;
using MPI_Comm       = int;

#define PETSC_COMM_SELF 0
#define PETSC_COMM_WORLD 0
#define PETSC_SUCCESS 0
#define PETSC_MAX_INT 2147483647
// The codes of petscerror.h that the kernels' checks return.
#define PETSC_ERR_ARG_SIZ 60
#define PETSC_ERR_ARG_WRONG 62
#define PETSC_ERR_ARG_OUTOFRANGE 63

namespace petnet::compat {
/// Depth of pushed quiet handlers (PetscPushErrorHandler(PetscReturnErrorHandler)).
inline int &QuietDepth() {
  static int depth = 0;
  return depth;
}
/// Prints "petnet: <message>" unless quiet, and returns code.
__attribute__((format(printf, 2, 3))) inline PetscErrorCode Error(PetscErrorCode code,
                                                                  const char    *fmt, ...) {
  if (QuietDepth() == 0) {
    va_list args;
    va_start(args, fmt);
    std::fputs("petnet: ", stderr);
    std::vfprintf(stderr, fmt, args);
    std::fputc('\n', stderr);
    va_end(args);
  }
  return code;
}
} // namespace petnet::compat

#define PetscFunctionBeginUser                                                                     \
  do {                                                                                             \
  } while (0)
#define PetscFunctionReturn(code) return (code)
#define PetscCall(...)                                                                             \
  do {                                                                                             \
    const PetscErrorCode ierr_ = (__VA_ARGS__);                                                    \
    if (ierr_) return ierr_;                                                                       \
  } while (0)
#define PetscCheck(cond, comm, code, ...)                                                          \
  do {                                                                                             \
    (void)(comm);                                                                                  \
    if (!(cond)) return petnet::compat::Error(code, __VA_ARGS__);                                  \
  } while (0)
#define SETERRQ(comm, code, ...) return ((void)(comm), petnet::compat::Error(code, __VA_ARGS__))
#define PetscLogEventBegin(e, o1, o2, o3, o4) ((void)0)
#define PetscLogEventEnd(e, o1, o2, o3, o4) ((void)0)

/// Only the quiet handler exists: pushing it silences the checks' messages.
#define PetscReturnErrorHandler nullptr
inline PetscErrorCode PetscPushErrorHandler(void *, void *) {
  ++petnet::compat::QuietDepth();
  return PETSC_SUCCESS;
}
inline PetscErrorCode PetscPopErrorHandler() {
  --petnet::compat::QuietDepth();
  return PETSC_SUCCESS;
}
inline int MPI_Comm_rank(MPI_Comm, int *rank) {
  *rank = 0;
  return 0;
}
inline int MPI_Comm_size(MPI_Comm, int *size) {
  *size = 1;
  return 0;
}
