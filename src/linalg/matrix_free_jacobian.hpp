#pragma once
/// \file matrix_free_jacobian.hpp
/// A residual Jacobian as a PETSc MATSHELL: rows distributed like the residual,
/// p columns split across ranks as PETSc decides. The owner supplies its local J·v
/// (v is the whole parameter vector, on every rank) and its Jᵀ·w (reduced to the whole
/// gradient on every rank); this class does the PETSc plumbing in between — gathering
/// the column-layout input of MatMult onto every rank and keeping only the owned
/// slice of Jᵀ·w — so every residual shares one shell implementation.
#include "core/base.hpp"
#include "core/kokkos_types.hpp"

#include <functional>
#include <petscmat.h>
#include <vector>

namespace petnet {

class MatrixFreeJacobian {
public:
  /// y_local = J_local · v for the whole parameter vector v (device views).
  using JacVecFn = std::function<void(DView1 v, DView1 y_local)>;
  /// g = Jᵀ w, the whole p-vector, identical on every rank (collective).
  using JacTVecFn = std::function<PetscErrorCode(Vec w, double *g)>;

  MatrixFreeJacobian()                                      = default;
  MatrixFreeJacobian(const MatrixFreeJacobian &)            = delete;
  MatrixFreeJacobian &operator=(const MatrixFreeJacobian &) = delete;
  ~MatrixFreeJacobian();

  /// Create the shell (collective): n_local rows here, p columns in all.
  PetscErrorCode Setup(MPI_Comm comm, PetscInt n_local, PetscInt p, JacVecFn jacvec,
                       JacTVecFn jactvec);
  /// The shell, marked changed so that solvers holding it refresh what they derived
  /// from it (call after the owner's linearization point moved).
  PetscErrorCode Operator(Mat *A);

private:
  static PetscErrorCode Mult(Mat A, Vec x, Vec y);
  static PetscErrorCode MultTranspose(Mat A, Vec x, Vec y);

  JacVecFn            jacvec_;
  JacTVecFn           jactvec_;
  Mat                 shell_   = nullptr;
  VecScatter          gather_  = nullptr; // column layout → whole vector on every rank
  Vec                 col_all_ = nullptr;
  DView1              v_, y_;
  std::vector<double> g_;
};

} // namespace petnet
