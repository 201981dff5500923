#include "core/solver_state.hpp"

#include <cmath>

namespace petnet {

PetscErrorCode SolverState::Get(MPI_Comm comm, const std::string &key, std::vector<double> *v,
                                size_t expected) const {
  PetscFunctionBeginUser;
  auto it = data_.find(key);
  PetscCheck(it != data_.end(), comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint state has no entry '%s'", key.c_str());
  PetscCheck(expected == 0 || it->second.size() == expected, comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint entry '%s' has %zu values, expected %zu", key.c_str(), it->second.size(),
             expected);
  *v = it->second;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SolverState::Get(MPI_Comm comm, const std::string &key, double *v) const {
  std::vector<double> a;
  PetscFunctionBeginUser;
  PetscCall(Get(comm, key, &a, 1));
  *v = a[0];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SolverState::Get(MPI_Comm comm, const std::string &key, PetscInt *v) const {
  double d;
  PetscFunctionBeginUser;
  PetscCall(Get(comm, key, &d));
  PetscCheck(d >= 0 && d == std::floor(d), comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint entry '%s' = %g is not a count", key.c_str(), d);
  *v = static_cast<PetscInt>(d);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SolverState::PutState(const std::string &prefix, const SolverState &inner) {
  for (auto &kv : inner.data_) data_[prefix + "/" + kv.first] = kv.second;
}

std::unique_ptr<SolverState> SolverState::Sub(const std::string &prefix) const {
  const std::string            p = prefix + "/";
  std::unique_ptr<SolverState> s;
  for (auto &kv : data_)
    if (kv.first.compare(0, p.size(), p) == 0) {
      if (!s) s = std::make_unique<SolverState>();
      s->data_[kv.first.substr(p.size())] = kv.second;
    }
  return s;
}

PetscErrorCode NestedKeeper::Step(const StateCapture &capture) {
  PetscFunctionBeginUser;
  PetscCall(outer_->Step([&](SolverState *s) -> PetscErrorCode {
    SolverState inner;
    PetscFunctionBeginUser;
    PetscCall(outer_capture_(s));
    PetscCall(capture(&inner));
    s->PutState(prefix_, inner);
    PetscFunctionReturn(PETSC_SUCCESS);
  }));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
