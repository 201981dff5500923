#include "linalg/least_squares_impl.hpp"

#include "linalg/lapack.hpp"

#include <algorithm>

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

namespace {
/// Rank r's block [*c0, *c1) of p columns split over size ranks (the first p % size get one more).
void ColumnBlock(PetscInt p, PetscInt size, PetscInt r, PetscInt *c0, PetscInt *c1) {
  const PetscInt base = p / size, rem = p % size;
  *c0 = r * base + std::min(r, rem);
  *c1 = *c0 + base + (r < rem ? 1 : 0);
}
} // namespace

void LSQLayout::ColumnRange(PetscInt *c0, PetscInt *c1) const {
  ColumnBlock(p, Size(comm), Rank(comm), c0, c1);
}

PetscErrorCode LSQLayout::GatherMatColumns(Mat A, std::vector<double> *block,
                                           PetscInt *n_total) const {
  const PetscScalar *a;
  PetscInt           lda, m, c0, c1;
  PetscFunctionBeginUser;
  PetscCall(MatGetLocalSize(A, &m, nullptr));
  const int        size = Size(comm), mi = static_cast<int>(m);
  std::vector<int> rows(size);
  PetscCallMPI(MPI_Allgather(&mi, 1, MPI_INT, rows.data(), 1, MPI_INT, comm));
  ColumnRange(&c0, &c1);
  const int        width = static_cast<int>(c1 - c0);
  std::vector<int> scnt(size), sdsp(size), rcnt(size), rdsp(size);
  // Send to rank s the local rows restricted to s's columns, row-major; receive from
  // rank r its rows restricted to ours, so that the blocks stack in rank (= row) order.
  std::vector<double> send(static_cast<size_t>(m) * p);
  PetscCall(MatDenseGetLDA(A, &lda));
  PetscCall(MatDenseGetArrayRead(A, &a));
  size_t   pos   = 0;
  PetscInt total = 0;
  for (int s = 0; s < size; ++s) {
    PetscInt s0, s1;
    ColumnBlock(p, size, s, &s0, &s1);
    sdsp[s] = static_cast<int>(pos);
    for (PetscInt i = 0; i < m; ++i)
      for (PetscInt j = s0; j < s1; ++j) send[pos++] = a[i + j * lda];
    scnt[s] = static_cast<int>(pos) - sdsp[s];
    rdsp[s] = static_cast<int>(total * width);
    rcnt[s] = rows[s] * width;
    total += rows[s];
  }
  PetscCall(MatDenseRestoreArrayRead(A, &a));
  const size_t start = block->size();
  block->resize(start + static_cast<size_t>(total) * width);
  PetscCallMPI(MPI_Alltoallv(send.data(), scnt.data(), sdsp.data(), MPI_DOUBLE,
                             block->data() + start, rcnt.data(), rdsp.data(), MPI_DOUBLE, comm));
  *n_total = total;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LSQLayout::ColumnGram(const std::vector<double> &block, PetscInt N,
                                     std::vector<double> *G) const {
  PetscInt c0, c1;
  PetscFunctionBeginUser;
  ColumnRange(&c0, &c1);
  const int    Ni = static_cast<int>(N), w = static_cast<int>(c1 - c0), ld = std::max(w, 1);
  const double one = 1.0, zero = 0.0;
  G->assign(static_cast<size_t>(Ni) * Ni, 0.0);
  // block read column-major is Kᵀ restricted to our columns (w × N): K Kᵀ = (Kᵀ)ᵀ Kᵀ
  if (Ni > 0) BLASsyrk_("L", "T", &Ni, &w, &one, block.data(), &ld, &zero, G->data(), &Ni);
  if (Size(comm) == 1) PetscFunctionReturn(PETSC_SUCCESS);
  std::vector<double> tri(static_cast<size_t>(Ni) * (Ni + 1) / 2);
  size_t              k = 0;
  for (int j = 0; j < Ni; ++j)
    for (int i = j; i < Ni; ++i) tri[k++] = (*G)[i + static_cast<size_t>(j) * Ni];
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, tri.data(), static_cast<int>(tri.size()), MPI_DOUBLE,
                             MPI_SUM, comm));
  k = 0;
  for (int j = 0; j < Ni; ++j)
    for (int i = j; i < Ni; ++i) (*G)[i + static_cast<size_t>(j) * Ni] = tri[k++];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode LSQLayout::ColumnTransposeMult(const std::vector<double> &block, PetscInt N,
                                              const double *y, double *x) const {
  PetscInt c0, c1;
  PetscFunctionBeginUser;
  ColumnRange(&c0, &c1);
  const int Ni = static_cast<int>(N), w = static_cast<int>(c1 - c0), ld = std::max(w, 1), inc = 1;
  const double one = 1.0, zero = 0.0;
  if (w > 0) BLASgemv_("N", &w, &Ni, &one, block.data(), &ld, y, &inc, &zero, x + c0, &inc);
  const int size = Size(comm);
  if (size == 1) PetscFunctionReturn(PETSC_SUCCESS);
  std::vector<int> cnt(size), dsp(size);
  for (int s = 0; s < size; ++s) {
    PetscInt s0, s1;
    ColumnBlock(p, size, s, &s0, &s1);
    dsp[s] = static_cast<int>(s0);
    cnt[s] = static_cast<int>(s1 - s0);
  }
  PetscCallMPI(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, x, cnt.data(), dsp.data(),
                              MPI_DOUBLE, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
