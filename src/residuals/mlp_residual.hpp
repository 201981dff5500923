#pragma once
/// \file mlp_residual.hpp
/// The part of the MLP residual adapters (pinn_residual, homotopy_loss_residual) that
/// is theirs in common, on top of residuals/residual_base.hpp: the tanh MLP's kernels
/// behind the three local products, the points (this rank's interior slice, then its
/// boundary slice, then optionally the interior slice again for rows of another kind),
/// the row weights of the first two blocks — interior R(x_i) scaled by the point's loss
/// weight (sampling/point_set.hpp), boundary √w_bc (u − g)/√n_bc — and the function-space
/// metric: the values of u_θ at the interior points, scaled like the interior rows.
#include "nn/mlp_kernels.hpp"
#include "pde/problem.hpp"
#include "residuals/residual_base.hpp"
#include "sampling/point_set.hpp"

namespace petnet {

template <class Interface> class MLPResidual : public ResidualBase<Interface> {
public:
  ~MLPResidual() override;
  /// Values of u_θ at the interior points, rows scaled by the interior row weight.
  PetscErrorCode MetricJacobian(Mat *V) override;

protected:
  /// Network, problem and points; rows [interior; boundary] and, with
  /// `repeat_interior`, n_int more rows at the interior points (assembled by the
  /// adapter). Allocates every row array (see ResidualBase::SetupRows).
  PetscErrorCode SetupPoints(MPI_Comm comm, const Problem *problem, const MLPLayout &layout,
                             const PointSet &interior, const PointSet &boundary, double bc_weight,
                             bool repeat_interior, const std::string &tag);
  /// U_ = the jets of u_θ at the interior and boundary points.
  void Jets();
  /// Rows [0, n) of a view of all rows: the interior points are rows [0, n_int_).
  template <class View> static auto Rows(const View &v, PetscInt n) {
    return Kokkos::subview(v, std::make_pair<size_t, size_t>(0, static_cast<size_t>(n)),
                           Kokkos::ALL());
  }

  void           JacobianRows(DView2 J) override;
  void           JacVecRows(DView1 v, DView1 y) override;
  PetscErrorCode JacTVecRows(DView1 w, DView1 g) override;

  const Problem *problem_ = nullptr;
  MLPLayout      layout_;
  MLPKernels     kernels_;
  PetscInt       n_int_ = 0, n_bc_ = 0; ///< local interior and boundary points
  DView2         X_;                    ///< the points of every row
  DView2         U_;                    ///< jets at the interior and boundary points

private:
  DView2        Jv_, Gv_; ///< value Jacobian (metric) and its seeds
  Mat           Vmat_         = nullptr;
  std::uint64_t metric_point_ = 0; ///< the PointId() the metric was computed at (0: none)
};

} // namespace petnet
