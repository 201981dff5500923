#pragma once
/// \file choice.hpp
/// Options that choose one entry of a fixed list, as enums whose values index a table of
/// names:
///
///   enum class RadiusRule { Paper, Scipy };
///   const char *const kRadiusRuleNames[] = {"paper", "scipy"};
///
/// Names are compared exactly (case-sensitive), so a misspelt value is an error in
/// petnet's words (PETSc's PetscEListFind compares without case and words its own error).
/// FindChoice is the lookup; OptionsChoice reads an option with it and PetscOptionsEList
/// (so that -help lists the entries) and fails with one line,
/// "unknown -NAME VALUE[ for CONTEXT] (a, b, c)", on a value not in the list.
#include "core/base.hpp"

#include <cstring>
#include <string>
#include <vector>

namespace petnet {

/// *value = the enum whose name is `name`; false (value untouched) when none is.
template <class Enum>
bool FindChoice(const char *const *names, int n, const char *name, Enum *value) {
  for (int i = 0; i < n; ++i)
    if (std::strcmp(names[i], name) == 0) {
      *value = static_cast<Enum>(i);
      return true;
    }
  return false;
}
template <class Enum, int N>
bool FindChoice(const char *const (&names)[N], const char *name, Enum *value) {
  return FindChoice(names, N, name, value);
}

using Choices = std::vector<const char *>;

/// "a, b, c": the entries of `list`.
std::string JoinChoices(const Choices &list);

/// Index in `list` of the value of option `name` (no prefix); `*index` is the default on
/// entry and stays when the option is not set. Fails on a value not in `list`, naming
/// `context` when it is not empty.
PetscErrorCode CheckChoice(MPI_Comm comm, const char *name, const Choices &list, PetscInt *index,
                           const std::string &context = "");

/// Inside PetscOptionsBegin/End: CheckChoice, then PetscOptionsEList for -help. `Items` is
/// the type of PETSc's PetscOptionsObject (it differs between PETSc versions).
template <class Items>
PetscErrorCode OptionsChoice(Items PetscOptionsObject, MPI_Comm comm, const char *name,
                             const char *text, const char *man, const Choices &list,
                             PetscInt *index, const std::string &context = "") {
  PetscFunctionBeginUser;
  PetscCall(CheckChoice(comm, name, list, index, context));
  PetscCall(PetscOptionsEList(name, text, man, list.data(), static_cast<PetscInt>(list.size()),
                              list[*index], index, nullptr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// OptionsChoice for an enum whose values index `names`: *value is the default on entry.
template <class Items, class Enum, int N>
PetscErrorCode OptionsEnum(Items PetscOptionsObject, MPI_Comm comm, const char *name,
                           const char *text, const char *man, const char *const (&names)[N],
                           Enum *value) {
  PetscInt index = static_cast<PetscInt>(*value);
  PetscFunctionBeginUser;
  PetscCall(
      OptionsChoice(PetscOptionsObject, comm, name, text, man, Choices(names, names + N), &index));
  *value = static_cast<Enum>(index);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
