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

PetscErrorCode CheckUnusedOptions(MPI_Comm comm) {
  PetscInt n     = 0;
  char   **names = nullptr, **values = nullptr;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsLeftGet(nullptr, &n, &names, &values));
  // Options PETSc itself consumes late (at finalize) are not ours to judge.
  static const char *late[] = {"log_view",
                               "options_left",
                               "malloc_dump",
                               "memory_view",
                               "log_view_memory",
                               "objects_dump",
                               "check_pointer_intensity",
                               "log_trace",
                               "info",
                               "malloc_debug",
                               "fp_trap",
                               "no_signal_handler",
                               "on_error_abort",
                               nullptr};
  PetscInt           bad    = -1;
  for (PetscInt i = 0; i < n && bad < 0; ++i) {
    PetscBool is_late = PETSC_FALSE;
    for (const char **l = late; *l; ++l) {
      PetscBool match;
      PetscCall(PetscStrcmp(names[i], *l, &match));
      if (match) is_late = PETSC_TRUE;
    }
    if (!is_late) bad = i;
  }
  char name[256] = "", value[256] = "";
  if (bad >= 0) {
    PetscCall(PetscStrncpy(name, names[bad], sizeof(name)));
    if (values[bad]) PetscCall(PetscStrncpy(value, values[bad], sizeof(value)));
  }
  PetscCall(PetscOptionsLeftRestore(nullptr, &n, &names, &values));
  PetscCheck(bad < 0, comm, PETSC_ERR_ARG_WRONG,
             "unknown option -%s%s%s (misspelt, or not used by this problem/method; see -help)",
             name, value[0] ? " " : "", value);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
