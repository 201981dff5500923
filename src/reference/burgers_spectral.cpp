#include "reference/burgers_spectral.hpp"

#include <cmath>
#include <complex>
#include <fftw3.h>
#include <string>

namespace petnet {

namespace {

using Complex = std::complex<double>;

/// The ETDRK4 coefficients of one mode with h·L = hl (Kassam–Trefethen: the mean of each
/// φ-expression over `m` points z = hl + e^{iθ} of the upper half of the unit circle around
/// hl, real part; exact for analytic functions up to the circle's discretisation).
void EtdCoefficients(double hl, double h, PetscInt m, double *q, double *f1, double *f2,
                     double *f3) {
  Complex sq = 0, s1 = 0, s2 = 0, s3 = 0;
  for (PetscInt j = 0; j < m; ++j) {
    const Complex z  = hl + std::polar(1.0, M_PI * (static_cast<double>(j) + 0.5) / m);
    const Complex ez = std::exp(z), z3 = z * z * z;
    sq += (std::exp(0.5 * z) - 1.0) / z;
    s1 += (-4.0 - z + ez * (4.0 - 3.0 * z + z * z)) / z3;
    s2 += (2.0 + z + ez * (z - 2.0)) / z3;
    s3 += (-4.0 - 3.0 * z - z * z + ez * (4.0 - z)) / z3;
  }
  *q  = h * sq.real() / m;
  *f1 = h * s1.real() / m;
  *f2 = h * s2.real() / m;
  *f3 = h * s3.real() / m;
}

/// One resolution: the FFTW plans and buffers, the ETDRK4 coefficients per mode, the state
/// v̂_k (k = 0..K, K < N/3, unnormalised: v̂_k = Σ_i u(x_i) e^{−2πi k i/N}).
class Level {
public:
  Level(PetscInt n, double dt, double nu, PetscInt contour);
  ~Level();
  Level(const Level &)            = delete;
  Level &operator=(const Level &) = delete;

  /// v̂ from u0 on i/m, i < m: its modes k < m/2 that are also < N/3.
  void Load(const std::vector<double> &u0);
  void Step();
  /// u at the points whose phase table `e` (rows of K + 1 values e^{2πikx}) was built by
  /// Phases.
  void                 Evaluate(const std::vector<Complex> &e, double *u) const;
  std::vector<Complex> Phases(const std::vector<double> &x) const;

private:
  /// −(u²/2)_x of the state `s`, dealiased: −iπk (u²)^_k for k ≤ K.
  void Nonlinear(const std::vector<Complex> &s, std::vector<Complex> *out);

