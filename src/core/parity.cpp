#include "core/parity.hpp"

#include <sstream>
#include <string>

namespace petnet {

const char *ParityName(Parity p) {
  return p == Parity::Odd ? "odd" : p == Parity::Even ? "even" : "none";
}

PetscErrorCode ParseParity(MPI_Comm comm, const char *text, int d, std::vector<Parity> *parity) {
  PetscFunctionBeginUser;
  parity->clear();
  std::stringstream ss{std::string(text)};
  std::string       tok;
  while (std::getline(ss, tok, ',')) {
    if (tok == "none") parity->push_back(Parity::None);
    else if (tok == "even") parity->push_back(Parity::Even);
    else if (tok == "odd") parity->push_back(Parity::Odd);
    else
      SETERRQ(comm, PETSC_ERR_ARG_WRONG,
              "parity must be none, even or odd per coordinate, got '%s'", text);
  }
  PetscCheck(static_cast<int>(parity->size()) == d, comm, PETSC_ERR_ARG_SIZ,
             "parity '%s' has %zu entries, the problem has %d coordinates", text, parity->size(),
             d);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
