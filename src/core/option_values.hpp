#pragma once
/// \file option_values.hpp
/// Option values PETSc would take silently wrong: PetscInt is 32 bits here, and PETSc
/// truncates a larger integer to its low 32 bits (-sample_n_res 4294967356 becomes 60);
/// "nan" parses as a real and then passes every check written as "not below a bound".
///
///   - CheckOptionValues scans the whole options database once, before any option is
///     read, and refuses an integer value outside the 32-bit range (except for the
///     options named in `wide`, read as 64-bit) and a NaN value, naming the option;
///   - OptionsInt64 reads a 64-bit integer option (e.g. -seed) inside
///     PetscOptionsBegin/End, with its range checked.
#include "core/base.hpp"

#include <string>
#include <vector>

namespace petnet {

/// Largest -seed (seeds are 64-bit).
constexpr PetscInt64 kMaxSeed = 0x7fffffffffffffffLL;

/// Fails on the first option (not in `wide`, names without the dash) whose value is an
/// integer outside [PETSC_MIN_INT, PETSC_MAX_INT], or is NaN.
PetscErrorCode CheckOptionValues(MPI_Comm comm, const std::vector<std::string> &wide);

/// Parses text as a decimal integer in [lo, hi]; "" or why not.
std::string Int64Problem(const char *text, PetscInt64 lo, PetscInt64 hi, PetscInt64 *value);

/// Inside PetscOptionsBegin/End: option `name` as a 64-bit integer in [lo, hi]
/// (*value: default on entry). `Items` is the type of PETSc's PetscOptionsObject.
template <class Items>
PetscErrorCode OptionsInt64(Items PetscOptionsObject, MPI_Comm comm, const char *name,
                            const char *text, const char *man, PetscInt64 lo, PetscInt64 hi,
                            PetscInt64 *value) {
  char      buf[64];
  PetscBool set = PETSC_FALSE;
  PetscFunctionBeginUser;
  const std::string def = std::to_string(*value);
  PetscCall(PetscStrncpy(buf, def.c_str(), sizeof buf));
  PetscCall(PetscOptionsString(name, text, man, buf, buf, sizeof buf, &set));
  if (set) {
    const std::string why = Int64Problem(buf, lo, hi, value);
    PetscCheck(why.empty(), comm, PETSC_ERR_ARG_OUTOFRANGE, "%s %s: %s", name, buf, why.c_str());
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Inside PetscOptionsBegin/End: option `name`, a comma-separated list of reals (at most
/// 256), into *values (left as it is when the option is not given). Listed for -help as a
/// string whose default reads "none" (PetscOptionsRealArray would print its unset array).
template <class Items>
PetscErrorCode OptionsRealList(Items PetscOptionsObject, const char *name, const char *text,
                               const char *man, std::vector<double> *values, PetscBool *set) {
  char      shown[1024] = "none";
  PetscReal buf[256]    = {0};
  PetscInt  n           = 256;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsString(name, text, man, shown, shown, sizeof shown, set));
  if (*set) PetscCall(PetscOptionsGetRealArray(nullptr, nullptr, name, buf, &n, set));
  if (*set) values->assign(buf, buf + n);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
