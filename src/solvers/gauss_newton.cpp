#include "solvers/gauss_newton.hpp"

#include "solvers/residual_jacobian.hpp"

#include <cmath>
#include <string>

namespace petnet {

PetscErrorCode GaussNewtonOptions::SetFromOptions(MPI_Comm comm, const char *prefix, const char *title) {
  const std::string p = std::string("-") + prefix + "gn_";
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, title, "GaussNewton");
  PetscCall(PetscOptionsInt((p + "max_it").c_str(), "Maximum Gauss-Newton/LM iterations", "GaussNewton", max_it, &max_it,
                            nullptr));
  PetscCall(PetscOptionsReal((p + "atol").c_str(), "Stop when the loss <= atol", "GaussNewton", atol, &atol, nullptr));
  PetscCall(PetscOptionsReal((p + "rtol").c_str(), "Stop when the relative loss decrease < rtol", "GaussNewton", rtol,
                             &rtol, nullptr));
  PetscCall(PetscOptionsReal((p + "mu0").c_str(), "Initial LM damping relative to sigma_max^2", "GaussNewton", mu0,
                             &mu0, nullptr));
  PetscCall(PetscOptionsBool((p + "monitor").c_str(), "Print one line per iteration", "GaussNewton", monitor, &monitor,
                             nullptr));
  PetscOptionsEnd();
  PetscCheck(max_it >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "%smax_it must be >= 0, got %" PetscInt_FMT, p.c_str(),
             max_it);
  PetscCheck(atol >= 0 && rtol >= 0 && mu0 >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%satol, rtol and mu0 must be >= 0", p.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

const char *GNReasonName(GNReason r) {
  switch (r) {
  case GNReason::Atol: return "atol";
  case GNReason::Rtol: return "rtol";
  case GNReason::StepTol: return "step_tol";
  case GNReason::MaxIt: return "max_it";
  case GNReason::Stalled: return "stalled";
  }
  return "?";
}

PetscErrorCode GaussNewtonSolve(ResidualFunction &f, LeastSquares &ls, const GaussNewtonOptions &opt, double lambda,
                                std::vector<double> &theta, GNResult *result, const char *label,
                                StateKeeper *keeper) {
  MPI_Comm       comm = f.Comm();
  const PetscInt p    = f.NumParams();
  Vec            r, rt; // residual at θ, and at the trial point
  GNResult       res;
  PetscFunctionBeginUser;
  PetscCall(f.CreateRowVec(&r));
  PetscCall(VecDuplicate(r, &rt));
  std::vector<double> delta(p), trial(p);
  double              loss = 0;
  double mu_rel = opt.mu0, nu = 2.0; // damping relative to σ_max², and its growth factor
  PetscInt its0 = 0;
  if (std::unique_ptr<SolverState> st = keeper ? keeper->TakeResume() : nullptr) {
    PetscCall(st->Get(comm, "theta", &theta, static_cast<size_t>(p)));
    PetscCall(st->Get(comm, "its", &its0));
    PetscCall(st->Get(comm, "rejects", &res.rejects));
    PetscCall(st->Get(comm, "loss0", &res.loss0));
    PetscCall(st->Get(comm, "mu_rel", &mu_rel));
    PetscCall(st->Get(comm, "nu", &nu));
  }
  PetscCall(f.SetPoint(theta.data(), lambda));
  PetscCall(f.Loss(r, &loss));
  if (its0 == 0) res.loss0 = loss;
  res.reason = GNReason::MaxIt;
  for (res.its = its0; res.its < opt.max_it; ++res.its) {
    if (loss <= opt.atol) {
      res.reason = GNReason::Atol;
      break;
    }
    ResidualJacobian jac(f);
    PetscCall(ls.Setup(jac)); // Jacobian at θ
    bool     accepted = false;
    PetscInt rejects  = 0;
    double   new_loss = loss, dnorm = 0;
    LSQStats st;
    while (!accepted && rejects <= opt.max_rejects) {
      const double smax = ls.SingularValues().empty() ? 1.0 : ls.SingularValues()[0];
      if (rejects) PetscCall(f.SetPoint(theta.data(), lambda)); // matrix-free operators use f's point
      PetscCall(ls.Solve(r, mu_rel * smax * smax, delta.data(), &st));
      dnorm = 0;
      for (PetscInt j = 0; j < p; ++j) {
        trial[j] = theta[j] - delta[j];
        dnorm += delta[j] * delta[j];
      }
      dnorm = std::sqrt(dnorm);
      PetscCall(f.SetPoint(trial.data(), lambda));
      PetscCall(f.Loss(rt, &new_loss));
      // Gain ratio ρ = actual/predicted decrease; Nielsen's damping update.
      const double rho = st.model_reduction > 0 ? (loss - new_loss) / st.model_reduction : -1.0;
      if (std::isfinite(new_loss) && new_loss < loss) {
        accepted = true;
        const double t = 2.0 * rho - 1.0;
        mu_rel *= std::fmax(1.0 / opt.mu_down, 1.0 - t * t * t);
        nu = 2.0;
        if (mu_rel < 1e-20) mu_rel = 0.0;
      } else {
        ++rejects;
        mu_rel = mu_rel > 0 ? mu_rel * nu : 1e-12;
        nu *= 2.0;
      }
    }
    res.rejects += rejects;
    if (!accepted) { // leave f at θ for the caller
      PetscCall(f.SetPoint(theta.data(), lambda));
      res.reason = GNReason::Stalled;
      break;
    }
    PetscCall(VecSwap(r, rt));
    const double decrease = loss - new_loss;
    double       tnorm    = 0;
    theta.swap(trial);
    for (double t : theta) tnorm += t * t;
    if (opt.monitor)
      PetscCall(PetscPrintf(comm, "  %s %3" PetscInt_FMT " loss %.6e -> %.6e  |step| %.3e  mu %.1e  rank %" PetscInt_FMT
                                  "%s\n",
                            label, res.its, loss, new_loss, dnorm, mu_rel, st.rank,
                            rejects ? (" rejects " + std::to_string(rejects)).c_str() : ""));
    loss = new_loss;
    if (loss <= opt.atol) {
      res.reason = GNReason::Atol;
      ++res.its;
      break;
    }
    if (decrease < opt.rtol * loss) {
      res.reason = GNReason::Rtol;
      ++res.its;
      break;
    }
    if (dnorm <= opt.step_tol * (1.0 + std::sqrt(tnorm))) {
      res.reason = GNReason::StepTol;
      ++res.its;
      break;
    }
    if (keeper)
      PetscCall(keeper->Step([&](SolverState *s) -> PetscErrorCode {
        s->Put("theta", theta);
        s->Put("its", static_cast<double>(res.its + 1));
        s->Put("rejects", static_cast<double>(res.rejects));
        s->Put("loss0", res.loss0);
        s->Put("mu_rel", mu_rel);
        s->Put("nu", nu);
        return PETSC_SUCCESS;
      }));
  }
  res.loss = loss;
  PetscCall(VecDestroy(&r));
  PetscCall(VecDestroy(&rt));
  *result = res;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
