#pragma once
/// \file errors.hpp
/// petnet's error handler: a failed run prints one line, "petnet: error: <what>",
/// instead of PETSc's traceback (-petnet_traceback restores the traceback).
#include "core/base.hpp"

namespace petnet {
PetscErrorCode PushErrorHandler();
}
