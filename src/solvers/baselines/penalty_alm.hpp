#pragma once
/// \file penalty_alm.hpp
/// Baselines for  min ℓ(θ) s.t. c(θ) = 0  on a ConstrainedFunction (trSQP-PINN paper,
/// Algorithms 1 and 2), and the feasibility pretraining of its Step 0:
///
///   penalty  φ_μ = ℓ + μ‖c‖²;            μ_0 = mu0, μ ← factor·μ after each inner solve
///   alm      φ_μ = ℓ + λᵀc + μ‖c‖²;       λ ← λ + 2μc (the minimizer's multiplier estimate:
///            ∇φ = ∇ℓ + Aᵀ(λ + 2μc) = 0), then μ ← factor·μ
///   pinn     φ_μ = ℓ + μ‖c‖² at a fixed μ (one inner solve; the soft-constrained PINN)
///   pretrain min ‖c̃‖² on a separate set of points
///
/// Every inner solve is L-BFGS (PETSc TAO, TAOLMVM) from the previous θ, stopping at
/// ‖∇φ‖₂ ≤ gatol (the paper uses ‖∇φ‖_∞ ≤ 1e−9; the 2-norm test is stricter), at the
/// iteration limit, or when the line search fails. θ is replicated: every rank runs the
/// same TAO on a sequential vector with the (collective) objective.
/// The paper multiplies μ by 1.1 up to 1.1^100 with up to 2·10⁴ inner iterations each;
/// the defaults here keep the outer schedule and cap the inner iterations (options).
///
/// Progress goes to PenaltySolver::Monitors() after every outer iteration; -pen_monitor n
/// adds PenaltyPrintMonitor. With a StateKeeper the state after every outer iteration (θ,
/// μ, λ, the counters and the history) can be kept; every inner solve starts a fresh
/// L-BFGS from θ, so a run resumed from it gives the same θ bit for bit. When the keeper
/// requests a stop the solve ends after that outer iteration (Stopped()).
#include "core/monitor.hpp"
#include "core/monitor_options.hpp"
#include "core/solver_state.hpp"
#include "functions/constrained_function.hpp"

#include <functional>
#include <petsctao.h>
#include <string>
#include <vector>

namespace petnet {

/// L-BFGS on φ = a·ℓ + λᵀc + μ‖c‖² (TAO under its own options prefix).
class MeritLbfgs {
public:
  ~MeritLbfgs();
  PetscErrorCode SetFromOptions(MPI_Comm comm, const char *prefix, PetscInt max_it, double gatol);
  /// A non-finite φ at the start ends it at once with TAO_DIVERGED_NAN (TAO would stop
  /// with an error); else TAO's reason.
  PetscErrorCode     Minimize(ConstrainedFunction &f, double a, const std::vector<double> &lambda,
                              double mu, std::vector<double> &theta, PetscInt *its, double *phi);
  TaoConvergedReason Reason() const { return reason_; }
  /// Called after every L-BFGS iteration with its number (a TAO monitor added after
  /// TaoSetFromOptions): progress inside one long minimization. It must not communicate.
  void SetIterationHook(std::function<PetscErrorCode(PetscInt its)> hook) {
    hook_ = std::move(hook);
  }

private:
  static PetscErrorCode                   ObjGrad(Tao tao, Vec x, PetscReal *obj, Vec g, void *ctx);
  static PetscErrorCode                   HookMonitor(Tao tao, void *ctx);
  std::function<PetscErrorCode(PetscInt)> hook_;
  Tao                                     tao_ = nullptr;
  ConstrainedFunction                    *f_   = nullptr;
  double                                  a_ = 1, mu_ = 0;
  const std::vector<double>              *lambda_ = nullptr;
  std::vector<double>                     c_, grad_, A_;
  TaoConvergedReason                      reason_ = TAO_CONTINUE_ITERATING;
};

/// The method names accepted by SetFromOptions, in the order of PenaltyMethodName.
enum class PenaltyMethod { Penalty, Alm, Pinn };
/// "penalty" | "alm" | "pinn".
const char *PenaltyMethodName(PenaltyMethod m);

struct PenaltyOptions {
  PenaltyMethod method = PenaltyMethod::Penalty;
  double        mu0 = 1.0, factor = 1.1;
  PetscInt      outer = 100, inner_max_it = 2000;
  double        gatol   = 1e-9;
  PetscInt      monitor = 0;
  MonitorSpec   monitor_spec;              ///< what -pen_monitor asked for
  PetscBool     view_reason = PETSC_FALSE; ///< -pen_converged_reason / -pinn_converged_reason
  /// Reads -pen_* (penalty, alm) or -pinn_mu (pinn); the inner TAO under -pen_ / -pinn_.
  /// method: a PenaltyMethodName (error otherwise).
  PetscErrorCode SetFromOptions(MPI_Comm comm, const std::string &method);
};

/// Why the penalty, ALM or PINN baseline stopped, PETSc style.
enum PenaltyConvergedReason {
  PENALTY_CONVERGED_OUTER     = 1,  ///< the outer schedule (-pen_outer μ updates) done
  PENALTY_CONVERGED_ITERATING = 0,  ///< still running
  PENALTY_DIVERGED_NAN        = -3, ///< the merit, misfit or constraints are not finite
  PENALTY_DIVERGED_SIGNAL     = -4, ///< the keeper asked to stop before the schedule's end
};
/// "CONVERGED_OUTER", "DIVERGED_NAN", …
const char *PenaltyConvergedReasonName(PenaltyConvergedReason r);

/// One outer iteration (after its inner solve), as recorded and passed to the monitors.
struct PenaltyStep {
  PetscInt        outer, inner_its;
  double          mu, ell, cnorm, phi;
  const Progress *progress = nullptr; ///< to the monitors: outer iterations over -pen_outer
};

/// The default monitor: a line for outer iteration 1 and every spec.every-th, and the
/// progress lines, to spec's viewer.
MonitorList<PenaltyStep>::Callback PenaltyPrintMonitor(const MonitorSpec &spec,
                                                       PenaltyMethod      method);

class PenaltySolver {
public:
  /// The options and the inner TAO; with -pen_monitor n > 0 the printing monitor (call once).
  PetscErrorCode SetFromOptions(MPI_Comm comm, const std::string &method);
  PetscErrorCode Solve(ConstrainedFunction &f, std::vector<double> &theta,
                       StateKeeper *keeper = nullptr);
  /// True when the last Solve ended early because its keeper requested a stop.
  bool Stopped() const { return reason_ == PENALTY_DIVERGED_SIGNAL; }
  /// Called after every outer iteration.
  MonitorList<PenaltyStep>       &Monitors() { return monitors_; }
  const std::vector<PenaltyStep> &History() const { return hist_; }
  const PenaltyOptions           &Options() const { return o_; }
  PetscInt                        InnerIterations() const { return inner_total_; }
  /// Why Solve stopped; on DIVERGED_NAN θ and the history end at the last finite outer
  /// iterate (or the start).
  PenaltyConvergedReason Reason() const { return reason_; }

private:
  PetscErrorCode           Resume(MPI_Comm comm, const SolverState &st, std::vector<double> &theta,
                                  std::vector<double> &lambda, double *mu, PetscInt *k0);
  PenaltyOptions           o_;
  MeritLbfgs               inner_;
  std::vector<PenaltyStep> hist_;
  MonitorList<PenaltyStep> monitors_;
  Progress                 progress_;
  PetscInt                 inner_total_ = 0;
  PenaltyConvergedReason   reason_      = PENALTY_CONVERGED_ITERATING;
};

} // namespace petnet
