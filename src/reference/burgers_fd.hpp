#pragma once
/// \file burgers_fd.hpp
/// Steady viscous Burgers references by finite differences and PETSc SNES (Newton),
/// with continuation in ε from ε = 1 down to the target (Newton from zero does not
/// converge for small ε):
///
///   1D: (u²/2)' − ε u'' = f on [0, 1], u(0) = u(1) = 0; n intervals, central
///       differences for both terms (second order; the grid resolves the layer when
///       h ≪ ε).
///   2D: (u²/2)_x + (u²/2)_y − ε Δu = f on [0, 1]², u = 0 on the boundary; DMDA with
///       n × n intervals, 5-point Laplacian, central fluxes, one process per solve.
#include "core/base.hpp"

#include <functional>
#include <vector>

namespace petnet {

/// u at the n + 1 nodes x_j = j/n.
PetscErrorCode SteadyBurgers1D(double eps, PetscInt n, const std::function<double(double)> &f,
                               std::vector<double> *u);
/// u at the (n + 1)² nodes (x_i, y_j) = (i/n, j/n), index i·(n+1) + j. With a `start`
/// state: Newton (backtracking line search) at the target ε from it instead of the ε
/// continuation from zero — which steady state a start reaches (uniqueness checks).
PetscErrorCode SteadyBurgers2D(double eps, PetscInt n,
                               const std::function<double(double, double)> &f,
                               std::vector<double>                         *u,
                               const std::function<double(double, double)> &start = nullptr);

} // namespace petnet
