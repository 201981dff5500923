#pragma once
/// \file operator_residual.hpp
/// The physics-informed (unsupervised) residual of a DeepONet on an operator problem,
/// as a ResidualFunction for the solvers.
///
/// Rows are (input function i, point q) pairs, i < N_f training functions, q < P shared
/// points, in the canonical order r = i·P + q. Each rank owns a contiguous block of
/// rows (OwnedBlock), so a function's rows may straddle two ranks: the distribution is
/// over functions × points. Parameters are replicated; Jᵀw is a local reverse sweep and
/// one MPI_Allreduce of length p, and the MATSHELL's J·v gathers v. Memory is
/// O(rows + p + P·K): the dense Jacobian is only formed on request.
///
/// Every rank's rows meet (nearly) every point, so the trunk net's sweeps over the P
/// points would be repeated on every rank — the part of a product that does not shrink
/// with more ranks (about 15% of it at 1e6 rows per rank, docs/BENCHMARKS.md). They are
/// split by points instead: J·v computes the trunk tangents of this rank's block of
/// points and all-gathers them, Jᵀw reduce-scatters the trunk adjoints (P × K·NC each,
/// independent of the rows) and sweeps back through its block only.
///
/// Interior rows: H(u_θ(v_i)(y_q), s)/√(N_f n_int); boundary rows (points flagged as
/// boundary): √(w_bc/(N_f n_bc)) u_θ(v_i)(y_q) (zero Dirichlet values for every s).
///
/// Row arrays, the dense Jacobian and the matrix-free operator: residuals/residual_base.hpp.
#include "functions/residual_function.hpp"
#include "nn/deeponet_kernels.hpp"
#include "pde/operator_problem.hpp"
#include "residuals/residual_base.hpp"

#include <functional>

namespace petnet {

/// Work done through an OperatorResidual since its Setup: what the scale figures
/// (time per Gauss–Newton / LSQR iteration) are computed from. One LSQR iteration is one
/// J·v and one Jᵀ·w; every least-squares setup (a Gauss–Newton, predictor or corrector
/// linearization) asks for the Jacobian or its operator once.
struct OperatorCounters {
  long jv = 0, jtw = 0, linearizations = 0, points = 0; ///< J·v, Jᵀ·w, Jacobian requests, SetPoint
  double jv_s = 0, jtw_s = 0, allreduce_s = 0,
         point_s = 0; ///< wall seconds: J·v (without the gather
                      ///< of v), Jᵀ·w with its allreduce, the
                      ///< collectives of both, SetPoint
};

/// Sensor values (m) and values at the P points (P) of input function number `index`.
using InputProvider = std::function<void(std::int64_t index, double *sensors, double *at_points)>;

class OperatorResidual : public ResidualBase<ResidualFunction> {
public:
  /// points: P × d row-major; boundary[q]: q is a Dirichlet point.
  PetscErrorCode Setup(MPI_Comm comm, const OperatorProblem *problem, const DeepONetLayout &layout,
                       const std::vector<double> &points, const std::vector<char> &boundary,
                       PetscInt n_functions, const InputProvider &inputs, double bc_weight);

  PetscInt       GlobalRows() const { return n_global_; }
  PetscInt       Points() const { return n_points_; } ///< P: the points every input is seen at
  PetscErrorCode SetPoint(const double *theta, double lambda) override;
  PetscErrorCode Jacobian(Mat *J) override;
  PetscErrorCode JacobianOperator(Mat *A) override;
  PetscErrorCode MultTranspose(Vec w, double *g) override;

  /// u_θ(v)(y_q) for the given inputs (nf × m sensor values, row-major) at the P points:
  /// out is nf × P, row-major. Local: no communication.
  PetscErrorCode        Evaluate(const double *theta, const std::vector<double> &sensors,
                                 std::vector<double> *out) const;
  const DeepONetLayout &Layout() const { return layout_; }
  /// Bytes held by this object's row and parameter arrays (excluding a requested dense J).
  double                  MemoryBytes() const;
  const OperatorCounters &Counters() const { return count_; }

private:
  /// The sensor values of the functions this rank's rows touch, each row's function,
  /// point and input value u₀ there (rows r0 .. r0 + n_local − 1).
  PetscErrorCode SetupRowData(PetscInt r0, const InputProvider &inputs,
                              const std::vector<double> &points, const std::vector<char> &boundary,
                              PetscInt n_functions, double bc_weight);
  /// The trunk's sweeps split over the ranks by points (see the file comment).
  PetscErrorCode SetupTrunkSplit();

  void JacobianRows(DView2 J) override;
  /// Trunk tangents of this rank's points, all-gathered, then the rows.
  void JacVecRows(DView1 v, DView1 y) override;
  /// Adjoints, the trunk adjoints reduce-scattered over the ranks, the reverse sweep.
  PetscErrorCode JacTVecRows(DView1 w, DView1 g) override;

  const OperatorProblem *problem_ = nullptr;
  DeepONetLayout         layout_;
  DeepONetKernels        kern_;
  PetscInt               n_global_ = 0, n_points_ = 0;
  DView2                 Xr_, Y_; // row points, shared points
  DView1                 U0r_;    // input value at each row's point
  DView2                 U_;      // jets
  OperatorCounters       count_;
  // trunk work split by points: this rank's first point, per-rank counts/offsets (doubles)
  int              q0_ = 0;
  std::vector<int> trunk_counts_, trunk_displs_;
  WView            Tt_, Tbar_, Tblk_, Bbar_;
};

} // namespace petnet
