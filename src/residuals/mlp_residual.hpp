#pragma once
/// \file mlp_residual.hpp
/// The part of the MLP residual adapters (pinn_residual, homotopy_loss_residual) that
/// is theirs in common, on top of residuals/residual_base.hpp: the tanh MLP's kernels
/// behind the three local products, the points (this rank's interior slice, then its
/// boundary slice, then optionally the interior slice again for rows of another kind),
/// the row weights of the first two blocks — interior R(x_i) scaled by the point's loss
/// weight (sampling/point_set.hpp), boundary √w_bc (u − g)/√n_bc — and the function-space
/// metric: the values of u_θ at the interior points, scaled like the interior rows.
///
/// Optionally (SetPhaseCondition) a phase condition: d more rows on the last rank,
/// √W ⟨ĉ_k, u_θ − u_a⟩ for each input coordinate k, where u_a is the network at an anchor
/// θ_a (SetPhaseAnchor) and ĉ_k the unit vector of ∂u_a/∂x_k at the interior points, all
/// with the interior rows' weights. A change of u_θ that moves a front or layer along x_k
/// (δu ∝ ∂u/∂x_k) then costs W‖δu‖², so a least-squares solve cannot slide a layer along a
/// direction the residual barely sees; any other change is free to first order. These
/// rows are linear in u_θ; their Jacobian ẑ_k = √W Vᵀĉ_k (V the metric) is one reverse
/// sweep per coordinate and one allreduce, once per point. With `tilt`, d(d − 1) more
/// rows of the same form pin the tilts x_j ∂u/∂x_k (j ≠ k, x about the interior points'
/// centroid): rotations and shears of straight fronts, which the residual sees as little
/// as their translations in d ≥ 2 (in 1D there are none, and the rows are the same).
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
  /// Weight W > 0 of the phase rows (0: none), `tilt`: the tilt generators as well.
  /// Before the set-up; needs first-order jets.
  PetscErrorCode SetPhaseCondition(double W, bool tilt = false);
  double         PhaseWeight() const { return phase_w_; }
  /// Anchors the phase rows at θ_a (collective); until the first anchor they are zero.
  PetscErrorCode SetPhaseAnchor(const double *theta_a);

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

  /// The phase rows of r_ and rl_ and their Jacobian at the current θ and jets U_
  /// (collective; a no-op without a phase condition). Adapters call it after Jets().
  PetscErrorCode PhaseRows();

  void           JacobianRows(DView2 J) override;
  void           JacVecRows(DView1 v, DView1 y) override;
  PetscErrorCode JacTVecRows(DView1 w, DView1 g) override;

  const Problem *problem_ = nullptr;
  MLPLayout      layout_;
  MLPKernels     kernels_;
  PetscInt       n_int_ = 0, n_bc_ = 0; ///< local interior and boundary points
  PetscInt       n_pts_ = 0;            ///< rows with a point: all but the phase rows
  DView2         X_;                    ///< the points of the first n_pts_ rows
  DView2         U_;                    ///< jets at the interior and boundary points

private:
  /// Gv_: the value seeds (the interior row weights), shared by the metric and phase.
  void ValueSeeds();

  DView2        Jv_, Gv_;            ///< value Jacobian (metric) and its seeds
  double        phase_w_    = 0;     ///< W of the phase rows (0: none)
  bool          phase_tilt_ = false; ///< the tilt generators as well as the translations
  int           n_gen_      = 0;     ///< generators: d, or d² with the tilts
  DView1        xc_;                 ///< the interior points' centroid (the tilt rows only)
  PetscInt      n_phase_  = 0;       ///< phase rows on this rank: n_gen_ on the last rank, else 0
  bool          anchored_ = false;
  DView2        chat_, zp_; ///< ĉ (n_int × n_gen) and the phase rows' Jacobian (p × n_gen)
  DView1        ploc_;      ///< this rank's phase values and Vᵀĉ_k before the sum
  DView1        ua_;        ///< the anchor's weighted values w_q u_a(x_q)
  Mat           Vmat_         = nullptr;
  std::uint64_t metric_point_ = 0; ///< the PointId() the metric was computed at (0: none)
};

} // namespace petnet
