#include "core/continuation.hpp"

#include <cmath>
#include <cstdio>

namespace petnet {

bool ContinuationParameter::Admissible(double v) const {
  const bool lo_ok = lower_open ? v > lower : v >= lower;
  const bool hi_ok = upper_open ? v < upper : v <= upper;
  return lo_ok && hi_ok;
}

namespace {

/// "> 0", ">= 0", "in [0, 1]", "(0, 1)" … for the error messages.
void RangeText(const ContinuationParameter &c, char *buf, size_t n) {
  const bool has_lo = std::isfinite(c.lower), has_hi = std::isfinite(c.upper);
  if (has_lo && has_hi)
    std::snprintf(buf, n, "in %s%g, %g%s", c.lower_open ? "(" : "[", c.lower, c.upper,
                  c.upper_open ? ")" : "]");
  else if (has_lo) std::snprintf(buf, n, "%s %g", c.lower_open ? ">" : ">=", c.lower);
  else if (has_hi) std::snprintf(buf, n, "%s %g", c.upper_open ? "<" : "<=", c.upper);
  else std::snprintf(buf, n, "finite");
}

} // namespace

PetscErrorCode ContinuationParameter::CheckStart(MPI_Comm comm, const char *opt,
                                                 double start) const {
  char range[96];
  PetscFunctionBeginUser;
  RangeText(*this, range, sizeof range);
  PetscCheck(std::isfinite(start) && std::isfinite(target), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "non-finite %s", name.c_str());
  PetscCheck(Admissible(target), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "the target %s = %g is not admissible: %s must be %s", name.c_str(), target,
             name.c_str(), range);
  PetscCheck(Admissible(start), comm, PETSC_ERR_ARG_OUTOFRANGE, "%s must be %s, got %g", opt, range,
             start);
  PetscCheck(easy != kLarger || start >= target, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s = %g is below the final %s = %g: the homotopy runs from an easy (larger) %s down "
             "to the target",
             opt, start, name.c_str(), target, name.c_str());
  PetscCheck(easy != kSmaller || start <= target, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s = %g is above the final %s = %g: the homotopy runs from an easy (smaller) %s up "
             "to the target",
             opt, start, name.c_str(), target, name.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
