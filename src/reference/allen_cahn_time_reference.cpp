#include "reference/allen_cahn_time_reference.hpp"

#include <cmath>

namespace petnet {

SemilinearEquation AllenCahnTimeEquation(double eps, double a) {
  SemilinearEquation eq;
  const double       d = 0.25 * eps; // u_xx = u_yy/4
  eq.what              = "Allen-Cahn reference";
  eq.symbol            = [d, a](double w) { return -d * w * w + a; };
  eq.pointwise         = [a](double u) { return -a * u * u * u; };
  eq.multiplier        = [](double) { return std::complex<double>(1.0, 0.0); };
  eq.degree            = 3;
  return eq;
}

PetscErrorCode AllenCahnTimeReference::SetFromOptions(MPI_Comm comm, const AllenCahnTime &problem) {
  Etdrk4Options opt;
  PetscFunctionBeginUser;
  opt.n  = 4096;
  opt.dt = 2.5e-3;
  PetscOptionsBegin(comm, nullptr, "Pseudo-spectral ETDRK4 reference of allen_cahn_time",
                    "Reference");
  PetscCall(opt.ReadOptions(PetscOptionsObject, "pde_ref_"));
  PetscOptionsEnd();
  PetscCall(opt.Check(comm, "Allen-Cahn reference"));
  const PetscInt per = static_cast<PetscInt>(std::ceil(1.0 / (200.0 * opt.dt) - 1e-9));
  opt.dt             = 1.0 / (200.0 * static_cast<double>(per > 0 ? per : 1));
  PetscCall(solver_.Setup(MPI_COMM_SELF, AllenCahnTimeEquation(problem.Diffusion(), problem.Rate()),
                          opt));
  dt_ = opt.dt;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode AllenCahnTimeReference::Compute(MPI_Comm comm) {
  const Etdrk4Options      &opt = solver_.Options();
  std::vector<FourierModes> coarse;
  PetscFunctionBeginUser;
  const PetscInt      m = 8 * opt.n;
  std::vector<double> u0(m);
  for (PetscInt i = 0; i < m; ++i)
    u0[i] = AllenCahnTime::InitialState(-1.0 + 2.0 * static_cast<double>(i) / m);
  const long long     levels = std::llround(1.0 / dt_);
  std::vector<double> fine_times(levels + 1), check_times(201);
  for (long long j = 0; j <= levels; ++j) fine_times[j] = static_cast<double>(j) * dt_;
  for (int k = 0; k <= 200; ++k) check_times[k] = fine_times[std::llround(k / (200.0 * dt_))];
  PetscCall(solver_.RunModes(u0, opt.n, opt.dt, check_times, &coarse));
  PetscCall(solver_.RunModes(u0, 2 * opt.n, 0.5 * opt.dt, fine_times, &fine_));
  double num = 0, den = 0, mx = 0;
  for (int k = 1; k <= 200; ++k) // t = 0 is the initial state itself in both
    for (int j = 0; j < 512; ++j) {
      const double x = -1.0 + 2.0 * j / 511.0, y = 0.5 * (x + 1.0);
      const double uf = EvaluateModes(fine_[std::llround(check_times[k] / dt_)], y);
      const double e  = EvaluateModes(coarse[k], y) - uf;
      num += e * e, den += uf * uf, mx = std::fmax(mx, std::fabs(e));
    }
  for (int j = 0; j < 512; ++j) {
    const double u = AllenCahnTime::InitialState(-1.0 + 2.0 * j / 511.0);
    den += u * u;
  }
  err_     = std::sqrt(num / den);
  err_max_ = mx;
  PetscCall(PetscPrintf(comm,
                        "petnet: Allen-Cahn reference N = %" PetscInt_FMT " and %" PetscInt_FMT
                        ", dt = %g and %g: estimated error %.2e "
                        "(relative L2 on 512 x 201), %.2e (max)\n",
                        opt.n, 2 * opt.n, opt.dt, 0.5 * opt.dt, err_, err_max_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void AllenCahnTimeReference::SampleAt(double t) const {
  const double    s = t / dt_;
  const long long n = static_cast<long long>(fine_.size()) - 1;
  const long long j = std::llround(s);
  cached_t_         = t;
  const PetscInt m  = 8 * solver_.Options().n;
  if (std::fabs(s - static_cast<double>(j)) <= 1e-9 * std::fmax(1.0, s) && j <= n) {
    samples_ = SampleModes(fine_[j], m);
    return;
  }
  // Cubic Lagrange in t through the four levels around s (shifted inwards at the ends).
  long long j0 = static_cast<long long>(std::floor(s)) - 1;
  j0           = j0 < 0 ? 0 : (j0 + 3 > n ? n - 3 : j0);
  FourierModes c(fine_[0].size(), 0.0);
  for (int i = 0; i < 4; ++i) {
    double w = 1;
    for (int l = 0; l < 4; ++l)
      if (l != i) w *= (s - static_cast<double>(j0 + l)) / static_cast<double>(i - l);
    for (size_t k = 0; k < c.size(); ++k) c[k] += w * fine_[j0 + i][k];
  }
  samples_ = SampleModes(c, m);
}

double AllenCahnTimeReference::Solution(double x, double t) const {
  if (t <= 0 || fine_.size() < 4) return AllenCahnTime::InitialState(x);
  if (t != cached_t_) SampleAt(t);
  // Eight-point Lagrange interpolation in y of the samples (periodic).
  const PetscInt  m = static_cast<PetscInt>(samples_.size());
  const double    y = 0.5 * (x + 1.0), s = (y - std::floor(y)) * static_cast<double>(m);
  const long long i0 = static_cast<long long>(std::floor(s)) - 3;
  double          u  = 0;
  for (int i = 0; i < 8; ++i) {
    double w = 1;
    for (int l = 0; l < 8; ++l)
      if (l != i) w *= (s - static_cast<double>(i0 + l)) / static_cast<double>(i - l);
    u += w * samples_[static_cast<size_t>(((i0 + i) % m + m) % m)];
  }
  return u;
}

double AllenCahnTimeReference::At(const double *x, double lambda) const {
  return Solution(x[0], lambda * x[1]);
}

} // namespace petnet
