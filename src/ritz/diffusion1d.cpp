#include "ritz/diffusion1d.hpp"
#include "quadrature/gauss_legendre.hpp"

#include <cfloat>
#include <cmath>

namespace petnet {

namespace {
constexpr double kWidth = 0.01; // (x − 1/3)²/0.01 in (7.1)
inline double    Gauss(double x) { return std::exp(-(x - 1.0 / 3.0) * (x - 1.0 / 3.0) / kWidth); }
const double     kTail = std::exp(-4.0 / 9.0 / kWidth); // exp(−4/0.09) makes u(1) = 0
} // namespace

std::vector<std::string> Diffusion1D::Names() {
  return {"ritz_exp", "ritz_power", "ritz_interface"};
}

PetscErrorCode Diffusion1D::Create(MPI_Comm comm, const std::string &name, Diffusion1D *p) {
  PetscFunctionBeginUser;
  Diffusion1D q;
  q.name_ = name;
  if (name == "ritz_exp") q.kind_ = Kind::Exp;
  else if (name == "ritz_power") q.kind_ = Kind::Power;
  else if (name == "ritz_interface") {
    q.kind_  = Kind::Interface;
    q.jumps_ = {0.5};
  } else
    SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
            "unknown diffusion problem %s (ritz_exp, ritz_power, ritz_interface)", name.c_str());
  q.alpha_ = q.U(0.0);
  q.beta_  = q.U(1.0);
  q.Cache();
  *p = q;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode Diffusion1D::SetFromOptions(MPI_Comm comm) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "1D diffusion problem (shallow Ritz)", "Diffusion1D");
  if (kind_ == Kind::Interface)
    PetscCall(PetscOptionsReal("-ritz_k", "Coefficient jump: a = 1 on (0,1/2), k on (1/2,1)",
                               "Diffusion1D", k_, &k_, nullptr));
  PetscCall(PetscOptionsReal("-ritz_alpha", "Dirichlet value u(0) (strong); default the exact u(0)",
                             "Diffusion1D", alpha_, &alpha_, nullptr));
  PetscCall(PetscOptionsReal("-ritz_beta",
                             "Dirichlet value u(1) (penalised); default the exact u(1)",
                             "Diffusion1D", beta_, &beta_, nullptr));
  PetscOptionsEnd();
  Cache();
  PetscCall(Validate(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode Diffusion1D::Validate(MPI_Comm comm) const {
  PetscFunctionBeginUser;
  PetscCheck(std::isfinite(alpha_) && std::isfinite(beta_), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "boundary values must be finite, got alpha %g beta %g", alpha_, beta_);
  PetscCheck(std::isfinite(k_), comm, PETSC_ERR_ARG_OUTOFRANGE, "-ritz_k must be finite, got %g",
             k_);
  // f ~ x^{-4/3} is not integrable at 0: ∫ f u is finite only when u(0) = 0
  PetscCheck(!(SingularAt() == 0.0 && alpha_ != 0), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "problem %s needs u(0) = 0 (f is not integrable at x = 0), got -ritz_alpha %g",
             name_.c_str(), alpha_);
  // a must be bounded below by a positive constant (paper §3): sample it on a fine
  // Gauss grid of every interval between discontinuities and name the first bad one.
  GaussLegendre rule;
  PetscCall(GaussLegendre::Create(comm, 4, &rule));
  std::vector<double> cuts{0.0};
  for (double x : jumps_) cuts.push_back(x);
  cuts.push_back(1.0);
  for (size_t p = 0; p + 1 < cuts.size(); ++p) {
    const int pieces = 256;
    for (int i = 0; i < pieces; ++i) {
      const double lo = cuts[p] + (cuts[p + 1] - cuts[p]) * i / pieces,
                   hi = cuts[p] + (cuts[p + 1] - cuts[p]) * (i + 1) / pieces;
      for (double t : rule.Nodes()) {
        const double x = 0.5 * (lo + hi) + 0.5 * (hi - lo) * t, ax = A(x);
        PetscCheck(ax > 0 && std::isfinite(ax), comm, PETSC_ERR_ARG_OUTOFRANGE,
                   "diffusion coefficient a(x) = %g <= 0 on the interval (%g, %g) of problem %s (a "
                   "must be positive%s)",
                   ax, cuts[p], cuts[p + 1], name_.c_str(),
                   kind_ == Kind::Interface ? "; check -ritz_k" : "");
      }
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::string Diffusion1D::Describe() const {
  char buf[256];
  switch (kind_) {
  case Kind::Exp:
    snprintf(buf, sizeof buf, "(7.1) u = x(exp(-(x-1/3)^2/0.01) - exp(-4/0.09)), a = 1");
    break;
  case Kind::Power: snprintf(buf, sizeof buf, "(7.2) u = x^(2/3), a = 1"); break;
  case Kind::Interface:
    snprintf(buf, sizeof buf, "(7.3) interface a = 1 | %g at x = 1/2", k_);
    break;
  }
  std::string s = buf;
  snprintf(buf, sizeof buf, ", alpha %g, beta %g", alpha_, beta_);
  return s + buf;
}

bool Diffusion1D::HasExact() const { return alpha_ == U(0.0) && beta_ == U(1.0); }

bool Diffusion1D::OnDiscontinuity(double x) const {
  for (double j : jumps_)
    if (std::fabs(x - j) <= 4 * DBL_EPSILON) return true;
  return false;
}

double Diffusion1D::F(double x) const {
  switch (kind_) {
  case Kind::Exp: {
    // u = x(E − E1): f = −u'' = −(2E' + xE''), E' = −200(x−1/3)E, E'' = (−200 + 40000(x−1/3)²)E
    const double d = x - 1.0 / 3.0, E = Gauss(x);
    return -(2 * (-2 * d / kWidth) * E + x * (-2 / kWidth + 4 * d * d / (kWidth * kWidth)) * E);
  }
  case Kind::Power: return (2.0 / 9.0) * std::pow(x, -4.0 / 3.0);
  case Kind::Interface: return x < 0.5 ? 8 * k_ * (3 * x - 1) : 4 * k_ * (k_ + 1);
  }
  return 0;
}

double Diffusion1D::U(double x) const {
  switch (kind_) {
  case Kind::Exp: return x * (Gauss(x) - kTail);
  case Kind::Power: return std::cbrt(x * x);
  case Kind::Interface:
    return x < 0.5 ? 4 * k_ * x * x * (1 - x) : (2 * (k_ + 1) * x - 1) * (1 - x);
  }
  return 0;
}

double Diffusion1D::DU(double x) const {
  switch (kind_) {
  case Kind::Exp: {
    const double d = x - 1.0 / 3.0, E = Gauss(x);
    return E - kTail + x * (-2 * d / kWidth) * E;
  }
  case Kind::Power: return (2.0 / 3.0) / std::cbrt(x);
  case Kind::Interface:
    return x < 0.5 ? 4 * k_ * (2 * x - 3 * x * x) : -4 * (k_ + 1) * x + 2 * k_ + 3;
  }
  return 0;
}

void Diffusion1D::Primitives(double t, double *A0, double *G, double *F) const {
  // u(1), (a u')(1), u(1/2) are constants of the problem; u(t), u'(t) share one exp
  const double u1 = u1_, flux1 = flux1_;
  double       ut, dut;
  switch (kind_) {
  case Kind::Exp: {
    const double d = t - 1.0 / 3.0, E = Gauss(t);
    ut  = t * (E - kTail);
    dut = E - kTail + t * (-2 * d / kWidth) * E;
    break;
  }
  default: ut = U(t), dut = DU(t);
  }
  double q; // ∫_t^1 a u'
  if (kind_ == Kind::Interface) {
    *A0 = t <= 0.5 ? t : 0.5 + k_ * (t - 0.5);
    q   = t >= 0.5 ? k_ * (u1 - ut) : (uhalf_ - ut) + k_ * (u1 - uhalf_);
    // u' jumps at 1/2 but the flux a u' does not: DU takes the right branch at t = 1/2
    *G = (t < 0.5 ? 1.0 : k_) * dut - flux1;
  } else {
    *A0 = t;
    q   = u1 - ut;
    *G  = t > 0 ? dut - flux1 : INFINITY;
  }
  *F = q - (1.0 - t) * flux1;
}

} // namespace petnet
