#include "core/session.hpp"
#include "core/log.hpp"

#include <Kokkos_Core.hpp>

#include <cstdlib>

// OpenBLAS threads each MPI rank by default: with several ranks per node that
// oversubscribes the cores (2 ranks on 2 cores ran 2.6x slower). Weak, so that any
// other BLAS links too.
extern "C" void openblas_set_num_threads(int) __attribute__((weak));

namespace petnet {

Session::Session(int *argc, char ***argv, const char *help) {
  Kokkos::initialize(*argc, *argv);
  ierr_ = PetscInitialize(argc, argv, nullptr, help);
  if (ierr_) return;
  ierr_ = RegisterLogging();
  ok_   = (ierr_ == 0);
  if (ok_ && Size(PETSC_COMM_WORLD) > 1 && !std::getenv("OPENBLAS_NUM_THREADS") &&
      !std::getenv("OMP_NUM_THREADS") && openblas_set_num_threads)
    openblas_set_num_threads(1);
}

Session::~Session() {
  if (ierr_ == 0 || ok_) (void)PetscFinalize();
  if (Kokkos::is_initialized()) Kokkos::finalize();
}

PetscBool HelpRequested() {
  PetscBool help = PETSC_FALSE;
  (void)PetscOptionsHasHelp(nullptr, &help);
  return help;
}

} // namespace petnet
