#include "core/errors.hpp"

#include <cstdio>

namespace petnet {

static PetscErrorCode OneLineHandler(MPI_Comm comm, int line, const char *fun, const char *file,
                                     PetscErrorCode n, PetscErrorType p, const char *mess,
                                     void *ctx) {
  (void)ctx;
  if (p == PETSC_ERROR_INITIAL) {
    int rank = 0;
    if (comm != MPI_COMM_NULL) MPI_Comm_rank(comm, &rank);
    if (rank == 0) {
      if (mess && mess[0]) std::fprintf(stderr, "petnet: error: %s\n", mess);
      else {
        const char *text = nullptr;
        PetscErrorMessage(n, &text, nullptr);
        std::fprintf(stderr, "petnet: error: %s (in %s at %s:%d)\n", text ? text : "unknown", fun,
                     file, line);
      }
      std::fflush(stderr);
    }
  }
  return n;
}

PetscErrorCode PushErrorHandler() {
  PetscBool trace = PETSC_FALSE;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetBool(nullptr, nullptr, "-petnet_traceback", &trace, nullptr));
  if (!trace) PetscCall(PetscPushErrorHandler(OneLineHandler, nullptr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
