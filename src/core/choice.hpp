#pragma once
/// \file choice.hpp
/// Option choices as enums: an enum class whose values index a table of names,
///
///   enum class RadiusRule { Paper, Scipy };
///   const char *const kRadiusRuleNames[] = {"paper", "scipy"};
///
/// FindChoice maps a name to its enum value by exact (case-sensitive) comparison, so a
/// caller keeps its own error message for a name that is not in the table (PETSc's
/// PetscEListFind compares without case and words its own error).
#include "core/base.hpp"

#include <cstring>

namespace petnet {

/// *value = the enum whose name is `name`; false (value untouched) when none is.
template <class Enum, int N>
bool FindChoice(const char *const (&names)[N], const char *name, Enum *value) {
  for (int i = 0; i < N; ++i)
    if (std::strcmp(names[i], name) == 0) {
      *value = static_cast<Enum>(i);
      return true;
    }
  return false;
}

} // namespace petnet
