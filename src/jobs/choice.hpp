#pragma once
/// \file choice.hpp
/// Options that choose one entry of a fixed list (-method, -data_misfit, -ritz_init, …):
/// read with PetscOptionsEList, so -help lists the entries, after checking the value
/// against the list ourselves, so that an unknown value fails with one line in petnet's
/// words: "unknown -NAME VALUE[ for CONTEXT] (a, b, c)" (PetscOptionsEList would also
/// accept other letter cases).
#include "core/base.hpp"

#include <string>
#include <vector>

namespace petnet {

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

} // namespace petnet
