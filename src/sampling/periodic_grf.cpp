#include "sampling/periodic_grf.hpp"

#include "core/random.hpp"

#include <cmath>
#include <fftw3.h>
#include <string>

namespace petnet {

PetscErrorCode PeriodicGrfOptions::SetFromOptions(MPI_Comm comm, const char *prefix) {
  const std::string p = std::string("-") + prefix;
  PetscFunctionBeginUser;
  PetscOptionsBegin(
      comm, nullptr,
      "Periodic Gaussian random field on [0, 1): sigma^2 (-Laplacian + tau^2 I)^-gamma", "GRF");
  PetscCall(
      PetscOptionsReal((p + "sigma").c_str(), "Amplitude sigma", "GRF", sigma, &sigma, nullptr));
  PetscCall(
      PetscOptionsReal((p + "tau").c_str(), "Inverse length scale tau", "GRF", tau, &tau, nullptr));
  PetscCall(PetscOptionsReal((p + "gamma").c_str(), "Power gamma (smoothness)", "GRF", gamma,
                             &gamma, nullptr));
  PetscCall(PetscOptionsInt((p + "modes").c_str(), "Fourier modes k = 1..K sampled", "GRF", modes,
                            &modes, nullptr));
  PetscOptionsEnd();
  PetscCall(Check(comm, prefix));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PeriodicGrfOptions::Check(MPI_Comm comm, const char *prefix) const {
  PetscFunctionBeginUser;
  PetscCheck(sigma > 0 && std::isfinite(sigma), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%ssigma must be > 0, got %g", prefix, sigma);
  PetscCheck(tau >= 0 && std::isfinite(tau), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%stau must be >= 0, got %g", prefix, tau);
  PetscCheck(gamma > 0.5 && std::isfinite(gamma), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sgamma must exceed 1/2 (finite variance), got %g", prefix, gamma);
  PetscCheck(modes >= 1 && modes <= 1048576, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%smodes must be in [1, 1048576], got %" PetscInt_FMT, prefix, modes);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PeriodicGaussianRandomField::Setup(MPI_Comm comm, const PeriodicGrfOptions &opt) {
  PetscFunctionBeginUser;
  PetscCall(opt.Check(comm, ""));
  opt_ = opt;
  amp_.assign(opt.modes + 1, 0.0);
  for (PetscInt k = 1; k <= opt.modes; ++k) amp_[k] = Amplitude(k);
  PetscFunctionReturn(PETSC_SUCCESS);
}

double PeriodicGaussianRandomField::Amplitude(PetscInt k) const {
  const double w = 2.0 * M_PI * static_cast<double>(k);
  return std::sqrt(2.0) * opt_.sigma * std::pow(w * w + opt_.tau * opt_.tau, -0.5 * opt_.gamma);
}

void PeriodicGaussianRandomField::Sample(std::uint64_t seed, std::int64_t index,
                                         PeriodicSample *s) const {
  Rng rng(seed ^ (0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(index + 1)));
  s->a.assign(amp_.size(), 0.0);
  s->b.assign(amp_.size(), 0.0);
  for (size_t k = 1; k < amp_.size(); ++k) {
    s->a[k] = amp_[k] * rng.Normal();
    s->b[k] = amp_[k] * rng.Normal();
  }
}

void PeriodicSample::Evaluate(const std::vector<double> &x, std::vector<double> *u) const {
  u->assign(x.size(), 0.0);
  for (size_t i = 0; i < x.size(); ++i) {
    double sum = 0;
    // The phase k·x reduced to [0, 1) first, so that x and x + 1 give the same value.
    for (size_t k = 1; k < a.size(); ++k) {
      const double kx = static_cast<double>(k) * x[i], t = 2.0 * M_PI * (kx - std::floor(kx));
      sum += a[k] * std::cos(t) + b[k] * std::sin(t);
    }
    (*u)[i] = sum;
  }
}

PetscErrorCode PeriodicSample::EvaluateUniform(MPI_Comm comm, PetscInt m,
                                               std::vector<double> *u) const {
  const PetscInt K = static_cast<PetscInt>(a.size()) - 1;
  PetscFunctionBeginUser;
  PetscCheck(m > 2 * K, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "a uniform grid for %" PetscInt_FMT " modes needs more than %" PetscInt_FMT
             " points, got %" PetscInt_FMT,
             K, 2 * K, m);
  const PetscInt nk = m / 2 + 1;
  fftw_complex  *c  = fftw_alloc_complex(nk);
  double        *w  = fftw_alloc_real(m);
  fftw_plan      p  = fftw_plan_dft_c2r_1d(static_cast<int>(m), c, w, FFTW_ESTIMATE);
  // a cos θ + b sin θ = 2 Re(X e^{iθ}) with X = (a − i b)/2; FFTW's c2r sums X_k e^{2πi k j/m}
  // over the Hermitian extension.
  for (PetscInt k = 0; k < nk; ++k) c[k][0] = c[k][1] = 0.0;
  for (PetscInt k = 1; k <= K; ++k) c[k][0] = 0.5 * a[k], c[k][1] = -0.5 * b[k];
  fftw_execute(p);
  u->assign(w, w + m);
  fftw_destroy_plan(p);
  fftw_free(w);
  fftw_free(c);
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::vector<double> PeriodicSensors(PetscInt m) {
  std::vector<double> x(m + 1);
  for (PetscInt j = 0; j <= m; ++j) x[j] = static_cast<double>(j) / static_cast<double>(m);
  return x;
}

} // namespace petnet
