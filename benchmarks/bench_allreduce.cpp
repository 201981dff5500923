// The communication of one matrix-free LSQR iteration on the operator residual, per
// length p (parameters, replicated):
//   allreduce_p   MPI_Allreduce(SUM) of p doubles — Jᵀ·w's reduction;
//   gather_p      the scatter-to-all of a p-vector distributed over the ranks — J·v's
//                 gather of the Krylov vector (PETSc's column layout splits p);
//   allreduce_1   MPI_Allreduce of one double — each of LSQR's norms.
// Median and minimum over -reps repetitions (after 10 warm-ups), in microseconds, the
// slowest rank's time per repetition. These are the α, β of the weak-scaling model in
// docs/BENCHMARKS.md.
//
//   mpiexec -n 2 build/bin/bench_allreduce [-p 1000,10000,82433,1000000] [-reps 200]
#include "bench_timing.hpp"
#include "core/session.hpp"
#include "nn/mlp.hpp"

#include <petscvec.h>

#include <algorithm>
#include <vector>

using namespace petnet;
using petnet_bench::MedianMin;

int main(int argc, char **argv) {
  Session session(&argc, &argv, nullptr);
  if (!session.ok()) return 1;
  MPI_Comm comm    = PETSC_COMM_WORLD;
  char     ps[256] = "1000,10000,82433,1000000";
  PetscInt reps    = 200;
  PetscOptionsGetString(nullptr, nullptr, "-p", ps, sizeof ps, nullptr);
  PetscOptionsGetInt(nullptr, nullptr, "-reps", &reps, nullptr);
  std::vector<int> lengths;
  if (ParseWidths(comm, ps, &lengths)) return 1;
  PetscPrintf(comm, "# %d ranks, median (min) over %" PetscInt_FMT " repetitions, microseconds\n",
              Size(comm), reps);
  PetscPrintf(comm, "%9s %22s %22s %22s\n", "p", "allreduce_p", "gather_p", "allreduce_1");
  for (int p : lengths) {
    std::vector<double> a(p, 1.0), b(p);
    Vec                 x, all;
    VecScatter          sc;
    VecCreateMPI(comm, PETSC_DECIDE, p, &x);
    VecSet(x, 1.0);
    VecScatterCreateToAll(x, &sc, &all);
    double ar_med, ar_min, ga_med, ga_min, s_med, s_min, one = 1, sum;
    MedianMin(
        comm, static_cast<int>(reps), 10,
        [&] { MPI_Allreduce(a.data(), b.data(), p, MPI_DOUBLE, MPI_SUM, comm); }, &ar_med, &ar_min);
    MedianMin(
        comm, static_cast<int>(reps), 10,
        [&] {
          VecScatterBegin(sc, x, all, INSERT_VALUES, SCATTER_FORWARD);
          VecScatterEnd(sc, x, all, INSERT_VALUES, SCATTER_FORWARD);
        },
        &ga_med, &ga_min);
    MedianMin(
        comm, static_cast<int>(reps), 10,
        [&] { MPI_Allreduce(&one, &sum, 1, MPI_DOUBLE, MPI_SUM, comm); }, &s_med, &s_min);
    PetscPrintf(comm, "%9d %12.1f (%7.1f) %12.1f (%7.1f) %12.2f (%7.2f)\n", p, ar_med, ar_min,
                ga_med, ga_min, s_med, s_min);
    VecScatterDestroy(&sc);
    VecDestroy(&all);
    VecDestroy(&x);
  }
  return 0;
}
