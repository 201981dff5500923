#include "core/choice.hpp"

namespace petnet {

std::string JoinChoices(const Choices &list) {
  std::string s;
  for (const char *c : list) s += (s.empty() ? "" : ", ") + std::string(c);
  return s;
}

PetscErrorCode CheckChoice(MPI_Comm comm, const char *name, const Choices &list, PetscInt *index,
                           const std::string &context) {
  char      value[256] = "";
  PetscBool set        = PETSC_FALSE;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetString(nullptr, nullptr, name, value, sizeof value, &set));
  if (!set) PetscFunctionReturn(PETSC_SUCCESS);
  if (FindChoice(list.data(), static_cast<int>(list.size()), value, index))
    PetscFunctionReturn(PETSC_SUCCESS);
  const std::string where = context.empty() ? "" : " for " + context;
  SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown %s %s%s (%s)", name, value, where.c_str(),
          JoinChoices(list).c_str());
}

} // namespace petnet
