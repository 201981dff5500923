#pragma once
/// \file residual_jacobian.hpp
/// A ResidualFunction seen as the JacobianSource that LeastSquares solves with
/// (linalg/jacobian_source.hpp): every call forwards to the residual at its current
/// point. Build one where Setup is called: `ResidualJacobian jac(f); ls.Setup(jac);`.
#include "functions/residual_function.hpp"
#include "linalg/jacobian_source.hpp"

namespace petnet {

class ResidualJacobian final : public JacobianSource {
public:
  explicit ResidualJacobian(ResidualFunction &f) : f_(f) {}
  MPI_Comm       Comm() const override { return f_.Comm(); }
  PetscInt       NumParams() const override { return f_.NumParams(); }
  PetscInt       LocalRows() const override { return f_.LocalRows(); }
  PetscErrorCode Jacobian(Mat *J) override { return f_.Jacobian(J); }
  PetscErrorCode JacobianOperator(Mat *A) override { return f_.JacobianOperator(A); }
  PetscErrorCode MetricJacobian(Mat *V) override { return f_.MetricJacobian(V); }

private:
  ResidualFunction &f_;
};

} // namespace petnet
