#pragma once
/// \file pinn_residual.hpp
/// The physics-informed residual of an MLP on a problem: chains the problem's
/// pointwise derivative (pde/) with the network's jet derivatives (nn/) on this
/// rank's rows, and hands the result to solvers as a ResidualFunction.
///
/// Rows on each rank: its slice of the interior points, then its slice of the
/// boundary points. Interior rows are R(x_i)/√n_res and boundary rows
/// √w_bc (u(x_j) − g(x_j))/√n_bc, so ½‖r‖² is the loss (2) of the homotopy paper.
/// Rows, Jacobian, matrix-free operator, Jᵀw and metric: residuals/mlp_residual.hpp.
#include "functions/residual_function.hpp"
#include "residuals/mlp_residual.hpp"

namespace petnet {

class PinnResidual : public MLPResidual<ResidualFunction> {
public:
  PetscErrorCode Setup(MPI_Comm comm, const Problem *problem, const MLPLayout &layout,
                       const PointSet &interior, const PointSet &boundary, double bc_weight);

  PetscErrorCode SetPoint(const double *theta, double lambda) override;
  /// The phase condition's anchor (SetPhaseCondition): the path's last accepted point.
  bool           UsesAnchor() const override { return PhaseWeight() > 0; }
  PetscErrorCode AnchorAt(const double *theta) override { return SetPhaseAnchor(theta); }

  /// u_θ at arbitrary points (host, row-major n × d), every rank redundantly.
  PetscErrorCode    EvaluateU(const double *theta, const std::vector<double> &pts,
                              std::vector<double> *u) const;
  const MLPKernels &Kernels() const { return kernels_; }
};

} // namespace petnet
