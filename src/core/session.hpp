#pragma once
/// \file session.hpp
/// Process-wide start-up and shut-down of PETSc, MPI and Kokkos (RAII).
///
/// Kokkos is initialised first so that it strips its own `--kokkos-*` arguments
/// before PETSc parses the command line; both are finalised in reverse order.
#include "core/base.hpp"

namespace petnet {

class Session {
public:
  /// Initialise Kokkos, then PETSc (which initialises MPI). `help` is PETSc's
  /// -help banner. Check ok() afterwards: a failed PetscInitialize leaves it false.
  Session(int *argc, char ***argv, const char *help);
  ~Session();
  Session(const Session &)                  = delete;
  Session       &operator=(const Session &) = delete;
  bool           ok() const { return ok_; }
  PetscErrorCode status() const { return ierr_; }

private:
  bool           ok_   = false;
  PetscErrorCode ierr_ = 0;
};

/// Registers petnet's log classes, events and stages (idempotent).
PetscErrorCode RegisterLogging();

/// True when -help was given (PETSc then prints every queried option).
PetscBool HelpRequested();

} // namespace petnet
