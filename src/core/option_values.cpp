#include "core/option_values.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace petnet {

namespace {

/// True if text is [+-]digits (an integer literal, whatever its size).
bool IsIntegerLiteral(const char *text) {
  const char *p = text + (text[0] == '+' || text[0] == '-');
  if (!*p) return false;
  for (; *p; ++p)
    if (*p < '0' || *p > '9') return false;
  return true;
}

bool IsNaN(const char *text) {
  const char *p = text + (text[0] == '+' || text[0] == '-');
  return (p[0] == 'n' || p[0] == 'N') && (p[1] == 'a' || p[1] == 'A') &&
         (p[2] == 'n' || p[2] == 'N') && (p[3] == '\0' || p[3] == '(');
}

} // namespace

std::string Int64Problem(const char *text, PetscInt64 lo, PetscInt64 hi, PetscInt64 *value) {
  if (!IsIntegerLiteral(text)) return "not an integer";
  errno             = 0;
  const long long v = std::strtoll(text, nullptr, 10);
  if (errno == ERANGE || v < lo || v > hi)
    return "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  *value = v;
  return "";
}

PetscErrorCode CheckOptionValues(MPI_Comm comm, const std::vector<std::string> &wide) {
  PetscInt n     = 0;
  char   **names = nullptr, **values = nullptr;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsLeftGet(nullptr, &n, &names, &values));
  std::string bad;
  for (PetscInt i = 0; i < n && bad.empty(); ++i) {
    const char *v = values[i];
    if (!v || std::find(wide.begin(), wide.end(), names[i]) != wide.end()) continue;
    if (IsNaN(v)) bad = "-" + std::string(names[i]) + " " + v + ": not a number";
    else if (IsIntegerLiteral(v)) {
      errno             = 0;
      const long long x = std::strtoll(v, nullptr, 10);
      if (errno == ERANGE || x > PETSC_MAX_INT || x < PETSC_MIN_INT)
        bad = "-" + std::string(names[i]) + " " + v + ": out of range (integer options hold " +
              std::to_string(PETSC_MIN_INT) + " .. " + std::to_string(PETSC_MAX_INT) + ")";
    }
  }
  PetscCall(PetscOptionsLeftRestore(nullptr, &n, &names, &values));
  PetscCheck(bad.empty(), comm, PETSC_ERR_ARG_OUTOFRANGE, "%s", bad.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
