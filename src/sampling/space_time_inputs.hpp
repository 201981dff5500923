#pragma once
/// \file space_time_inputs.hpp
/// The data of a space–time operator problem (pde/operator_problem.hpp, SpaceTime()):
/// inputs u₀ drawn from the periodic Gaussian random field of sampling/periodic_grf.hpp
/// (-grf_sigma, -grf_tau, -grf_gamma, -grf_modes), seen at the m sensors x_j = j/(m − 1),
/// j = 0..m − 1 (the last repeats the first: the PI-DeepONet benchmark's 101 sensors for
/// m = 101), and the m × m (x, t) grid x_j, t_k = k/(m − 1), t-major (point k·m + j), whose
/// first m points (t = 0) carry the initial condition.
#include "sampling/periodic_grf.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace petnet {

class SpaceTimeInputs {
public:
  /// Reads the -grf_* options (collective).
  PetscErrorCode             Setup(MPI_Comm comm, PetscInt m);
  PetscInt                   Sensors() const { return m_; }
  PetscInt                   Size() const { return m_ * m_; }
  const std::vector<double> &Grid() const { return grid_; }
  /// The Size() points (x, t) (row-major pairs) and their flags: 1 at t = 0.
  void GridPoints(std::vector<double> *points, std::vector<char> *initial) const;
  /// Input number `index`: its sensor values (Sensors()) and u₀(x) at every point (Size()).
  void Sample(std::uint64_t seed, std::int64_t index, double *sensors, double *at_points) const;
  /// Sample as a function of the index (seed fixed; this object must outlive it).
  std::function<void(std::int64_t, double *, double *)> Provider(std::uint64_t seed) const {
    return [this, seed](std::int64_t i, double *s, double *a) { Sample(seed, i, s, a); };
  }

private:
  PeriodicGaussianRandomField grf_;
  PetscInt                    m_ = 0;
  std::vector<double>         grid_;
};

} // namespace petnet
