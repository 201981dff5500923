#include "linalg/matrix_free_jacobian.hpp"

#include "linalg/kokkos_petsc.hpp"

#include <petsc/private/petscimpl.h> // PetscObjectStateIncrease

namespace petnet {

MatrixFreeJacobian::~MatrixFreeJacobian() {
  MatDestroy(&shell_);
  VecScatterDestroy(&gather_);
  VecDestroy(&col_all_);
}

PetscErrorCode MatrixFreeJacobian::Setup(MPI_Comm comm, PetscInt n_local, PetscInt p,
                                         JacVecFn jacvec, JacTVecFn jactvec) {
  PetscFunctionBeginUser;
  PetscCheck(!shell_, comm, PETSC_ERR_ARG_WRONGSTATE, "MatrixFreeJacobian::Setup called twice");
  jacvec_  = std::move(jacvec);
  jactvec_ = std::move(jactvec);
  v_       = DView1("petnet::mfj::v", p);
  y_       = DView1("petnet::mfj::y", n_local);
  g_.resize(p);
  PetscInt pcols = PETSC_DECIDE, pN = p;
  PetscCall(PetscSplitOwnership(comm, &pcols, &pN));
  PetscCall(MatCreateShell(comm, n_local, pcols, PETSC_DETERMINE, p, this, &shell_));
  PetscCall(MatShellSetOperation(shell_, MATOP_MULT, (void (*)(void))Mult));
  PetscCall(MatShellSetOperation(shell_, MATOP_MULT_TRANSPOSE, (void (*)(void))MultTranspose));
  Vec xcol;
  PetscCall(MatCreateVecs(shell_, &xcol, nullptr));
  PetscCall(VecScatterCreateToAll(xcol, &gather_, &col_all_));
  PetscCall(VecDestroy(&xcol));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MatrixFreeJacobian::Operator(Mat *A) {
  PetscFunctionBeginUser;
  PetscCheck(shell_, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "MatrixFreeJacobian used before Setup");
  PetscCall(PetscObjectStateIncrease(reinterpret_cast<PetscObject>(shell_)));
  *A = shell_;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MatrixFreeJacobian::Mult(Mat A, Vec x, Vec y) {
  MatrixFreeJacobian *self;
  const PetscScalar  *a;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &self));
  PetscCall(VecScatterBegin(self->gather_, x, self->col_all_, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(self->gather_, x, self->col_all_, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(self->col_all_, &a));
  Kokkos::deep_copy(self->v_,
                    Kokkos::View<const double *, Kokkos::LayoutLeft, Kokkos::HostSpace,
                                 Kokkos::MemoryTraits<Kokkos::Unmanaged>>(a, self->v_.extent(0)));
  PetscCall(VecRestoreArrayRead(self->col_all_, &a));
  self->jacvec_(self->v_, self->y_);
  PetscCall(ViewToVec(self->y_, y));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MatrixFreeJacobian::MultTranspose(Mat A, Vec x, Vec y) {
  MatrixFreeJacobian *self;
  PetscInt            lo, hi;
  PetscScalar        *ya;
  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(A, &self));
  PetscCall(self->jactvec_(x, self->g_.data()));
  PetscCall(VecGetOwnershipRange(y, &lo, &hi));
  PetscCall(VecGetArrayWrite(y, &ya));
  for (PetscInt k = lo; k < hi; ++k) ya[k - lo] = self->g_[k];
  PetscCall(VecRestoreArrayWrite(y, &ya));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
