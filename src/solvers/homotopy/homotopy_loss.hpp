#pragma once
/// \file homotopy_loss.hpp
/// Homotopy dynamics by the homotopy loss (paper Strategy 2, Algorithm 1):
///
///   phase I:  minimize L_H + λ_bc L_bc at ε0 (the easy problem)
///   for k = 1..n:  freeze θ_{k−1};  θ_k = argmin L_H + λ_bc L_bc + α L_Hε  at ε_k,
///                  started from θ_{k−1}
///
/// with L_Hε = mean((H_u[Δu_k]/δ_k + H_ε)²)/2 (see residuals/homotopy_loss_residual.hpp for the
/// rows and the sign). The ε_k are a list (-hl_eps_list, e.g. Table 2's 1/15, …, 1/50)
/// or fixed steps (-hl_step; the paper's 1D Allen–Cahn Δε = 0.001). Each minimization
/// is done by one of the fixed-λ optimizers (-hl_optimizer gauss_newton | adam | lbfgs),
/// which see only a ResidualFunction. No pseudo-inverse is needed along the path, which
/// is the point of the strategy for large networks (Adam, L-BFGS).
///
/// Checkpoints (a StateKeeper): after every completed minimization the state is θ_k,
/// the index of the next ε and the history; inside one, a Gauss–Newton or Adam run nests
/// its state (under "gn/" or "adam/") next to the frozen θ_{k−1}, so a run stopped
/// mid-minimization resumes there bit for bit. L-BFGS (TAO) keeps no state between
/// runs: with -hl_optimizer lbfgs the states are those between two ε_k.
#include "core/continuation.hpp"
#include "core/monitor.hpp"
#include "core/monitor_options.hpp"
#include "core/solver_state.hpp"
#include "functions/homotopy_loss_function.hpp"
#include "linalg/least_squares.hpp"
#include "solvers/baselines/adam.hpp"
#include "solvers/baselines/lbfgs.hpp"
#include "solvers/gauss_newton.hpp"
#include "solvers/homotopy/path.hpp"

#include <memory>
#include <string>
#include <vector>

namespace petnet {

/// One point of the path: PathPoint (loss = L_H + λ_bc L_bc) plus α L_Hε.
struct HomotopyLossPoint {
  PathPoint base;
  double    loss_he = 0;
  double    wall    = 0; ///< seconds since the start of Solve
};

/// What the monitors see after each minimization (phase I and every λ_k).
struct HomotopyLossStepInfo {
  const char                       *name  = "";      ///< the parameter's name
  const std::vector<PathValueSpec> *specs = nullptr; ///< what point->base.values are
  const HomotopyLossPoint          *point = nullptr;
  const Progress *progress                = nullptr; ///< minimizations done over those of the path
};

/// The -hl_monitor text to viewer (added by HomotopyLossSolver::SetFromOptions).
PetscErrorCode HomotopyLossMonitorDefault(PetscViewer viewer, const HomotopyLossStepInfo &s);

class HomotopyLossSolver {
public:
  enum Optimizer { kGaussNewton = 0, kAdam = 1, kLbfgs = 2 };
  /// -hl_* options; param: the problem's continuation parameter (start, target, range).
  PetscErrorCode SetFromOptions(MPI_Comm comm, const ContinuationParameter &param);
  /// keeper (optional): the state after every minimization (and, for Gauss–Newton and
  /// Adam, after every inner iteration) goes to it; a state it hands back is resumed.
  /// When it requests a stop, the path ends there with HOMOTOPY_DIVERGED_SIGNAL.
  PetscErrorCode Solve(HomotopyLossFunction &f, std::vector<double> &theta,
                       const PathObserver &observer, StateKeeper *keeper = nullptr);

