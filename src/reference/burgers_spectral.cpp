#include "reference/burgers_spectral.hpp"

#include <cmath>
#include <complex>
#include <string>

namespace petnet {

double BurgersColeHopf::operator()(double x, double t) const {
  const double y = x - c * t, ea = a * std::exp(-4 * M_PI * M_PI * nu * t);
  const double eb  = b * std::exp(-16 * M_PI * M_PI * nu * t);
  const double phi = 1 + ea * std::cos(2 * M_PI * y) + eb * std::sin(4 * M_PI * y);
  const double phx =
      -2 * M_PI * ea * std::sin(2 * M_PI * y) + 4 * M_PI * eb * std::cos(4 * M_PI * y);
  return c - 2 * nu * phx / phi;
}

std::vector<double> BurgersColeHopf::Initial(PetscInt m) const {
  std::vector<double> u(m);
  for (PetscInt i = 0; i < m; ++i) u[i] = (*this)(static_cast<double>(i) / m, 0.0);
  return u;
}

double BurgersColeHopf::MaxError(const std::vector<double> &u, const std::vector<double> &times,
                                 const std::vector<double> &x) const {
  double e = 0;
  for (size_t k = 0; k < times.size(); ++k)
    for (size_t j = 0; j < x.size(); ++j)
      e = std::fmax(e, std::fabs(u[k * x.size() + j] - (*this)(x[j], times[k])));
  return e;
}

PetscErrorCode BurgersSpectralOptions::SetFromOptions(MPI_Comm comm, const char *prefix) {
  const std::string p = std::string("-") + prefix;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Pseudo-spectral ETDRK4 Burgers reference on [0, 1) periodic",
                    "Reference");
  PetscCall(PetscOptionsReal((p + "nu").c_str(), "Viscosity nu", "Reference", nu, &nu, nullptr));
  PetscCall(ReadOptions(PetscOptionsObject, prefix));
  PetscOptionsEnd();
  PetscCall(Check(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode BurgersSpectralOptions::Check(MPI_Comm comm) const {
  PetscFunctionBeginUser;
  PetscCheck(nu >= 0 && std::isfinite(nu), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Burgers reference nu must be >= 0, got %g", nu);
  PetscCall(Etdrk4Options::Check(comm, "Burgers reference"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode BurgersSpectral::Setup(MPI_Comm comm, const BurgersSpectralOptions &opt) {
  SemilinearEquation eq;
  PetscFunctionBeginUser;
  PetscCall(opt.Check(comm));
  const double nu = opt.nu;
  eq.what         = "Burgers reference";
  eq.symbol       = [nu](double w) { return -nu * w * w; };
  eq.pointwise    = [](double u) { return u * u; };
  eq.multiplier   = [](double w) { return std::complex<double>(0.0, -0.5 * w); };
  eq.degree       = 2;
  PetscCall(solver_.Setup(comm, eq, opt));
  opt_ = opt;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
