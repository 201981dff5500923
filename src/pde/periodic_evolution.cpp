#include "pde/periodic_evolution.hpp"

#include <cmath>
#include <sstream>

namespace petnet {

namespace {
constexpr double kPi = 3.14159265358979323846;

/// u_t + β u_x; jet (u, u_x, u_t).
struct TransportPoint {
  double                      beta;
  CView2                      U;
  DView1                      r, rl;
  DView2                      G;
  bool                        want_rl;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    r(q)    = U(q, 2) + beta * U(q, 1);
    G(q, 0) = 0.0;
    G(q, 1) = beta;
    G(q, 2) = 1.0;
    if (want_rl) rl(q) = U(q, 1);
  }
};

/// u_t − ν u_xx − α u(1 − u); jet (u, u_x, u_t[, u_xx, u_tt]).
struct ReactionPoint {
  double                      alpha, nu;
  int                         nc;
  CView2                      U;
  DView1                      r, rl;
  DView2                      G;
  bool                        want_rl;
  KOKKOS_INLINE_FUNCTION void operator()(int q) const {
    const double u   = U(q, 0);
    const double uxx = nc > 3 ? U(q, 3) : 0.0;
    r(q)             = U(q, 2) - nu * uxx - alpha * u * (1.0 - u);
    for (int c = 0; c < nc; ++c) G(q, c) = 0.0;
    G(q, 0) = -alpha * (1.0 - 2.0 * u);
    G(q, 2) = 1.0;
    if (nc > 3) G(q, 3) = -nu;
    if (want_rl) rl(q) = -u * (1.0 - u);
  }
};
} // namespace

// ------------------------------------------------------------ transport ----
PetscErrorCode Transport::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr,
                    "Transport u_t + beta u_x = 0, x in [0,2pi] periodic, u(x,0) = sin x",
                    "Problem");
  PetscCall(
      PetscOptionsReal("-pde_beta", "Transport speed beta", "Transport", beta_, &beta_, nullptr));
  PetscOptionsEnd();
  PetscCheck(std::isfinite(beta_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_beta must be finite, got %g", beta_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void Transport::Interior(double beta, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const {
  TransportPoint f{beta, U, r, rl, G, rl.extent(0) > 0};
  Kokkos::parallel_for("petnet::Transport", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)), f);
}

double Transport::Initial(double x) const { return std::sin(x); }
double Transport::Exact(const double *x, double beta) const { return std::sin(x[0] - beta * x[1]); }

std::string Transport::Describe() const {
  std::ostringstream s;
  s << "transport u_t + beta u_x = 0 on [0,2pi] x [0,1], periodic, u0 = sin x, beta=" << beta_;
  return s.str();
}

// ------------------------------------------------------------- reaction ----
PetscErrorCode Reaction::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(
      comm, nullptr,
      diffusion_ ? "Reaction-diffusion u_t - nu u_xx - alpha u(1-u) = 0, u0 = exp(-zeta (x-pi)^2)"
                 : "Reaction u_t - alpha u(1-u) = 0, u0 = exp(-zeta (x-pi)^2)",
      "Problem");
  PetscCall(
      PetscOptionsReal("-pde_alpha", "Reaction rate alpha", "Reaction", alpha_, &alpha_, nullptr));
  PetscCall(PetscOptionsReal("-pde_zeta", "Width parameter zeta of the initial Gaussian",
                             "Reaction", zeta_, &zeta_, nullptr));
  if (diffusion_)
    PetscCall(
        PetscOptionsReal("-pde_nu", "Diffusion coefficient nu", "Reaction", nu_, &nu_, nullptr));
  PetscOptionsEnd();
  PetscCheck(std::isfinite(alpha_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_alpha must be finite, got %g", alpha_);
  PetscCheck(zeta_ > 0 && std::isfinite(zeta_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_zeta must be > 0, got %g", zeta_);
  PetscCheck(nu_ >= 0 && std::isfinite(nu_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-pde_nu must be >= 0, got %g", nu_);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void Reaction::Interior(double alpha, CView2 X, CView2 U, DView1 r, DView2 G, DView1 rl) const {
  ReactionPoint f{alpha, diffusion_ ? nu_ : 0.0, static_cast<int>(U.extent(1)), U, r, rl,
                  G,     rl.extent(0) > 0};
  Kokkos::parallel_for("petnet::Reaction", Kokkos::RangePolicy<ExecSpace>(0, U.extent(0)), f);
}

double Reaction::Initial(double x) const { return std::exp(-zeta_ * (x - kPi) * (x - kPi)); }

double Reaction::Exact(const double *x, double alpha) const {
  const double u0 = Initial(x[0]), e = std::exp(alpha * x[1]);
  return u0 * e / (u0 * e + 1.0 - u0);
}

std::string Reaction::Describe() const {
  std::ostringstream s;
  if (diffusion_)
    s << "reaction-diffusion u_t - nu u_xx - alpha u(1-u) = 0 on [0,2pi] x [0,1], periodic, u0 = "
         "exp(-zeta(x-pi)^2), alpha="
      << alpha_ << " nu=" << nu_ << " zeta=" << zeta_;
  else
    s << "reaction u_t - alpha u(1-u) = 0 on [0,2pi] x [0,1], periodic, u0 = exp(-zeta(x-pi)^2), "
         "alpha="
      << alpha_ << " zeta=" << zeta_;
  return s.str();
}

// -------------------------------------------------------------- factory ----
std::vector<std::string> PeriodicEvolutionNames() {
  return {"transport", "reaction", "reaction_diffusion"};
}

PetscErrorCode CreatePeriodicEvolution(MPI_Comm comm, const std::string &name,
                                       std::unique_ptr<PeriodicEvolution> *problem) {
  PetscFunctionBeginUser;
  if (name == "transport") problem->reset(new Transport);
  else if (name == "reaction") problem->reset(new Reaction(false));
  else if (name == "reaction_diffusion") problem->reset(new Reaction(true));
  else SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown problem %s", name.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
