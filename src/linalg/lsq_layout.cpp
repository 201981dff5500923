#include "linalg/least_squares_impl.hpp"

#include "linalg/lapack.hpp"

namespace petnet {

PetscErrorCode LeastSquaresImpl::SetFromOptions(MPI_Comm, const std::string &) {
  PetscFunctionBeginUser;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LSQLayout::Set(MPI_Comm c, JacobianSource &jac) {
  PetscFunctionBeginUser;
  comm           = c;
  p              = jac.NumParams();
  n_local        = jac.LocalRows();
  const int size = Size(comm);
  counts.assign(size, 0);
  displs.assign(size, 0);
  int nl = static_cast<int>(n_local);
  PetscCallMPI(MPI_Allgather(&nl, 1, MPI_INT, counts.data(), 1, MPI_INT, comm));
  n = 0;
  for (int r = 0; r < size; ++r) {
    displs[r] = static_cast<int>(n);
    n += counts[r];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LSQLayout::GatherRows(Vec b, std::vector<double> *all) const {
  const PetscScalar *a;
  PetscFunctionBeginUser;
  all->resize(n);
  PetscCall(VecGetArrayRead(b, &a));
  PetscCallMPI(MPI_Allgatherv(a, counts[Rank(comm)], MPI_DOUBLE, all->data(), counts.data(),
                              displs.data(), MPI_DOUBLE, comm));
  PetscCall(VecRestoreArrayRead(b, &a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LSQLayout::GatherMatRows(Mat A, std::vector<double> *rows, PetscInt *n_total) const {
  const PetscScalar *a;
  PetscInt           lda, m;
  PetscFunctionBeginUser;
  PetscCall(MatGetLocalSize(A, &m, nullptr));
  const int        size = Size(comm), mi = static_cast<int>(m);
  std::vector<int> cnt(size), dsp(size);
  PetscCallMPI(MPI_Allgather(&mi, 1, MPI_INT, cnt.data(), 1, MPI_INT, comm));
  PetscInt total = 0;
  for (int r = 0; r < size; ++r) {
    dsp[r] = static_cast<int>(total * p);
    total += cnt[r];
    cnt[r] *= static_cast<int>(p);
  }
  std::vector<double> local(static_cast<size_t>(m) * p);
  PetscCall(MatDenseGetLDA(A, &lda));
  PetscCall(MatDenseGetArrayRead(A, &a));
  for (PetscInt i = 0; i < m; ++i)
    for (PetscInt j = 0; j < p; ++j) local[i * p + j] = a[i + j * lda];
  PetscCall(MatDenseRestoreArrayRead(A, &a));
  rows->resize(static_cast<size_t>(total) * p);
  PetscCallMPI(MPI_Allgatherv(local.data(), static_cast<int>(local.size()), MPI_DOUBLE,
                              rows->data(), cnt.data(), dsp.data(), MPI_DOUBLE, comm));
  *n_total = total;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LSQLayout::LocalGram(Mat A, std::vector<double> *G) const {
  const PetscScalar *a;
  PetscInt           lda, m;
  PetscFunctionBeginUser;
  const int           pi  = static_cast<int>(p);
  const double        one = 1.0, zero = 0.0;
  std::vector<double> loc(static_cast<size_t>(pi) * pi, 0.0);
  PetscCall(MatGetLocalSize(A, &m, nullptr));
  PetscCall(MatDenseGetLDA(A, &lda));
  PetscCall(MatDenseGetArrayRead(A, &a));
  const int mi = static_cast<int>(m), ldai = static_cast<int>(lda);
  if (mi > 0)
    BLASsyrk_("L", "T", &pi, &mi, &one, a, &ldai, &zero, loc.data(),
              &pi); // (local rows)ᵀ(local rows)
  PetscCall(MatDenseRestoreArrayRead(A, &a));
  G->assign(loc.size(), 0.0);
  PetscCallMPI(MPI_Allreduce(loc.data(), G->data(), static_cast<int>(loc.size()), MPI_DOUBLE,
                             MPI_SUM, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
