#pragma once
/// \file lbfgs.hpp
/// L-BFGS on ½‖r(θ, λ)‖² at fixed λ. θ is replicated and the loss and gradient Jᵀr come
/// allreduced from the ResidualFunction, so every rank computes the same iterates.
///
///   d_k = −H_k g_k by the two-loop recursion over the last m pairs (s, y), with
///   H_0 = γ I, γ = sᵀy / yᵀy of the newest pair (d = −g while there is none; the first
///   trial step is then min(1, 1/‖g‖)); a pair is kept only if sᵀy > ε ‖s‖ ‖y‖.
///   θ_{k+1} = θ_k + α d_k, α from a strong Wolfe line search (wolfe_line_search.hpp,
///   c1 = 1e-4, c2 = 0.9). A non-finite loss or gradient at a trial step is a failed
///   trial (the step shrinks). If the search finds no step, the pairs are dropped and it
///   is tried once more along −g; if that fails too the solve stops with θ at the last
///   accepted iterate.
///
/// Each Solve starts with an empty memory. With a StateKeeper the state after every
/// iteration (θ, its loss and gradient, the pairs, the counters, the history) can be
/// kept, and a run resumed from it gives the same iterates bit for bit; StopRequested
/// ends the loop (LBFGS_DIVERGED_SIGNAL).
///
/// Options (-lbfgs_): _m (pairs kept, 5 as TAO's LMVM), _gatol (stop when ‖g‖ ≤ gatol,
/// 1e-14), _grtol (‖g‖ ≤ grtol |f|, 0: off), _max_it (20000), _max_funcs (loss and
/// gradient evaluations, 100000), _ls_max_funcs (per line search, 30), _monitor N (a
/// line every N iterations), _converged_reason.
#include "core/monitor.hpp"
#include "core/monitor_options.hpp"
#include "core/solver_state.hpp"
#include "functions/residual_function.hpp"
#include "solvers/baselines/wolfe_line_search.hpp"

#include <string>
#include <vector>

namespace petnet {

/// Why L-BFGS stopped, PETSc style.
enum LbfgsConvergedReason {
  LBFGS_CONVERGED_GATOL     = 3,   ///< ‖g‖ ≤ gatol
  LBFGS_CONVERGED_GRTOL     = 4,   ///< ‖g‖ ≤ grtol |f|
  LBFGS_CONVERGED_ITERATING = 0,   ///< still running
  LBFGS_DIVERGED_MAX_IT     = -2,  ///< -lbfgs_max_it iterations done
  LBFGS_DIVERGED_NAN        = -3,  ///< the loss or gradient is not finite (at the start, or
                                   ///< at the last trial of a line search that found no step)
  LBFGS_DIVERGED_SIGNAL      = -4, ///< the keeper asked to stop (state saved after an iteration)
  LBFGS_DIVERGED_MAX_FUNCS   = -5, ///< -lbfgs_max_funcs evaluations done
  LBFGS_DIVERGED_LINE_SEARCH = -6, ///< no strong Wolfe step, along d nor along −g
};
/// "CONVERGED_GATOL", "DIVERGED_NAN", …
const char *LbfgsConvergedReasonName(LbfgsConvergedReason r);

/// An accepted step, as passed to the monitors: the loss went from prev_loss to loss
/// along d with step alpha; dphi0 = g_kᵀd and dphi = g_{k+1}ᵀd (the strong Wolfe
/// quantities); it counts from 1. Iteration 0 (the start point) has alpha = 0.
struct LbfgsIterate {
  PetscInt        it, evals;
  double          loss, prev_loss, gnorm, alpha, dphi0, dphi;
  const Progress *progress = nullptr; ///< iterations (or evaluations) over their maximum
};

/// The default monitor: "lbfgs <it> loss <loss> |g| <gnorm>" when it % spec.every == 0, and
/// the progress lines, to spec's viewer.
MonitorList<LbfgsIterate>::Callback LbfgsPrintMonitor(const MonitorSpec &spec);

struct LbfgsOptions {
  PetscInt       m = 5, max_it = 20000, max_funcs = 100000, monitor_every = 0;
  double         gatol = 1e-14, grtol = 0;
  WolfeOptions   ls;
  PetscBool      view_reason = PETSC_FALSE;
  MonitorSpec    monitor; ///< what -lbfgs_monitor asked for
  PetscErrorCode SetFromOptions(MPI_Comm comm);
};

class LbfgsSolver {
public:
  /// The options, and with -lbfgs_monitor N > 0 the printing monitor (call once).
  PetscErrorCode             SetFromOptions(MPI_Comm comm);
  LbfgsOptions              &Options() { return opt_; }
  MonitorList<LbfgsIterate> &Monitors() { return monitors_; }
  /// Minimizes from theta (updated); history gets the loss every 100 iterations and at
  /// the end.
  PetscErrorCode       Solve(ResidualFunction &f, double lambda, std::vector<double> &theta,
                             std::vector<double> *history, StateKeeper *keeper = nullptr);
  LbfgsConvergedReason Reason() const { return reason_; }
  /// The loss at the θ returned, and the iterations and evaluations of the last Solve
  /// (counted from the start of the run across restarts).
  double   FinalLoss() const { return loss_; }
  PetscInt Iterations() const { return its_; }
  PetscInt Evaluations() const { return evals_; }
  /// One line on how the last Solve ended (the run summary's reason_detail).
  std::string ReasonDetail() const;

private:
  struct Run;
  PetscErrorCode Resume(MPI_Comm comm, PetscInt p, StateKeeper *keeper, Run *run,
                        std::vector<double> &theta, std::vector<double> *history);
  PetscErrorCode Iterate(Run &run, std::vector<double> &theta, bool *accepted);
  PetscErrorCode Search(Run &run, const std::vector<double> &theta, const std::vector<double> &d,
                        double alpha0, WolfeResult *res);
  void           Direction(const Run &run, std::vector<double> *d) const;
  void           AddPair(Run &run, std::vector<double> s, std::vector<double> y);
  /// The larger of iterations over -lbfgs_max_it and evaluations over -lbfgs_max_funcs.
  double Done() const;

  LbfgsOptions              opt_;
  MonitorList<LbfgsIterate> monitors_;
  LbfgsConvergedReason      reason_ = LBFGS_CONVERGED_ITERATING;
  double                    loss_ = 0, gnorm_ = 0;
  PetscInt                  its_ = 0, evals_ = 0;
  Progress                  progress_;
};

} // namespace petnet