  MonitorList<HomotopyLossStepInfo>    &Monitors() { return monitors_; }
  double                                Alpha() const { return alpha_; }
  double                                Lambda0() const { return lambda0_; }
  const std::string                    &Optimizer() const { return optimizer_name_; }
  const std::vector<HomotopyLossPoint> &History() const { return history_; }
  /// The λ_k of the path after ε0 (from the list or the fixed step).
  const std::vector<double> &Path() const { return path_; }
  /// Why the path stopped (after Solve): the target, a non-finite loss (or the optimizer's
  /// DIVERGED_NAN), or the optimizer's divergence (Adam's DIVERGED_DTOL). A failed step is
  /// not recorded: θ and the history end at the last good point.
  HomotopyConvergedReason Reason() const { return reason_; }
  /// One line on how the path ended (the run summary's reason_detail).
  std::string ReasonDetail() const;

private:
  /// Path points reached after the start over those of the path.
  double Done() const;
  /// With -hl_monitor: the inner solvers' iterations may print the path's progress line.
  void           AddInnerProgress();
  PetscErrorCode ReadOptions(MPI_Comm comm, std::vector<double> *list, PetscBool *has_list);
  PetscErrorCode BuildPath(MPI_Comm comm, const std::vector<double> &list, bool has_list);
  PetscErrorCode SetupOptimizer(MPI_Comm comm);
  /// Minimization k (0: phase I at λ0, k ≥ 1: at path_[k−1]); the inner Gauss–Newton or
  /// Adam run reports to keeper nested (resume: its state on a restart inside this one).
  PetscErrorCode Minimize(HomotopyLossFunction &f, size_t k, std::vector<double> &theta,
                          const std::vector<double> &good, StateKeeper *keeper,
                          std::unique_ptr<SolverState> resume, PetscInt *its);
  /// The state: next minimization, inside it or not, θ (at a boundary) or the frozen θ_{k−1}
  /// (inside one), the history (homotopy_loss_state.cpp).
  /// Where the inner run's state nests: "gn" or "adam".
  const char    *Prefix() const { return optimizer_ == kAdam ? "adam" : "gn"; }
  void           Capture(SolverState *s, size_t next, bool inside, const std::vector<double> *theta,
                         const std::vector<double> *good) const;
  PetscErrorCode Restore(MPI_Comm comm, const SolverState &s, PetscInt p, size_t *next,
                         bool *inside, std::vector<double> *theta, std::vector<double> *good);
  /// Records the point unless the minimization failed (*fail: why, else ITERATING).
  PetscErrorCode Record(HomotopyLossFunction &f, const std::vector<double> &theta, double lambda,
                        double prev, PetscInt its, const PathObserver &observer, double t0,
                        HomotopyConvergedReason *fail);

  ContinuationParameter param_;
  std::string           optimizer_name_ = "gauss_newton";
  enum Optimizer        optimizer_      = kGaussNewton;
  double                lambda0_ = 0.1, step_ = 1e-3, alpha_ = 1.0;
  PetscBool             monitor_ = PETSC_FALSE, view_reason_ = PETSC_FALSE;
  MonitorSpec           monitor_spec_; ///< what -hl_monitor asked for
  /// Path points done over those of the path (shared with the inner solvers' monitors).
  std::shared_ptr<Progress>         progress_ = std::make_shared<Progress>();
  std::vector<double>               path_;
  GaussNewtonOptions                gn_opt_, phase1_opt_;
  LeastSquares                      ls_, ls_phase1_;
  AdamSolver                        adam_;
  LbfgsSolver                       lbfgs_;
  MonitorList<HomotopyLossStepInfo> monitors_;
  const std::vector<PathValueSpec> *specs_ = nullptr;
  std::vector<HomotopyLossPoint>    history_;
  HomotopyConvergedReason           reason_    = HOMOTOPY_CONVERGED_ITERATING;
  HomotopyConvergedReason           inner_     = HOMOTOPY_CONVERGED_ITERATING; ///< of Minimize
  double                            failed_at_ = NAN; ///< λ of the failed step (NaN: none)
  double wall0_ = 0; ///< seconds of the run before a restart (the history's wall goes on)
};

} // namespace petnet
