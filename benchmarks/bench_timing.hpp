#pragma once
/// \file bench_timing.hpp
/// Wall-clock timing for the benchmark programs (never used by tests).
#include "core/resources.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace petnet_bench {

/// Best of `reps` runs of f, in seconds; the ranks of comm start together and the time
/// ends when the slowest is done (barriers), so a parallel product is timed whole.
/// cpu_best (optional): the best of the slowest rank's CPU seconds for f, which on cores
/// shared with other jobs measures the work where wall time measures the contention.
template <class F> double BestOf(MPI_Comm comm, int reps, F &&f, double *cpu_best = nullptr) {
  double best = 1e300, cbest = 1e300;
  for (int r = 0; r < reps; ++r) {
    MPI_Barrier(comm);
    const auto   t0 = std::chrono::steady_clock::now();
    const double c0 = petnet::ProcessCpuSeconds();
    f();
    double c = petnet::ProcessCpuSeconds() - c0, cmax;
    MPI_Barrier(comm);
    best = std::min(best,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    MPI_Allreduce(&c, &cmax, 1, MPI_DOUBLE, MPI_MAX, comm);
    cbest = std::min(cbest, cmax);
  }
  if (cpu_best) *cpu_best = cbest;
  return best;
}

/// Median and minimum (microseconds) of the slowest rank's time for f over `reps` runs
/// after `warmup` untimed ones: for collectives, whose cost varies from call to call.
template <class F>
void MedianMin(MPI_Comm comm, int reps, int warmup, F &&f, double *median_us, double *min_us) {
  std::vector<double> t;
  for (int r = 0; r < reps + warmup; ++r) {
    MPI_Barrier(comm);
    const double t0 = MPI_Wtime();
    f();
    double dt = MPI_Wtime() - t0, dmax;
    MPI_Allreduce(&dt, &dmax, 1, MPI_DOUBLE, MPI_MAX, comm);
    if (r >= warmup) t.push_back(dmax);
  }
  std::sort(t.begin(), t.end());
  *median_us = 1e6 * t[t.size() / 2];
  *min_us    = 1e6 * t.front();
}

} // namespace petnet_bench
