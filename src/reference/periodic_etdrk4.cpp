#include "reference/periodic_etdrk4.hpp"

#include <cmath>
#include <fftw3.h>

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
/// v̂_k (k = 0..K, unnormalised: v̂_k = Σ_i u(y_i) e^{−2πi k i/N}).
class Level {
public:
  Level(const SemilinearEquation &eq, PetscInt n, double dt, PetscInt contour);
  ~Level();
  Level(const Level &)            = delete;
  Level &operator=(const Level &) = delete;

  /// v̂ from u0 on i/m, i < m: its modes k < m/2 that are also ≤ K.
  void Load(const std::vector<double> &u0);
  void Step();
  /// u at the points whose phase table `e` (rows of K + 1 values e^{2πiky}) was built by
  /// Phases.
  void                 Evaluate(const std::vector<Complex> &e, double *u) const;
  std::vector<Complex> Phases(const std::vector<double> &y) const;
  /// The normalised modes v̂_k/N.
  FourierModes Modes() const;

private:
  /// N(u) of the state `s`, dealiased: m(ω_k) (f(u))^_k for k ≤ K.
  void Nonlinear(const std::vector<Complex> &s, std::vector<Complex> *out);

  const SemilinearEquation &eq_;
  PetscInt                  n_, nk_, kmax_;
  double                   *grid_;
  fftw_complex             *spec_;
  fftw_plan                 fwd_, bwd_;
  std::vector<double>       e_, e2_, q_, f1_, f2_, f3_;
  std::vector<Complex>      mult_, v_, a_, b_, c_, nv_, na_, nb_, nc_;
};

Level::Level(const SemilinearEquation &eq, PetscInt n, double dt, PetscInt contour)
    : eq_(eq), n_(n), nk_(n / 2 + 1), kmax_((n - 1) / (eq.degree + 1)) {
  grid_          = fftw_alloc_real(n_);
  spec_          = fftw_alloc_complex(nk_);
  fwd_           = fftw_plan_dft_r2c_1d(static_cast<int>(n_), grid_, spec_, FFTW_ESTIMATE);
  bwd_           = fftw_plan_dft_c2r_1d(static_cast<int>(n_), spec_, grid_, FFTW_ESTIMATE);
  const size_t m = static_cast<size_t>(kmax_ + 1);
  for (auto *w : {&e_, &e2_, &q_, &f1_, &f2_, &f3_}) w->assign(m, 0.0);
  for (auto *w : {&mult_, &v_, &a_, &b_, &c_, &nv_, &na_, &nb_, &nc_}) w->assign(m, 0.0);
  for (PetscInt k = 0; k <= kmax_; ++k) {
    const double w = 2.0 * M_PI * static_cast<double>(k), hl = eq.symbol(w) * dt;
    e_[k]    = std::exp(hl);
    e2_[k]   = std::exp(0.5 * hl);
    mult_[k] = eq.multiplier(w);
    EtdCoefficients(hl, dt, contour, &q_[k], &f1_[k], &f2_[k], &f3_[k]);
  }
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
  for (PetscInt i = 0; i < n_; ++i) grid_[i] = eq_.pointwise(grid_[i] * inv);
  fftw_execute(fwd_);
  for (PetscInt k = 0; k <= kmax_; ++k) (*out)[k] = mult_[k] * Complex(spec_[k][0], spec_[k][1]);
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

std::vector<Complex> Level::Phases(const std::vector<double> &y) const {
  const size_t         m = static_cast<size_t>(kmax_ + 1);
  std::vector<Complex> e(y.size() * m);
  for (size_t j = 0; j < y.size(); ++j)
    for (size_t k = 0; k < m; ++k) {
      // The phase k·y reduced to [0, 1) first, so that y and y + 1 give the same value.
      const double ky = static_cast<double>(k) * y[j];
      e[j * m + k]    = std::polar(1.0, 2.0 * M_PI * (ky - std::floor(ky)));
    }
  return e;
}

void Level::Evaluate(const std::vector<Complex> &e, double *u) const {
  const size_t m = static_cast<size_t>(kmax_ + 1), ny = e.size() / m;
  for (size_t j = 0; j < ny; ++j) {
    double s = 0;
    for (size_t k = 1; k < m; ++k) s += (v_[k] * e[j * m + k]).real();
    u[j] = (v_[0].real() + 2.0 * s) / static_cast<double>(n_);
  }
}

FourierModes Level::Modes() const {
  FourierModes c(v_.size());
  for (size_t k = 0; k < v_.size(); ++k) c[k] = v_[k] / static_cast<double>(n_);
  return c;
}

} // namespace

