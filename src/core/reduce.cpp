#include "core/reduce.hpp"

#include <vector>

namespace petnet {

namespace {
// Error-free transformations (Knuth TwoSum, FMA-based TwoProd).
inline void TwoSum(double a, double b, double &s, double &e) {
  s        = a + b;
  double z = s - a;
  e        = (a - (s - z)) + (b - z);
}
inline void AddDD(double &hi, double &lo, double x) { // (hi, lo) += x
  double s, e;
  TwoSum(hi, x, s, e);
  e += lo;
  TwoSum(s, e, hi, lo);
}
} // namespace

PetscErrorCode ReproducibleSumSquares(Vec r, double *sum) {
  const PetscScalar *a;
  PetscInt           n;
  MPI_Comm           comm;
  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetComm(reinterpret_cast<PetscObject>(r), &comm));
  PetscCall(VecGetLocalSize(r, &n));
  PetscCall(VecGetArrayRead(r, &a));
  double hi = 0, lo = 0;
  for (PetscInt i = 0; i < n; ++i) {
    const double p = a[i] * a[i], pe = __builtin_fma(a[i], a[i], -p); // exact square p + pe
    AddDD(hi, lo, p);
    AddDD(hi, lo, pe);
  }
  PetscCall(VecRestoreArrayRead(r, &a));
  const int           size = Size(comm);
  std::vector<double> all(2 * static_cast<size_t>(size));
  double              mine[2] = {hi, lo};
  PetscCallMPI(MPI_Allgather(mine, 2, MPI_DOUBLE, all.data(), 2, MPI_DOUBLE, comm));
  hi = lo = 0;
  for (int k = 0; k < size; ++k) {
    AddDD(hi, lo, all[2 * k]);
    AddDD(hi, lo, all[2 * k + 1]);
  }
  *sum = hi + lo;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
