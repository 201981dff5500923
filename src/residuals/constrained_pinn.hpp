#pragma once
/// \file constrained_pinn.hpp
/// A tanh MLP u_θ(x, t) on a periodic evolution problem as a hard-constrained fit:
///
///   ℓ(θ) = w Σ_i (u_θ(x_i, t_i) − u_i)²            N labelled points (w = 1 or 1/N)
///   c(θ) = [ R(u_θ)(x_k, t_k)          PDE rows    (problem's pointwise residual)
///            u_θ(x_k, 0) − u0(x_k)     initial rows
///            u_θ(x_lo, t_k) − u_θ(x_hi, t_k) ]  periodic rows
///
/// Labels and constraint rows are split over the ranks (contiguous slices of the global
/// lists; the global row order is the same for every number of ranks). ∇ℓ = 2w Jᵀ(u − y)
/// by one reverse sweep (no label Jacobian is formed) and an allreduce of length p; the
/// constraint Jacobian rows are assembled by the Kokkos kernels and gathered (M × p).
#include "functions/constrained_function.hpp"
#include "nn/mlp_kernels.hpp"
#include "pde/periodic_evolution.hpp"
#include "sampling/space_time.hpp"

#include <vector>

namespace petnet {

class ConstrainedPinn : public ConstrainedFunction {
public:
  /// labels: (x, t) pairs and values (global lists, identical on every rank);
  /// misfit_weight w. The constraint set may be empty of labels (N = 0: ℓ ≡ 0, used for
  /// the feasibility pretraining).
  PetscErrorCode Setup(MPI_Comm comm, const PeriodicEvolution *problem, const MLPLayout &layout,
                       const std::vector<double> &label_pts, const std::vector<double> &label_vals,
                       double misfit_weight, const ConstraintPoints &cons, const SpaceTimeBox &box);

  MPI_Comm       Comm() const override { return comm_; }
  PetscInt       NumParams() const override { return layout_.NumParams(); }
  PetscInt       NumConstraints() const override { return m_global_; }
  PetscErrorCode Evaluate(const double *theta, double *ell, double *c) override;
  PetscErrorCode Derivatives(double *grad, double *A) override;
  /// One reverse sweep over labels and constraint points (no A formed), one allreduce.
  PetscErrorCode CombinedGradient(double a, const double *w, double *g) override;
  bool           HasGaussNewton() const override { return true; }
  /// Forms this rank's label Jacobian rows at θ (N_local × p); GaussNewtonMult is then a
  /// local J v, Jᵀ(J v) and one allreduce of length p.
  PetscErrorCode GaussNewtonSetup(const double *theta) override;
  PetscErrorCode GaussNewtonMult(const double *v, double *Gv) override;

  /// u_θ at this rank's points (host, (x, t) pairs), no communication.
  PetscErrorCode EvaluateLocal(const double *theta, const std::vector<double> &pts,
                               std::vector<double> *u) const;

private:
  MPI_Comm                 comm_    = MPI_COMM_NULL;
  const PeriodicEvolution *problem_ = nullptr;
  MLPLayout                layout_;
  MLPKernels          k0_, kc_; // value-only (labels) and the problem's jet order (constraints)
  double              w_     = 1;
  PetscInt            n_lab_ = 0, m_global_ = 0;
  PetscInt            np_ = 0, ni_ = 0, nb_ = 0; // local PDE, initial, periodic rows
  std::vector<int>    m_counts_, m_displs_;
  PetscInt            m_lo_ = 0;     // first global row of this rank's slice
  DView2              XL_, GL_, UL_; // labels: points, seeds (e0), values
  DView1              yL_, wres_, gL_;
  DView2              Xc_, Uc_, Gc_, Jc_; // constraint points: [pde | ic | bc at x_lo | bc at x_hi]
  DView1              rc_, rl_empty_, wc_, gc_; // constraint point weights, gradient
  std::vector<double> ic_val_;
  DView1              theta_;
  DView2              JL_; // label Jacobian (Gauss–Newton model)
  std::vector<double> JLh_;
};

} // namespace petnet
