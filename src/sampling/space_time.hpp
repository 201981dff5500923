#pragma once
/// \file space_time.hpp
/// Point sets of the hard-constrained PINN problems on [x_lo, x_hi] × [0, T], periodic
/// in x (pde/periodic_evolution.hpp). Every set is drawn from a seeded generator on
/// every rank identically (global lists), so it does not depend on the number of ranks.
///
///   grid         x_i = x_lo + i (x_hi − x_lo)/nx (i < nx, the periodic point left out),
///                t_j = j T/(nt − 1); point q = j·nx + i (time-major), as (x, t) pairs.
///   labels       N points, uniform in the domain or drawn from the grid (the paper does
///                the latter for reaction–diffusion, whose reference lives on the grid).
///   constraints  M points: M_pde = M − 2⌊M/3⌋ interior PDE points, M_ic = ⌊M/3⌋ initial
///                points (x, 0), M_bc = ⌊M/3⌋ periodic pairs (x_lo, t) ~ (x_hi, t). The
///                paper distributes M evenly over PDE, BC and IC (Appendix B); 7 gives
///                3 + 2 + 2, the authors' code's set.
#include "core/base.hpp"

#include <cstdint>
#include <vector>

namespace petnet {

struct SpaceTimeBox {
  double x_lo = 0, x_hi = 6.283185307179586, T = 1;
};

/// Evaluation grid (see above), (x, t) pairs, nx·nt points.
std::vector<double> SpaceTimeGrid(const SpaceTimeBox &b, PetscInt nx, PetscInt nt);

/// N label locations: uniform in the box (grid_nx = 0) or distinct grid points (indices
/// into SpaceTimeGrid(b, grid_nx, grid_nt) returned in *grid_index).
PetscErrorCode SampleLabelPoints(MPI_Comm comm, const SpaceTimeBox &b, PetscInt N,
                                 std::uint64_t seed, PetscInt grid_nx, PetscInt grid_nt,
                                 std::vector<double> *pts, std::vector<PetscInt> *grid_index);

/// Uniform noise in [−level, level] (one draw per label, seeded).
std::vector<double> UniformNoise(PetscInt n, double level, std::uint64_t seed);

struct ConstraintPoints {
  std::vector<double> pde;  ///< (x, t) pairs
  std::vector<double> ic_x; ///< x of the initial points (t = 0)
  std::vector<double> bc_t; ///< t of the periodic pairs
  PetscInt            Size() const {
               return static_cast<PetscInt>(pde.size() / 2 + ic_x.size() + bc_t.size());
  }
};

PetscErrorCode SampleConstraintPoints(MPI_Comm comm, const SpaceTimeBox &b, PetscInt M,
                                      std::uint64_t seed, ConstraintPoints *c);

} // namespace petnet
