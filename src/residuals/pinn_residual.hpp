#pragma once
/// \file pinn_residual.hpp
/// The physics-informed residual of an MLP on a problem: chains the problem's
/// pointwise derivative (pde/) with the network's jet derivatives (nn/) on this
/// rank's rows, and hands the result to solvers as a ResidualFunction.
///
/// Rows on each rank: its slice of the interior points, then its slice of the
/// boundary points. Interior rows are R(x_i)/√n_res and boundary rows
/// √w_bc (u(x_j) − g(x_j))/√n_bc, so ½‖r‖² is the loss (2) of the homotopy paper.
#include "linalg/matrix_free_jacobian.hpp"
#include "nn/mlp_kernels.hpp"
#include "pde/problem.hpp"
#include "sampling/point_set.hpp"
#include "functions/residual_function.hpp"

namespace petnet {

class PinnResidual : public ResidualFunction {
public:
  PinnResidual() = default;
  ~PinnResidual() override;
  PinnResidual(const PinnResidual &) = delete;
  PinnResidual &operator=(const PinnResidual &) = delete;

  PetscErrorCode Setup(MPI_Comm comm, const Problem *problem, const MLPLayout &layout, const PointSet &interior,
                       const PointSet &boundary, double bc_weight);

  MPI_Comm Comm() const override { return comm_; }
  PetscInt NumParams() const override { return layout_.NumParams(); }
  PetscInt LocalRows() const override { return n_local_; }
  PetscErrorCode SetPoint(const double *theta, double lambda) override;
  PetscErrorCode Residual(Vec r) override;
  PetscErrorCode DLambda(Vec rl) override;
  PetscErrorCode Jacobian(Mat *J) override;
  PetscErrorCode JacobianOperator(Mat *A) override;
  PetscErrorCode MultTranspose(Vec w, double *g) override;
  /// Values of u_θ at the interior points, rows scaled by 1/√n_res.
  PetscErrorCode MetricJacobian(Mat *V) override;

  /// u_θ at arbitrary points (host, row-major n × d), every rank redundantly.
  PetscErrorCode EvaluateU(const double *theta, const std::vector<double> &pts, std::vector<double> *u) const;
  const MLPKernels &Kernels() const { return kernels_; }

private:
  MPI_Comm         comm_ = MPI_COMM_NULL;
  const Problem   *problem_ = nullptr;
  MLPLayout        layout_;
  MLPKernels       kernels_;
  PetscInt         n_local_ = 0, n_int_local_ = 0;
  DView2           X_;      // local points (interior then boundary)
  DView1           weight_; // row scaling
  DView1           g_;      // Dirichlet values (boundary rows; 0 on interior rows)
  DView1           theta_;  // current θ
  double           lambda_ = 0;
  DView2           U_, G_;  // jets and seeds (scaled) at the current point
  DView1           r_, rl_;
  DView2           J_, Jv_, Gv_; // Jacobian; value Jacobian (metric) and its seeds
  Mat              Vmat_ = nullptr;
  bool             metric_current_ = false;
  bool             jac_current_ = false;
  Mat              Jmat_ = nullptr;
  DView1           tmp_n_, tmp_p_;
  MatrixFreeJacobian mfj_; // J as a MATSHELL over the kernels' J·v / Jᵀ·w
};

} // namespace petnet
