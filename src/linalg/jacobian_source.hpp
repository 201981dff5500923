#pragma once
/// \file jacobian_source.hpp
/// What LeastSquares (linalg/least_squares.hpp) needs of a Jacobian: its shape and
/// layout, the dense row-distributed block, the matrix-free operator and, optionally,
/// a function-space metric Jacobian. linalg stays independent of the residual
/// interfaces; solvers/residual_jacobian.hpp adapts a residual function to this.
#include "core/base.hpp"

#include <petscmat.h>

namespace petnet {

class JacobianSource {
public:
  virtual ~JacobianSource()     = default;
  virtual MPI_Comm Comm() const = 0;
  /// p: the number of columns (parameters, replicated on every rank).
  virtual PetscInt NumParams() const = 0;
  /// Rows owned by this rank.
  virtual PetscInt LocalRows() const = 0;
  /// The assembled n × p Jacobian, dense with distributed rows (borrowed).
  virtual PetscErrorCode Jacobian(Mat *J) = 0;
  /// A matrix-free operator for the same Jacobian (MatMult J·v, MatMultTranspose Jᵀ·w;
  /// borrowed).
  virtual PetscErrorCode JacobianOperator(Mat *A) = 0;
  /// The function-space metric V (rows distributed, ‖V δθ‖² ≈ ‖δu‖²_{L2}; borrowed):
  /// required for -<prefix>ls_metric > 0.
  virtual PetscErrorCode MetricJacobian(Mat *V) = 0;
};

} // namespace petnet
