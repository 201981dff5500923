#include "linalg/kokkos_petsc.hpp"

#include <petsc/private/petscimpl.h> // PetscObjectStateIncrease

namespace petnet {

PetscErrorCode CreateDenseFromView(MPI_Comm comm, DView2 J, Mat *A) {
  const PetscInt m = static_cast<PetscInt>(J.extent(0)), p = static_cast<PetscInt>(J.extent(1));
  PetscFunctionBeginUser;
  PetscCall(MatCreate(comm, A));
  PetscCall(MatSetSizes(*A, m, PETSC_DECIDE, PETSC_DETERMINE, p));
  PetscCall(MatSetType(*A, MATDENSE));
  if (kHostAccessible) {
    // The block is column-major with leading dimension J.stride(1) (padded so that
    // columns start on cache lines).
    PetscCall(MatSeqDenseSetPreallocation(*A, J.data()));
    PetscCall(MatMPIDenseSetPreallocation(*A, J.data()));
    PetscCall(MatDenseSetLDA(*A, static_cast<PetscInt>(J.stride(1))));
  } else {
    PetscCall(MatSeqDenseSetPreallocation(*A, nullptr));
    PetscCall(MatMPIDenseSetPreallocation(*A, nullptr));
    PetscCall(SyncDenseFromView(J, *A));
  }
  PetscCall(MatAssemblyBegin(*A, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(*A, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SyncDenseFromView(DView2 J, Mat A) {
  PetscFunctionBeginUser;
  if (!kHostAccessible) {
    PetscScalar *a;
    PetscInt     lda;
    PetscCall(MatDenseGetLDA(A, &lda));
    PetscCall(MatDenseGetArrayWrite(A, &a));
    auto h = Kokkos::create_mirror_view(J);
    Kokkos::deep_copy(h, J);
    for (size_t j = 0; j < J.extent(1); ++j)
      for (size_t i = 0; i < J.extent(0); ++i) a[i + j * lda] = h(i, j);
    PetscCall(MatDenseRestoreArrayWrite(A, &a));
  }
  PetscCall(PetscObjectStateIncrease(reinterpret_cast<PetscObject>(A)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode VecToView(Vec v, DView1 out) {
  const PetscScalar *a;
  PetscInt           n;
  PetscFunctionBeginUser;
  PetscCall(VecGetLocalSize(v, &n));
  PetscCheck(n == static_cast<PetscInt>(out.extent(0)), PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "vector has %" PetscInt_FMT " local entries, view %zu", n, out.extent(0));
  PetscCall(VecGetArrayRead(v, &a));
  Kokkos::deep_copy(out, Kokkos::View<const double *, Kokkos::LayoutLeft, Kokkos::HostSpace,
                                      Kokkos::MemoryTraits<Kokkos::Unmanaged>>(a, n));
  PetscCall(VecRestoreArrayRead(v, &a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ViewToVec(DView1 in, Vec v) {
  PetscScalar *a;
  PetscInt     n;
  PetscFunctionBeginUser;
  PetscCall(VecGetLocalSize(v, &n));
  PetscCheck(n == static_cast<PetscInt>(in.extent(0)), PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "vector has %" PetscInt_FMT " local entries, view %zu", n, in.extent(0));
  PetscCall(VecGetArrayWrite(v, &a));
  Kokkos::deep_copy(HostUView1(a, n), in);
  PetscCall(VecRestoreArrayWrite(v, &a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
