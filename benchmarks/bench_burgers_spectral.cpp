// Accuracy and cost of the pseudo-spectral Burgers reference on the PI-DeepONet benchmark's
// inputs: periodic GRF samples (σ = 25², τ = 5, γ = 4 by default), u on the 101 × 101 grid
// x_j = j/100, t_k = k/100; per input the self error estimate max |u_(N,dt) − u_(2N,dt/2)|
// and the wall time of Solve (both runs). Inputs are split over the ranks.
//   build/bin/bench_burgers_spectral -inputs 20 -seed 1 -ref_n 512 -ref_dt 1e-3
#include "core/session.hpp"
#include "reference/burgers_spectral.hpp"
#include "sampling/grf.hpp"
#include "sampling/periodic_grf.hpp"

#include <chrono>
#include <cmath>
#include <vector>

using namespace petnet;

int main(int argc, char **argv) {
  PetscCall(PetscInitialize(&argc, &argv, nullptr, nullptr));
  PetscInt inputs = 20, seed = 1;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-inputs", &inputs, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-seed", &seed, nullptr));
  PeriodicGrfOptions     go;
  BurgersSpectralOptions ro;
  PetscCall(go.SetFromOptions(PETSC_COMM_WORLD, "grf_"));
  PetscCall(ro.SetFromOptions(PETSC_COMM_WORLD, "ref_"));
  PeriodicGaussianRandomField grf;
  BurgersSpectral             ref;
  PetscCall(grf.Setup(PETSC_COMM_WORLD, go));
  PetscCall(ref.Setup(PETSC_COMM_SELF, ro));
  const std::vector<double> x = PeriodicSensors(100), t = PeriodicSensors(100);
  PetscInt                  first, count;
  OwnedBlock(PETSC_COMM_WORLD, inputs, &first, &count);
  double worst = 0, slowest = 0, total = 0, umax = 0;
  for (PetscInt i = first; i < first + count; ++i) {
    PeriodicSample      s;
    std::vector<double> u0;
    grf.Sample(static_cast<std::uint64_t>(seed), i, &s);
    PetscCall(s.EvaluateUniform(PETSC_COMM_SELF, 2 * go.modes + 2, &u0));
    BurgersSpectralResult r;
    const auto            t0 = std::chrono::steady_clock::now();
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
  MPI_Allreduce(mine, all, 3, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
  MPI_Allreduce(&total, &sum, 1, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "%" PetscInt_FMT " inputs, N %" PetscInt_FMT " dt %g: worst estimate %.2e, "
                        "max|u0| %.3f, wall per input %.3f s mean, %.3f s max\n",
                        inputs, ro.n, ro.dt, all[0], all[2], sum / inputs, all[1]));
  PetscCall(PetscFinalize());
  return 0;
}