double EvaluateModes(const FourierModes &c, double y) {
  // e^{2πiky} by repeated multiplication (rounding grows like K·ε, far below the
  // references' own errors), y reduced to [0, 1) first.
  const Complex z = std::polar(1.0, 2.0 * M_PI * (y - std::floor(y)));
  Complex       p = 1.0;
  double        s = 0;
  for (size_t k = 1; k < c.size(); ++k) {
    p *= z;
    s += (c[k] * p).real();
  }
  return c.empty() ? 0.0 : c[0].real() + 2.0 * s;
}

std::vector<double> SampleModes(const FourierModes &c, PetscInt m) {
  const PetscInt      nk = m / 2 + 1;
  std::vector<double> u(m);
  fftw_complex       *s = fftw_alloc_complex(nk);
  fftw_plan           p = fftw_plan_dft_c2r_1d(static_cast<int>(m), s, u.data(), FFTW_ESTIMATE);
  for (PetscInt k = 0; k < nk; ++k) {
    const Complex z = k < static_cast<PetscInt>(c.size()) ? c[k] : Complex(0.0);
    s[k][0] = z.real(), s[k][1] = k == 0 ? 0.0 : z.imag();
  }
  fftw_execute(p); // c2r: u_i = Σ_k ĉ_k e^{2πiki/m} over the full spectrum, as the series
  fftw_destroy_plan(p);
  fftw_free(s);
  return u;
}