  PetscInt             n_, nk_, kmax_;
  double              *grid_;
  fftw_complex        *spec_;
  fftw_plan            fwd_, bwd_;
  std::vector<double>  e_, e2_, q_, f1_, f2_, f3_;
  std::vector<Complex> v_, a_, b_, c_, nv_, na_, nb_, nc_;
};

Level::Level(PetscInt n, double dt, double nu, PetscInt contour)
    : n_(n), nk_(n / 2 + 1), kmax_((n - 1) / 3) {
  grid_          = fftw_alloc_real(n_);
  spec_          = fftw_alloc_complex(nk_);
  fwd_           = fftw_plan_dft_r2c_1d(static_cast<int>(n_), grid_, spec_, FFTW_ESTIMATE);
  bwd_           = fftw_plan_dft_c2r_1d(static_cast<int>(n_), spec_, grid_, FFTW_ESTIMATE);
  const size_t m = static_cast<size_t>(kmax_ + 1);
  for (auto *w : {&e_, &e2_, &q_, &f1_, &f2_, &f3_}) w->assign(m, 0.0);
  for (PetscInt k = 0; k <= kmax_; ++k) {
    const double w = 2.0 * M_PI * static_cast<double>(k), hl = -nu * w * w * dt;
    e_[k]  = std::exp(hl);
    e2_[k] = std::exp(0.5 * hl);
    EtdCoefficients(hl, dt, contour, &q_[k], &f1_[k], &f2_[k], &f3_[k]);
  }
  for (auto *w : {&v_, &a_, &b_, &c_, &nv_, &na_, &nb_, &nc_}) w->assign(m, 0.0);
}

Level::~Level() {
  fftw_destroy_plan(fwd_);
  fftw_destroy_plan(bwd_);
  fftw_free(grid_);
  fftw_free(spec_);
}

void Level::Load(const std::vector<double> &u0) {
  const PetscInt m = static_cast<PetscInt>(u0.size()), nk = m / 2 + 1;
  double        *g = fftw_alloc_real(m);
  fftw_complex  *s = fftw_alloc_complex(nk);
  fftw_plan      p = fftw_plan_dft_r2c_1d(static_cast<int>(m), g, s, FFTW_ESTIMATE);
  for (PetscInt i = 0; i < m; ++i) g[i] = u0[i];
  fftw_execute(p);
  // The same coefficient on n_ points is n_/m times the one on m points.
  const double scale = static_cast<double>(n_) / static_cast<double>(m);
  for (PetscInt k = 0; k <= kmax_; ++k)
    v_[k] = 2 * k < m ? scale * Complex(s[k][0], s[k][1]) : Complex(0.0);
  v_[0] = v_[0].real();
  fftw_destroy_plan(p);
  fftw_free(g);
  fftw_free(s);
}

void Level::Nonlinear(const std::vector<Complex> &s, std::vector<Complex> *out) {
  for (PetscInt k = 0; k < nk_; ++k) {
    const Complex z = k <= kmax_ ? s[k] : Complex(0.0);
    spec_[k][0] = z.real(), spec_[k][1] = z.imag();
  }
  fftw_execute(bwd_);
  const double inv = 1.0 / static_cast<double>(n_);
  for (PetscInt i = 0; i < n_; ++i) {
    const double u = grid_[i] * inv;
    grid_[i]       = u * u;
  }
  fftw_execute(fwd_);
  for (PetscInt k = 0; k <= kmax_; ++k)
    (*out)[k] = Complex(0.0, -M_PI * static_cast<double>(k)) * Complex(spec_[k][0], spec_[k][1]);
}

void Level::Step() {
  const PetscInt m = kmax_ + 1;
  Nonlinear(v_, &nv_);
  for (PetscInt k = 0; k < m; ++k) a_[k] = e2_[k] * v_[k] + q_[k] * nv_[k];
  Nonlinear(a_, &na_);
  for (PetscInt k = 0; k < m; ++k) b_[k] = e2_[k] * v_[k] + q_[k] * na_[k];
  Nonlinear(b_, &nb_);
  for (PetscInt k = 0; k < m; ++k) c_[k] = e2_[k] * a_[k] + q_[k] * (2.0 * nb_[k] - nv_[k]);
  Nonlinear(c_, &nc_);
  for (PetscInt k = 0; k < m; ++k)
    v_[k] = e_[k] * v_[k] + f1_[k] * nv_[k] + 2.0 * f2_[k] * (na_[k] + nb_[k]) + f3_[k] * nc_[k];
}

std::vector<Complex> Level::Phases(const std::vector<double> &x) const {
  const size_t         m = static_cast<size_t>(kmax_ + 1);
  std::vector<Complex> e(x.size() * m);
  for (size_t j = 0; j < x.size(); ++j)
    for (size_t k = 0; k < m; ++k) {
      // The phase k·x reduced to [0, 1) first, so that x and x + 1 give the same value.
      const double kx = static_cast<double>(k) * x[j];
      e[j * m + k]    = std::polar(1.0, 2.0 * M_PI * (kx - std::floor(kx)));
    }
  return e;
}

void Level::Evaluate(const std::vector<Complex> &e, double *u) const {
  const size_t m = static_cast<size_t>(kmax_ + 1), nx = e.size() / m;
  for (size_t j = 0; j < nx; ++j) {
    double s = 0;
    for (size_t k = 1; k < m; ++k) s += (v_[k] * e[j * m + k]).real();
    u[j] = (v_[0].real() + 2.0 * s) / static_cast<double>(n_);
  }
}

} // namespace

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
  PetscCall(PetscOptionsInt((p + "n").c_str(), "Grid points N of the coarser run (even)",
                            "Reference", n, &n, nullptr));
  PetscCall(PetscOptionsReal((p + "dt").c_str(), "Time step of the coarser run", "Reference", dt,
                             &dt, nullptr));
  PetscCall(PetscOptionsInt((p + "contour").c_str(), "Contour points of the ETDRK4 coefficients",
                            "Reference", contour, &contour, nullptr));
  PetscOptionsEnd();
  PetscCall(Check(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode BurgersSpectralOptions::Check(MPI_Comm comm) const {
  PetscFunctionBeginUser;
  PetscCheck(nu >= 0 && std::isfinite(nu), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Burgers reference nu must be >= 0, got %g", nu);
  PetscCheck(n >= 8 && n % 2 == 0 && n <= (1 << 24), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Burgers reference grid needs an even N in [8, 2^24], got %" PetscInt_FMT, n);
  PetscCheck(dt > 0 && std::isfinite(dt), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Burgers reference dt must be > 0, got %g", dt);
  PetscCheck(contour >= 4 && contour <= 1024, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Burgers reference contour points must be in [4, 1024], got %" PetscInt_FMT, contour);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode BurgersSpectral::Setup(MPI_Comm comm, const BurgersSpectralOptions &opt) {
  PetscFunctionBeginUser;
  PetscCall(opt.Check(comm));
  comm_ = comm;
  opt_  = opt;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode BurgersSpectral::Run(const std::vector<double> &u0, PetscInt n, double dt,
                                    const std::vector<double> &times, const std::vector<double> &x,
                                    std::vector<double> *u) const {
  PetscFunctionBeginUser;
  PetscCheck(u0.size() >= 4, comm_, PETSC_ERR_ARG_SIZ,
             "Burgers reference needs u0 on >= 4 grid points, got %zu", u0.size());
  PetscCheck(n >= 8 && n % 2 == 0, comm_, PETSC_ERR_ARG_OUTOFRANGE,
             "Burgers reference grid needs an even N >= 8, got %" PetscInt_FMT, n);
  for (double v : u0)
    PetscCheck(std::isfinite(v), comm_, PETSC_ERR_ARG_OUTOFRANGE,
               "Burgers reference u0 has a non-finite value %g", v);
  for (double xj : x)
    PetscCheck(std::isfinite(xj), comm_, PETSC_ERR_ARG_OUTOFRANGE,
               "Burgers reference output point %g is not finite", xj);
  std::vector<long long> steps(times.size());
  for (size_t k = 0; k < times.size(); ++k) {
    const double r = times[k] / dt;
    steps[k]       = std::llround(r);
    PetscCheck(std::isfinite(r) && r >= 0 && std::fabs(r - steps[k]) <= 1e-6 * std::fmax(1, r),
               comm_, PETSC_ERR_ARG_OUTOFRANGE,
               "Burgers reference output time %g is not a nonnegative multiple of dt = %g",
               times[k], dt);
    PetscCheck(k == 0 || steps[k] >= steps[k - 1], comm_, PETSC_ERR_ARG_OUTOFRANGE,
               "Burgers reference output times must be nondecreasing (%g after %g)", times[k],
               times[k - 1]);
  }
  Level                      level(n, dt, opt_.nu, opt_.contour);
  const std::vector<Complex> phases = level.Phases(x);
  const size_t               nx     = x.size();
  level.Load(u0);
  u->assign(times.size() * nx, 0.0);
  long long done = 0;
  for (size_t k = 0; k < times.size(); ++k) {
    for (; done < steps[k]; ++done) level.Step();
    level.Evaluate(phases, u->data() + k * nx);
    for (size_t j = 0; j < nx; ++j)
      PetscCheck(std::isfinite((*u)[k * nx + j]), comm_, PETSC_ERR_NOT_CONVERGED,
                 "Burgers reference diverged by t = %g (N = %" PetscInt_FMT
                 ", dt = %g): take a smaller dt",
                 times[k], n, dt);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode BurgersSpectral::Solve(const std::vector<double> &u0,
                                      const std::vector<double> &times,
                                      const std::vector<double> &x,
                                      BurgersSpectralResult     *res) const {
  std::vector<double> coarse;
  PetscFunctionBeginUser;
  PetscCall(Run(u0, opt_.n, opt_.dt, times, x, &coarse));
  PetscCall(Run(u0, 2 * opt_.n, 0.5 * opt_.dt, times, x, &res->u));
  res->error_estimate = 0;
  for (size_t i = 0; i < coarse.size(); ++i)
    res->error_estimate = std::fmax(res->error_estimate, std::fabs(coarse[i] - res->u[i]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
