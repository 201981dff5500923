#include "sampling/grf.hpp"

#include "core/random.hpp"

#include <cmath>
#include <fftw3.h>
#include <string>

namespace petnet {

PetscErrorCode GrfOptions::SetFromOptions(MPI_Comm comm, const char *prefix) {
  const std::string p = std::string("-") + prefix;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr,
                    "Gaussian random field inputs N(0, sigma^2 (-Laplacian + shift I)^-power)",
                    "GRF");
  PetscCall(
      PetscOptionsReal((p + "sigma").c_str(), "Amplitude sigma", "GRF", sigma, &sigma, nullptr));
  PetscCall(PetscOptionsReal((p + "shift").c_str(), "Shift tau of -Laplacian + tau I", "GRF", shift,
                             &shift, nullptr));
  PetscCall(PetscOptionsReal((p + "power").c_str(), "Power alpha (smoothness)", "GRF", power,
                             &power, nullptr));
  PetscOptionsEnd();
  PetscCheck(sigma > 0 && std::isfinite(sigma), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%ssigma must be > 0, got %g", p.c_str(), sigma);
  PetscCheck(shift >= 0 && std::isfinite(shift), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%sshift must be >= 0, got %g", p.c_str(), shift);
  PetscCheck(power > 0.5 * dim && std::isfinite(power), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%spower must exceed dim/2 = %g (finite variance), got %g", p.c_str(), 0.5 * dim,
             power);
  PetscFunctionReturn(PETSC_SUCCESS);
}

GaussianRandomField::~GaussianRandomField() {
  if (plan_) fftw_destroy_plan(static_cast<fftw_plan>(plan_));
  if (buf_) fftw_free(buf_);
}

double GaussianRandomField::Eigenvalue(int k1, int k2) const {
  const double ell = opt_.hi - opt_.lo, pl = M_PI / ell;
  const double mu = pl * pl * (static_cast<double>(k1) * k1 + static_cast<double>(k2) * k2);
  return opt_.sigma * opt_.sigma * std::pow(mu + opt_.shift, -opt_.power);
}

PetscErrorCode GaussianRandomField::Setup(MPI_Comm comm, const GrfOptions &opt) {
  PetscFunctionBeginUser;
  PetscCheck(opt.dim == 1 || opt.dim == 2, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "random fields are 1D or 2D, got %" PetscInt_FMT, opt.dim);
  PetscCheck(opt.m >= 4, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "random field grid needs >= 4 points per side, got %" PetscInt_FMT, opt.m);
  PetscCheck(opt.hi > opt.lo, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "random field domain [%g, %g] is empty", opt.lo, opt.hi);
  opt_           = opt;
  const int    m = static_cast<int>(opt.m), n = m - 2;
  const double ell = opt.hi - opt.lo;
  grid_.resize(m);
  for (int j = 0; j < m; ++j) grid_[j] = opt.lo + ell * j / (m - 1);
  // RODFT00 of size n: Y_j = 2 Σ_k X_k sin(π (j+1)(k+1)/(n+1)) per dimension; the
  // orthonormal sines are √(2/ℓ) sin(kπ(x − lo)/ℓ), so X = √λ ξ (2/ℓ)^(dim/2) / 2^dim.
  if (opt.dim == 1) {
    scale_.resize(n);
    for (int k = 0; k < n; ++k)
      scale_[k] = std::sqrt(Eigenvalue(k + 1)) * std::sqrt(2.0 / ell) / 2.0;
    buf_  = static_cast<double *>(fftw_malloc(sizeof(double) * n));
    plan_ = fftw_plan_r2r_1d(n, buf_, buf_, FFTW_RODFT00, FFTW_ESTIMATE);
  } else {
    scale_.resize(static_cast<size_t>(n) * n);
    for (int k1 = 0; k1 < n; ++k1)
      for (int k2 = 0; k2 < n; ++k2)
        scale_[k1 * n + k2] = std::sqrt(Eigenvalue(k1 + 1, k2 + 1)) * (2.0 / ell) / 4.0;
    buf_  = static_cast<double *>(fftw_malloc(sizeof(double) * n * n));
    plan_ = fftw_plan_r2r_2d(n, n, buf_, buf_, FFTW_RODFT00, FFTW_RODFT00, FFTW_ESTIMATE);
  }
  PetscCheck(plan_, comm, PETSC_ERR_LIB, "FFTW could not plan a sine transform of size %d", n);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void GaussianRandomField::Sample(std::uint64_t seed, std::int64_t index, double *out) const {
  const int m = static_cast<int>(opt_.m), n = m - 2;
  Rng       rng(seed ^ (0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(index + 1)));
  for (size_t k = 0; k < scale_.size(); ++k) buf_[k] = scale_[k] * rng.Normal();
  fftw_execute(static_cast<fftw_plan>(plan_));
  if (opt_.dim == 1) {
    out[0] = out[m - 1] = 0.0;
    for (int j = 0; j < n; ++j) out[j + 1] = buf_[j];
  } else {
    for (int j1 = 0; j1 < m; ++j1)
      for (int j2 = 0; j2 < m; ++j2) {
        const bool edge  = j1 == 0 || j2 == 0 || j1 == m - 1 || j2 == m - 1;
        out[j1 * m + j2] = edge ? 0.0 : buf_[(j1 - 1) * n + (j2 - 1)];
      }
  }
}

void GaussianRandomField::GridPoints(std::vector<double> *points,
                                     std::vector<char>   *boundary) const {
  const int      d = static_cast<int>(opt_.dim);
  const PetscInt m = opt_.m, P = Size();
  points->assign(static_cast<size_t>(P) * d, 0.0);
  boundary->assign(P, 0);
  for (PetscInt q = 0; q < P; ++q) {
    const PetscInt i = d == 1 ? q : q / m, j = d == 1 ? 0 : q % m;
    (*points)[q * d] = grid_[i];
    if (d == 2) (*points)[q * d + 1] = grid_[j];
    (*boundary)[q] = i == 0 || i == m - 1 || (d == 2 && (j == 0 || j == m - 1));
  }
}

void OwnedBlock(MPI_Comm comm, PetscInt n, PetscInt *first, PetscInt *count) {
  const PetscInt size = Size(comm), rank = Rank(comm), base = n / size, extra = n % size;
  *count = base + (rank < extra ? 1 : 0);
  *first = rank * base + (rank < extra ? rank : extra);
}

} // namespace petnet