PetscErrorCode Etdrk4Options::ReadOptions(PetscOptionItems  *PetscOptionsObject,
                                          const std::string &prefix) {
  const std::string p = std::string("-") + prefix;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsInt((p + "n").c_str(), "Grid points N of the coarser run (even)",
                            "Reference", n, &n, nullptr));
  PetscCall(PetscOptionsReal((p + "dt").c_str(), "Time step of the coarser run", "Reference", dt,
                             &dt, nullptr));
  PetscCall(PetscOptionsInt((p + "contour").c_str(), "Contour points of the ETDRK4 coefficients",
                            "Reference", contour, &contour, nullptr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode Etdrk4Options::Check(MPI_Comm comm, const char *what) const {
  PetscFunctionBeginUser;
  PetscCheck(n >= 8 && n % 2 == 0 && n <= (1 << 24), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s grid needs an even N in [8, 2^24], got %" PetscInt_FMT, what, n);
  PetscCheck(dt > 0 && std::isfinite(dt), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s dt must be > 0, got %g", what, dt);
  PetscCheck(contour >= 4 && contour <= 1024, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s contour points must be in [4, 1024], got %" PetscInt_FMT, what, contour);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PeriodicEtdrk4::Setup(MPI_Comm comm, const SemilinearEquation &eq,
                                     const Etdrk4Options &opt) {
  PetscFunctionBeginUser;
  PetscCall(opt.Check(comm, eq.what.c_str()));
  PetscCheck(eq.symbol && eq.pointwise && eq.multiplier && eq.degree >= 1, comm,
             PETSC_ERR_ARG_WRONG, "%s: incomplete equation", eq.what.c_str());
  comm_ = comm;
  eq_   = eq;
  opt_  = opt;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PeriodicEtdrk4::CheckInput(const std::vector<double> &u0, PetscInt n, double dt,
                                          const std::vector<double> &times,
                                          std::vector<long long>    *steps) const {
  const char *what = eq_.what.c_str();
  PetscFunctionBeginUser;
  PetscCheck(u0.size() >= 4, comm_, PETSC_ERR_ARG_SIZ, "%s needs u0 on >= 4 grid points, got %zu",
             what, u0.size());
  PetscCheck(n >= 8 && n % 2 == 0, comm_, PETSC_ERR_ARG_OUTOFRANGE,
             "%s grid needs an even N >= 8, got %" PetscInt_FMT, what, n);
  for (double v : u0)
    PetscCheck(std::isfinite(v), comm_, PETSC_ERR_ARG_OUTOFRANGE, "%s u0 has a non-finite value %g",
               what, v);
  steps->resize(times.size());
  for (size_t k = 0; k < times.size(); ++k) {
    const double r = times[k] / dt;
    (*steps)[k]    = std::llround(r);
    PetscCheck(std::isfinite(r) && r >= 0 && std::fabs(r - (*steps)[k]) <= 1e-6 * std::fmax(1, r),
               comm_, PETSC_ERR_ARG_OUTOFRANGE,
               "%s output time %g is not a nonnegative multiple of dt = %g", what, times[k], dt);
    PetscCheck(k == 0 || (*steps)[k] >= (*steps)[k - 1], comm_, PETSC_ERR_ARG_OUTOFRANGE,
               "%s output times must be nondecreasing (%g after %g)", what, times[k], times[k - 1]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PeriodicEtdrk4::Run(const std::vector<double> &u0, PetscInt n, double dt,
                                   const std::vector<double> &times, const std::vector<double> &y,
                                   std::vector<double> *u) const {
  std::vector<long long> steps;
  PetscFunctionBeginUser;
  PetscCall(CheckInput(u0, n, dt, times, &steps));
  for (double yj : y)
    PetscCheck(std::isfinite(yj), comm_, PETSC_ERR_ARG_OUTOFRANGE,
               "%s output point %g is not finite", eq_.what.c_str(), yj);
  Level                      level(eq_, n, dt, opt_.contour);
  const std::vector<Complex> phases = level.Phases(y);
  const size_t               ny     = y.size();
  level.Load(u0);
  u->assign(times.size() * ny, 0.0);
  long long done = 0;
  for (size_t k = 0; k < times.size(); ++k) {
    for (; done < steps[k]; ++done) level.Step();
    level.Evaluate(phases, u->data() + k * ny);
    for (size_t j = 0; j < ny; ++j)
      PetscCheck(std::isfinite((*u)[k * ny + j]), comm_, PETSC_ERR_NOT_CONVERGED,
                 "%s diverged by t = %g (N = %" PetscInt_FMT ", dt = %g): take a smaller dt",
                 eq_.what.c_str(), times[k], n, dt);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PeriodicEtdrk4::RunModes(const std::vector<double> &u0, PetscInt n, double dt,
                                        const std::vector<double> &times,
                                        std::vector<FourierModes> *modes) const {
  std::vector<long long> steps;
  PetscFunctionBeginUser;
  PetscCall(CheckInput(u0, n, dt, times, &steps));
  Level level(eq_, n, dt, opt_.contour);
  level.Load(u0);
  modes->clear();
  long long done = 0;
  for (size_t k = 0; k < times.size(); ++k) {
    for (; done < steps[k]; ++done) level.Step();
    modes->push_back(level.Modes());
    for (const Complex &c : modes->back())
      PetscCheck(std::isfinite(c.real()) && std::isfinite(c.imag()), comm_, PETSC_ERR_NOT_CONVERGED,
                 "%s diverged by t = %g (N = %" PetscInt_FMT ", dt = %g): take a smaller dt",
                 eq_.what.c_str(), times[k], n, dt);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PeriodicEtdrk4::Solve(const std::vector<double> &u0,
                                     const std::vector<double> &times, const std::vector<double> &y,
                                     Etdrk4Result *res) const {
  std::vector<double> coarse;
  PetscFunctionBeginUser;
  PetscCall(Run(u0, opt_.n, opt_.dt, times, y, &coarse));
  PetscCall(Run(u0, 2 * opt_.n, 0.5 * opt_.dt, times, y, &res->u));
  double num = 0, den = 0;
  res->error_estimate = 0;
  for (size_t i = 0; i < coarse.size(); ++i) {
    const double d      = coarse[i] - res->u[i];
    res->error_estimate = std::fmax(res->error_estimate, std::fabs(d));
    num += d * d, den += res->u[i] * res->u[i];
  }
  res->relative_l2_estimate = den > 0 ? std::sqrt(num / den) : std::sqrt(num);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
