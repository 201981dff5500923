// Accuracy and cost of the pseudo-spectral Burgers reference, on the 101 × 101 output grid
// x_j = j/100, t_k = k/100 of the PI-DeepONet benchmark.
//
// Default: periodic GRF inputs (σ = 25², τ = 5, γ = 4, `-grf_*`), split over the ranks; per
// input the self error estimate max |u_(N,dt) − u_(2N,dt/2)| and the wall time of Solve
// (both runs), then the worst estimate and the mean and largest time.
//   build/bin/bench_burgers_spectral -inputs 20 -seed 1 -ref_n 512 -ref_dt 1e-3
// -cole_hopf: the closed form BurgersColeHopf (-ch_a, -ch_b, -ch_c) instead: the true error
// of the (N, dt / 2^l) runs for l < -levels and their ratios, then Solve's estimate against
// the true errors of its two runs, at t_k = k/nt (-nt, default 100; each a multiple of dt).
//   build/bin/bench_burgers_spectral -cole_hopf
//   build/bin/bench_burgers_spectral -cole_hopf -ref_n 256 -ref_dt 0.02 -levels 3 -nt 10 \
//     -ch_a 0.8 -ch_b 0.15
#include "core/errors.hpp"
#include "core/session.hpp"
#include "reference/burgers_spectral.hpp"
#include "sampling/grf.hpp"
#include "sampling/periodic_grf.hpp"

#include <chrono>
#include <cmath>
#include <vector>

using namespace petnet;

namespace {

PetscErrorCode ColeHopfCase(const BurgersSpectral &ref, const std::vector<double> &x) {
  BurgersColeHopf ex;
  PetscInt        levels = 3, nt = 100;
  PetscFunctionBeginUser;
  ex.nu = ref.Options().nu;
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-ch_a", &ex.a, nullptr));
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-ch_b", &ex.b, nullptr));
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-ch_c", &ex.c, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-levels", &levels, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-nt", &nt, nullptr));
  PetscCheck(nt >= 1, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE,
             "-nt must be >= 1, got %" PetscInt_FMT, nt);
  const std::vector<double> t = PeriodicSensors(nt);
  PetscCheck(std::fabs(ex.a) + std::fabs(ex.b) < 1, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE,
             "-ch_a and -ch_b need |a| + |b| < 1, got %g and %g", ex.a, ex.b);
  const PetscInt            n    = ref.Options().n;
  const std::vector<double> u0   = ex.Initial(4 * n);
  double                    prev = 0;
  for (PetscInt l = 0; l < levels; ++l) {
    std::vector<double> u;
    const double        dt = ref.Options().dt / (1 << l);
    PetscCall(ref.Run(u0, n, dt, t, x, &u));
    const double e = ex.MaxError(u, t, x);
    PetscCall(
        PetscPrintf(PETSC_COMM_WORLD, "N %" PetscInt_FMT " dt %.3e: max error %.3e", n, dt, e));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, l ? ", ratio %.2f\n" : "\n", l ? prev / e : 0.0));
    prev = e;
  }
  BurgersSpectralResult r;
  std::vector<double>   coarse;
  PetscCall(ref.Solve(u0, t, x, &r));
  PetscCall(ref.Run(u0, n, ref.Options().dt, t, x, &coarse));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "estimate %.3e; true error of the (N, dt) run %.3e, of the returned "
                        "(2N, dt/2) run %.3e\n",
                        r.error_estimate, ex.MaxError(coarse, t, x), ex.MaxError(r.u, t, x)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GrfCase(const BurgersSpectral &ref, const std::vector<double> &t,
                       const std::vector<double> &x) {
  PetscInt                    inputs = 20, seed = 1;
  PeriodicGrfOptions          go;
  PeriodicGaussianRandomField grf;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-inputs", &inputs, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-seed", &seed, nullptr));
  PetscCall(go.SetFromOptions(PETSC_COMM_WORLD, "grf_"));
  PetscCall(grf.Setup(PETSC_COMM_WORLD, go));
  PetscInt first, count;
  OwnedBlock(PETSC_COMM_WORLD, inputs, &first, &count);
  double worst = 0, slowest = 0, total = 0, umax = 0;
  for (PetscInt i = first; i < first + count; ++i) {
    PeriodicSample        s;
    std::vector<double>   u0;
    BurgersSpectralResult r;
    grf.Sample(static_cast<std::uint64_t>(seed), i, &s);
    PetscCall(s.EvaluateUniform(PETSC_COMM_SELF, 2 * go.modes + 2, &u0));
    const auto t0 = std::chrono::steady_clock::now();
    PetscCall(ref.Solve(u0, t, x, &r));
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double m = 0;
    for (double v : u0) m = std::fmax(m, std::fabs(v));
    PetscCall(PetscSynchronizedPrintf(
        PETSC_COMM_WORLD, "input %3" PetscInt_FMT ": max|u0| %.3f, estimate %.2e, %.3f s\n", i, m,
        r.error_estimate, wall));
    worst = std::fmax(worst, r.error_estimate), slowest = std::fmax(slowest, wall);
    umax = std::fmax(umax, m), total += wall;
  }
  PetscCall(PetscSynchronizedFlush(PETSC_COMM_WORLD, PETSC_STDOUT));
  double mine[3] = {worst, slowest, umax}, all[3], sum;
  PetscCallMPI(MPI_Allreduce(mine, all, 3, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(&total, &sum, 1, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "%" PetscInt_FMT " inputs, N %" PetscInt_FMT " dt %g: worst estimate %.2e, "
                        "max|u0| %.3f, wall per input %.3f s mean, %.3f s max\n",
                        inputs, ref.Options().n, ref.Options().dt, all[0], all[2], sum / inputs,
                        all[1]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

PetscErrorCode Main() {
  PetscBool              cole_hopf = PETSC_FALSE;
  BurgersSpectralOptions ro;
  BurgersSpectral        ref;
  PetscFunctionBeginUser;
  PetscCall(PushErrorHandler());
  PetscCall(PetscOptionsGetBool(nullptr, nullptr, "-cole_hopf", &cole_hopf, nullptr));
  PetscCall(ro.SetFromOptions(PETSC_COMM_WORLD, "ref_"));
  PetscCall(ref.Setup(PETSC_COMM_SELF, ro));
  const std::vector<double> x = PeriodicSensors(100);
  if (cole_hopf) PetscCall(ColeHopfCase(ref, x));
  else PetscCall(GrfCase(ref, PeriodicSensors(100), x));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv) {
  Session session(&argc, &argv, nullptr);
  if (!session.ok()) return 1;
  return Main() ? 1 : 0;
}
