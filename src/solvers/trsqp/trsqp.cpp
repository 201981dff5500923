#include "solvers/trsqp/trsqp.hpp"

#include "core/log.hpp"
#include "solvers/trsqp/steps.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

namespace {
double Dot(const std::vector<double> &a, const std::vector<double> &b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}
double Norm2(const std::vector<double> &a) { return std::sqrt(Dot(a, a)); }
double NormInf(const std::vector<double> &a) {
  double s = 0;
  for (double x : a) s = std::max(s, std::fabs(x));
  return s;
}
/// out = g + Aᵀλ.
void LagrangianGradient(const std::vector<double> &g, const std::vector<double> &A, const std::vector<double> &lam,
                        PetscInt p, std::vector<double> &out) {
  out = g;
  for (size_t i = 0; i < lam.size(); ++i)
    for (PetscInt k = 0; k < p; ++k) out[k] += A[i * p + k] * lam[i];
}
} // namespace

PetscErrorCode TrsqpOptions::SetFromOptions(MPI_Comm comm) {
  char h[32], f[32], rr[32];
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(h, hessian.c_str(), sizeof h));
  PetscCall(PetscStrncpy(f, form.c_str(), sizeof f));
  PetscCall(PetscStrncpy(rr, radius_rule.c_str(), sizeof rr));
  PetscOptionsBegin(comm, nullptr, "Trust-region SQP (trSQP-PINN)", "Trsqp");
  PetscCall(PetscOptionsString("-trsqp_hessian", "Hessian: sr1 | bfgs (damped) | identity | gn (Gauss-Newton of the misfit)", "Trsqp", h, h, sizeof h, nullptr));
  PetscCall(PetscOptionsString("-trsqp_hessian_form", "dense | limited (compact limited-memory form)", "Trsqp", f, f, sizeof f, nullptr));
  PetscCall(PetscOptionsInt("-trsqp_lm_memory", "Pairs kept by the limited-memory form", "Trsqp", memory, &memory, nullptr));
  PetscCall(PetscOptionsString("-trsqp_radius_rule", "paper (Algorithm 3) | scipy (the authors' code)", "Trsqp", rr, rr, sizeof rr, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_radius0", "Initial trust radius", "Trsqp", radius0, &radius0, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_mu0", "Initial merit penalty mu", "Trsqp", mu0, &mu0, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_nu", "Normal step radius fraction nu", "Trsqp", nu, &nu, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_rho", "Penalty factor rho in mu >= q/((1-rho) vpred)", "Trsqp", rho, &rho, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_gtol", "Stop when ||grad L||_inf and ||c||_inf <= gtol", "Trsqp", gtol, &gtol, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_xtol", "Stop on a rejected step shorter than xtol (or radius < xtol)", "Trsqp", xtol, &xtol, nullptr));
  PetscCall(PetscOptionsInt("-trsqp_max_it", "Maximum iterations", "Trsqp", max_it, &max_it, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_max_time", "Wall-clock limit in seconds (0: none)", "Trsqp", max_time, &max_time, nullptr));
  PetscCall(PetscOptionsInt("-trsqp_cg_max_it", "Projected CG iteration limit (0: p - M)", "Trsqp", cg_max_it, &cg_max_it, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_sr1_skip", "SR1 skip threshold |r's| < tol ||s|| ||r||", "Trsqp", sr1_skip, &sr1_skip, nullptr));
  PetscCall(PetscOptionsReal("-trsqp_bfgs_damping", "Damped BFGS threshold delta", "Trsqp", bfgs_damping, &bfgs_damping, nullptr));
  PetscCall(PetscOptionsInt("-trsqp_monitor", "Print every n-th iteration (0: off)", "Trsqp", monitor, &monitor, nullptr));
  PetscCall(PetscOptionsInt("-trsqp_error_every", "Record the evaluation error every n iterations (0: off)", "Trsqp", error_every, &error_every, nullptr));
  PetscOptionsEnd();
  hessian = h, form = f, radius_rule = rr;
  HessianUpdate u;
  PetscCall(ParseHessianUpdate(comm, hessian, &u));
  PetscCheck(form == "dense" || form == "limited", comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
             "unknown -trsqp_hessian_form %s (dense, limited)", f);
  PetscCheck(radius_rule == "paper" || radius_rule == "scipy", comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
             "unknown -trsqp_radius_rule %s (paper, scipy)", rr);
  PetscCheck(memory >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_lm_memory must be >= 1, got %" PetscInt_FMT, memory);
  PetscCheck(radius0 > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_radius0 must be > 0, got %g", radius0);
  PetscCheck(mu0 > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_mu0 must be > 0, got %g", mu0);
  PetscCheck(nu > 0 && nu < 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_nu must be in (0, 1), got %g", nu);
  PetscCheck(rho > 0 && rho < 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_rho must be in (0, 1), got %g", rho);
  PetscCheck(max_it >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_max_it must be >= 0, got %" PetscInt_FMT, max_it);
  PetscCheck(max_time >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-trsqp_max_time must be >= 0, got %g", max_time);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode TrsqpSolver::Solve(ConstrainedFunction &f, const TrsqpOptions &o, std::vector<double> &theta,
                                  TrsqpResult *res) {
  MPI_Comm       comm = f.Comm();
  const PetscInt p = f.NumParams(), M = f.NumConstraints();
  PetscFunctionBeginUser;
  const double t0 = MPI_Wtime();
  HessianUpdate kind;
  PetscCall(ParseHessianUpdate(comm, o.hessian, &kind));
  QuasiNewton H;
  H.Init(p, kind, o.form == "limited", o.memory);
  H.skip_tol = o.sr1_skip;
  H.damping  = o.bfgs_damping;
  const bool use_gn = kind == HessianUpdate::GaussNewton;
  PetscCheck(!use_gn || f.HasGaussNewton(), comm, PETSC_ERR_SUP, "-trsqp_hessian gn needs a least-squares misfit");
  PetscErrorCode gn_err = PETSC_SUCCESS;
  std::function<void(const double *, double *)> Hop = [&](const double *x, double *y) {
    if (use_gn) {
      if (!gn_err) gn_err = f.GaussNewtonMult(x, y);
    } else H.Apply(x, y);
  };
  if (use_gn) PetscCall(f.GaussNewtonSetup(theta.data()));
  const PetscInt cg_max = o.cg_max_it > 0 ? o.cg_max_it : std::max<PetscInt>(p - M, 1);

  std::vector<double> c(M), cn(M), g(p), gn(p), A(M * p), An(M * p), lam(M), gl(p), gl_old(p), y(p);
  std::vector<double> v(p), t(p), d(p), Hd(p), gt(p), trial(p), Ad(M);
  double              ell, elln;
  PetscCall(f.Evaluate(theta.data(), &ell, c.data()));
  PetscCall(f.Derivatives(g.data(), A.data()));
  ConstraintProjector P;
  PetscCall(P.Factor(comm, A.data(), M, p));
  P.Multipliers(g.data(), lam.data());
  LagrangianGradient(g, A, lam, p, gl);
  double   mu = o.mu0, radius = o.radius0, optimality = NormInf(gl);
  PetscInt k = 0, accepted = 0;
  hist_.clear();
  res->reason = "max_it";
  if (o.monitor)
    PetscCall(PetscPrintf(comm, "  trsqp      k          ell        ||c||           mu       radius          eta  step       ||d||  cg  ||gradL||_inf\n"));
  while (true) {
    const double cnorm = Norm2(c);
    if (optimality <= o.gtol && NormInf(c) <= o.gtol) {
      res->reason = "gtol";
      break;
    }
    if (k >= o.max_it) {
      res->reason = "max_it";
      break;
    }
    if (o.max_time > 0 && MPI_Wtime() - t0 >= o.max_time) {
      res->reason = "max_time";
      break;
    }
    ++k;
    // Byrd–Omojokun step.
    NormalStepInfo ni;
    NormalStep(A.data(), M, p, c.data(), P, o.nu * radius, v.data(), &ni);
    Hop(v.data(), Hd.data());
    for (PetscInt i = 0; i < p; ++i) gt[i] = g[i] + Hd[i];
    const double rt = std::sqrt(std::max(0.0, radius * radius - ni.norm * ni.norm));
    CGInfo       cgi;
    TangentialStep(Hop, P, gt.data(), p, rt, cg_max, t.data(), &cgi);
    for (PetscInt i = 0; i < p; ++i) d[i] = v[i] + t[i];
    Hop(d.data(), Hd.data());
    PetscCall(gn_err);
    const double quad = Dot(g, d) + 0.5 * Dot(d, Hd);
    for (PetscInt i = 0; i < M; ++i) {
      double s = c[i];
      for (PetscInt j = 0; j < p; ++j) s += A[i * p + j] * d[j];
      Ad[i] = s;
    }
    const double vpred   = std::max(1e-16, cnorm - Norm2(Ad));
    const double mu_prev = mu;
    mu = UpdatePenalty(mu, quad, vpred, o.rho);
    const double pred = -quad + mu * vpred;
    for (PetscInt i = 0; i < p; ++i) trial[i] = theta[i] + d[i];
    PetscCall(f.Evaluate(trial.data(), &elln, cn.data()));
    const double ared = (ell + mu * cnorm) - (elln + mu * Norm2(cn));
    double       eta  = ared / pred;
    if (!std::isfinite(eta)) eta = -1;
    const double dn = Norm2(d);
    // Radius update.
    if (o.radius_rule == "paper") {
      if (eta >= o.eta_good) radius *= 2.0;
      else if (eta < o.eta_accept) radius *= 0.5;
    } else {
      if (eta >= o.eta_great) radius = std::max(7.0 * dn, radius);
      else if (eta >= o.eta_good) radius = std::max(2.0 * dn, radius);
      else if (eta < o.eta_accept) {
        const double nr = (1.0 - o.eta_accept) / (1.0 - eta) * dn;
        radius          = std::min(0.5 * radius, std::max(0.1 * radius, nr));
      }
    }
    const bool ok = eta >= o.eta_accept;
    if (ok) {
      ++accepted;
      theta.swap(trial);
      ell = elln;
      c.swap(cn);
      PetscCall(f.Derivatives(gn.data(), An.data()));
      PetscCall(P.Factor(comm, An.data(), M, p));
      P.Multipliers(gn.data(), lam.data());
      LagrangianGradient(g, A, lam, p, gl_old); // ∇ℒ(θ_old, λ_new)
      LagrangianGradient(gn, An, lam, p, gl);
      for (PetscInt i = 0; i < p; ++i) y[i] = gl[i] - gl_old[i];
      if (use_gn) PetscCall(f.GaussNewtonSetup(theta.data()));
      else H.Update(d.data(), y.data());
      g.swap(gn);
      A.swap(An);
      optimality = NormInf(gl);
    } else mu = mu_prev;
    TrsqpStep st{k, ell, Norm2(c), mu, radius, eta, dn, optimality, ok, cgi.its, -1.0};
    if (error_hook && o.error_every > 0 && k % o.error_every == 0) PetscCall(error_hook(theta, &st.error));
    hist_.push_back(st);
    if (o.monitor && (k % o.monitor == 0 || k == 1))
      PetscCall(PetscPrintf(comm, "  trsqp %6" PetscInt_FMT " %12.5e %12.5e %12.5e %12.5e %12.5e  %s  %10.3e %3" PetscInt_FMT " %12.5e%s\n", k,
                            ell, st.cnorm, mu, radius, eta, ok ? "acc" : "rej", dn, cgi.its, optimality,
                            st.error >= 0 ? (" err " + std::to_string(st.error)).c_str() : ""));
    if (!ok && (dn <= o.xtol || radius <= o.xtol)) {
      res->reason = "xtol";
      break;
    }
  }
  res->iterations = k;
  res->accepted   = accepted;
  res->qn_skipped = H.Skipped();
  res->ell        = ell;
  res->cnorm      = Norm2(c);
  res->radius     = radius;
  res->mu         = mu;
  res->optimality = optimality;
  res->wall       = MPI_Wtime() - t0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
