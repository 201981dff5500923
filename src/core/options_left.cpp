#include "core/options_left.hpp"

#include <algorithm>

namespace petnet {

namespace {

std::vector<std::string> &Prefixes() {
  static std::vector<std::string> prefixes;
  return prefixes;
}

/// Global options PETSc reads by itself late (at PetscFinalize) or outside any component.
bool ReadByPetscLate(const char *name) {
  static const char *late[] = {"log_view",
                               "log_view_memory",
                               "log_all",
                               "log_trace",
                               "options_left",
                               "options_view",
                               "options_monitor",
                               "malloc_dump",
                               "malloc_view",
                               "malloc_debug",
                               "memory_view",
                               "objects_dump",
                               "check_pointer_intensity",
                               "info",
                               "fp_trap",
                               "no_signal_handler",
                               "on_error_abort",
                               nullptr};
  for (const char **l = late; *l; ++l)
    if (std::string(name) == *l) return true;
  return false;
}

bool UnderObjectPrefix(const char *name) {
  const std::string n(name);
  for (const std::string &p : Prefixes())
    if (n.compare(0, p.size(), p) == 0 && n.size() > p.size()) return true;
  return false;
}

/// The unused options (names without the dash, values or ""), those PETSc reads late
/// left out; with objects = false, those under a registered object prefix too.
PetscErrorCode Unused(bool objects, std::vector<std::pair<std::string, std::string>> *list) {
  PetscInt n     = 0;
  char   **names = nullptr, **values = nullptr;
  PetscFunctionBeginUser;
  list->clear();
  PetscCall(PetscOptionsLeftGet(nullptr, &n, &names, &values));
  for (PetscInt i = 0; i < n; ++i) {
    if (ReadByPetscLate(names[i]) || (!objects && UnderObjectPrefix(names[i]))) continue;
    list->emplace_back(names[i], values[i] ? values[i] : "");
  }
  PetscCall(PetscOptionsLeftRestore(nullptr, &n, &names, &values));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

void RegisterObjectPrefix(const std::string &prefix, std::initializer_list<const char *> kinds) {
  for (const char *k : kinds) {
    const std::string p = prefix + k;
    if (std::find(Prefixes().begin(), Prefixes().end(), p) == Prefixes().end())
      Prefixes().push_back(p);
  }
}

PetscErrorCode CheckUnusedOptions(MPI_Comm comm) {
  std::vector<std::pair<std::string, std::string>> bad;
  PetscFunctionBeginUser;
  PetscCall(Unused(false, &bad));
  PetscCheck(bad.empty(), comm, PETSC_ERR_ARG_WRONG,
             "unknown option -%s%s%s (misspelt, or not used by this problem/method; see -help)",
             bad.empty() ? "" : bad[0].first.c_str(),
             bad.empty() || bad[0].second.empty() ? "" : " ",
             bad.empty() ? "" : bad[0].second.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ReportUnusedOptions(MPI_Comm comm, PetscInt *count) {
  std::vector<std::pair<std::string, std::string>> left;
  PetscFunctionBeginUser;
  PetscCall(Unused(true, &left));
  for (const auto &o : left)
    PetscCall(PetscPrintf(comm, "petnet: warning: option -%s%s%s was never used\n", o.first.c_str(),
                          o.second.empty() ? "" : " ", o.second.c_str()));
  if (count) *count = static_cast<PetscInt>(left.size());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
