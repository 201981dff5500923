#pragma once
/// \file residual_base.hpp
/// What the network residual adapters (pinn_residual, homotopy_loss_residual,
/// operator_residual) share, written once:
///
///   - the row arrays: θ on the device, seeds G (∂r_q/∂U(q, c), the rows' weights
///     included), r, ∂r/∂λ, the row weights, Dirichlet flags and values;
///   - the loss-row kernel WeightRows: interior rows are the row weight times the
///     problem's pointwise residual, seeds and ∂r/∂λ; Dirichlet rows are w (u − g) with
///     seeds w e₀ and ∂r/∂λ = 0;
///   - the dense Jacobian (allocated on first request, refreshed once per point), the
///     matrix-free operator (linalg/matrix_free_jacobian.hpp) and Jᵀw (local reverse
///     sweep, one allreduce of length p).
///
/// The network behind the rows supplies three local products from the seeds:
/// JacobianRows, JacVecRows and JacTVecRows. ResidualBase<Interface> derives from the
/// solver-facing interface (functions/residual_function.hpp or
/// functions/homotopy_loss_function.hpp) so that an adapter only adds what is its own.
#include "core/base.hpp"
#include "core/kokkos_types.hpp"
#include "functions/residual_function.hpp"
#include "linalg/matrix_free_jacobian.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace petnet {

/// One flag per row (1: Dirichlet row).
using RowFlags = Kokkos::View<int *, ExecSpace>;

/// θ (p values on the host) into a device view of length p.
void CopyParams(const double *theta, PetscInt p, DView1 out);
/// g = Σ over the ranks of comm of a device vector of length p (every rank gets it).
PetscErrorCode SumOverRanks(MPI_Comm comm, DView1 local, double *g);

template <class Interface> class ResidualBase : public Interface {
public:
  ResidualBase() = default;
  ~ResidualBase() override;
  ResidualBase(const ResidualBase &)            = delete;
  ResidualBase &operator=(const ResidualBase &) = delete;

  MPI_Comm       Comm() const override { return comm_; }
  PetscInt       NumParams() const override { return p_; }
  PetscInt       LocalRows() const override { return n_local_; }
  PetscErrorCode Residual(Vec r) override;
  PetscErrorCode DLambda(Vec rl) override;
  PetscErrorCode Jacobian(Mat *J) override;
  PetscErrorCode JacobianOperator(Mat *A) override;
  PetscErrorCode MultTranspose(Vec w, double *g) override;

protected:
  /// Allocates the row arrays (n_local rows, nc jet components, p parameters; `tag`
  /// names the views) and creates the matrix-free operator (collective).
  PetscErrorCode SetupRows(MPI_Comm comm, PetscInt n_local, PetscInt p, int nc,
                           const std::string &tag);
  /// The weights, Dirichlet flags and values of the first weight.size() rows (the rows
  /// WeightRows assembles).
  void SetRowData(const std::vector<double> &weight, const std::vector<int> &dirichlet,
                  const std::vector<double> &g);
  /// Moves to θ: copies it to the device; the Jacobian is stale from now on.
  void SetTheta(const double *theta);
  /// Rows [0, weight.size()) of r_ and G_ (and of rl_ when rl_in is not empty) from the
  /// problem's interior values r_in, G_in, rl_in and the jets U (Dirichlet rows read U
  /// only). The inputs may be r_, G_, rl_ themselves.
  void WeightRows(CView1 r_in, CView2 G_in, CView1 rl_in, CView2 U);
  /// How many times SetTheta was called: what is computed at a point remembers it.
  std::uint64_t PointId() const { return point_id_; }
  /// What was computed at the current point is stale (the rows changed without θ).
  void Invalidate() { ++point_id_; }

  /// J = Σ_c G(q, c) ∂U(q, c)/∂θ on this rank's rows.
  virtual void JacobianRows(DView2 J) = 0;
  /// y = J v on this rank's rows, v the whole parameter vector.
  virtual void JacVecRows(DView1 v, DView1 y) = 0;
  /// g = (J_local)ᵀ w on this rank (collective for networks whose sweep is split).
  virtual PetscErrorCode JacTVecRows(DView1 w, DView1 g) = 0;

  MPI_Comm           comm_    = MPI_COMM_NULL;
  PetscInt           n_local_ = 0, p_ = 0;
  int                nc_ = 0;
  std::string        tag_;
  DView1             theta_;
  DView2             G_;          ///< seeds of every row (weights included)
  DView1             r_, rl_;     ///< residual and ∂r/∂λ
  DView1             weight_, g_; ///< row weight and Dirichlet value of the assembled rows
  RowFlags           dirichlet_;  ///< 1: a Dirichlet row
  DView1             tmp_n_, tmp_p_;
  MatrixFreeJacobian mfj_; ///< J as a MATSHELL over JacVecRows / MultTranspose

private:
  std::uint64_t point_id_  = 1,
                jac_point_ = 0; ///< jac_point_: the PointId() J_ was computed at (0: none)
  DView2 J_;
  Mat    Jmat_ = nullptr;
};

} // namespace petnet
