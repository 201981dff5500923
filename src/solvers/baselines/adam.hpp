#pragma once
/// \file adam.hpp
/// Adam on the loss ½‖r(θ, λ)‖² at fixed λ ("classical training" baseline). The
/// gradient Jᵀr is one reverse sweep plus one allreduce of length p.
///
/// The optimizer owns its moments m, v and step counter t: successive Solve calls (a
/// sequence of λ values) continue one optimizer, as a framework optimizer would;
/// Reset() starts afresh. With a StateKeeper the state after every iteration (θ, m, v,
/// β1^t, β2^t, t, the iteration, the loss history) can be kept and a run resumed from
/// it gives the same iterates bit for bit.
///
/// Progress goes to Monitors() once per iteration; -adam_monitor N adds
/// AdamPrintMonitor, which prints the loss every N iterations.
#include "core/monitor.hpp"
#include "core/monitor_options.hpp"
#include "core/solver_state.hpp"
#include "functions/residual_function.hpp"

#include <string>
#include <vector>

namespace petnet {

/// The loss at iteration it (before that iteration's step; it = max_it: the final loss).
struct AdamIterate {
  PetscInt        it;
  double          loss;
  const Progress *progress = nullptr; ///< iterations of this Solve done over their number
};

/// The default monitor: "adam <it> loss <loss>" when it % spec.every == 0, and the
/// progress lines, to spec's viewer.
MonitorList<AdamIterate>::Callback AdamPrintMonitor(const MonitorSpec &spec);

/// Why Adam stopped, PETSc style. Adam has no convergence test: running its iterations
/// is its normal end.
enum AdamConvergedReason {
  ADAM_CONVERGED_ITERATIONS = 1,  ///< -adam_max_it iterations done
  ADAM_CONVERGED_ITERATING  = 0,  ///< still running
  ADAM_DIVERGED_NAN         = -3, ///< the loss or the gradient is not finite
  ADAM_DIVERGED_SIGNAL      = -4, ///< the keeper asked to stop (state saved after an iteration)
  ADAM_DIVERGED_DTOL        = -6, ///< the loss exceeds -adam_divtol times its start value
};
/// "CONVERGED_ITERATIONS", "DIVERGED_NAN", …
const char *AdamConvergedReasonName(AdamConvergedReason r);

struct AdamOptions {
  double      lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double      divtol = 1e6; ///< stop when the loss > divtol × the loss at the start (0: never)
  PetscInt    max_it = 20000, monitor_every = 0;
  PetscBool   view_reason = PETSC_FALSE;
  MonitorSpec monitor; ///< what -adam_monitor asked for
  /// -adam_lr, -adam_max_it, -adam_beta1, -adam_beta2, -adam_divtol, -adam_monitor
  /// [N|ascii:FILE], _every, _cancel, -adam_converged_reason
  PetscErrorCode SetFromOptions(MPI_Comm comm);
};

class AdamSolver {
public:
  /// The options, and with -adam_monitor N > 0 the printing monitor (call once).
  PetscErrorCode SetFromOptions(MPI_Comm comm);
  /// Called at every iteration of every Solve.
  MonitorList<AdamIterate> &Monitors() { return monitors_; }
  AdamOptions              &Options() { return opt_; }
  const AdamOptions        &Options() const { return opt_; }
  /// Forget the moments and the step counter.
  void Reset();
  /// max_it iterations from theta (updated); history gets the loss every 100 iterations
  /// of this call and at its end. When the keeper requests a stop after an iteration,
  /// the call ends there (Reason() ADAM_DIVERGED_SIGNAL).
  PetscErrorCode Solve(ResidualFunction &f, double lambda, std::vector<double> &theta,
                       std::vector<double> *history, StateKeeper *keeper = nullptr);
  /// Steps taken since the last Reset.
  PetscInt StepCount() const { return t_; }
  /// Why the last Solve stopped; on DIVERGED_NAN θ is the last iterate with a finite loss.
  AdamConvergedReason Reason() const { return reason_; }
  /// The iteration at which the last Solve stopped, and the loss at the θ it returned.
  PetscInt StopIteration() const { return stop_it_; }
  /// One line on how the last Solve ended (the run summary's reason_detail).
  std::string ReasonDetail() const;
  double      StopLoss() const { return stop_loss_; }

private:
  AdamOptions              opt_;
  MonitorList<AdamIterate> monitors_;
  Progress                 progress_;
  std::vector<double>      m_, v_;
  double                   b1t_ = 1, b2t_ = 1; ///< β1^t, β2^t (products, as accumulated)
  PetscInt                 t_         = 0;
  AdamConvergedReason      reason_    = ADAM_CONVERGED_ITERATING;
  PetscInt                 stop_it_   = 0;
  double                   stop_loss_ = 0;
  std::vector<double>      last_good_; ///< θ before the last step
};

} // namespace petnet
