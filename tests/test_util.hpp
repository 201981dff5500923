#pragma once
// Helpers shared by the unit tests.
#include "core/base.hpp" // petscsys.h, or core/petsc_compat.hpp in the kernels-only build

#ifndef PETNET_KERNELS_ONLY
#include <petscvec.h>
#endif
#include <cmath>
#include <utility>
#include <vector>

namespace petnet_test {
#ifndef PETNET_KERNELS_ONLY
/// Option name/value pairs.
using OptionList = std::vector<std::pair<const char *, const char *>>;

/// Options set in the global database for one test and removed again afterwards.
struct ScopedOptions {
  OptionList kv;
  explicit ScopedOptions(OptionList v) : kv(std::move(v)) {
    for (auto &p : kv) PetscOptionsSetValue(nullptr, p.first, p.second);
  }
  ~ScopedOptions() {
    for (auto &p : kv) PetscOptionsClearValue(nullptr, p.first);
  }
};

/// Every entry of a distributed Vec, on every rank (collective).
inline std::vector<double> Gather(Vec v) {
  Vec        all;
  VecScatter sc;
  VecScatterCreateToAll(v, &sc, &all);
  VecScatterBegin(sc, v, all, INSERT_VALUES, SCATTER_FORWARD);
  VecScatterEnd(sc, v, all, INSERT_VALUES, SCATTER_FORWARD);
  PetscInt           n;
  const PetscScalar *a;
  VecGetSize(all, &n);
  VecGetArrayRead(all, &a);
  std::vector<double> out(a, a + n);
  VecRestoreArrayRead(all, &a);
  VecScatterDestroy(&sc);
  VecDestroy(&all);
  return out;
}
#endif

/// ‖a − b‖ / ‖b‖.
inline double RelErr(const std::vector<double> &a, const std::vector<double> &b) {
  double num = 0, den = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    num += (a[i] - b[i]) * (a[i] - b[i]);
    den += b[i] * b[i];
  }
  return std::sqrt(num / den);
}
} // namespace petnet_test
