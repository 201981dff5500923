#pragma once
/// \file operator_reference.hpp
/// Finite-difference references of the operator problems (pde/operator_problem.hpp): the
/// steady state for an input u₀, computed from the problem's parameters on
/// (m − 1)·refine + 1 nodes per side (-pde_ref_refine, even) and returned on the uniform
/// m-point grid per side (boundary included) the inputs are given on.
///
///   burgers_1d_operator, burgers_2d_operator  reference/burgers_fd.hpp (Newton with ε
///                                             continuation; default refine 32 in 1D, 8 in 2D)
///   allen_cahn_2d_operator                    reference/allen_cahn_2d_fd.hpp (TS to steady
///                                             state from u₀ + Newton polish, -ref_* options;
///                                             one process per solve; default refine 4)
///   burgers_2d_forcing, allen_cahn_2d_forcing reference/forcing_reference.hpp (default
///                                             refine 4)
///   burgers_1d_pideeponet                     reference/burgers_space_time_reference.hpp
///                                             (pseudo-spectral ETDRK4, u(x, t) on the
///                                             m × m (x, t) grid; -pde_ref_* options)
#include "core/base.hpp"
#include "pde/operator_problem.hpp"

#include <memory>
#include <vector>

namespace petnet {

class OperatorReference {
public:
  virtual ~OperatorReference() = default;
  /// The steady state for the input u₀ (values on the m-point grid, u0[i·m + j] =
  /// u₀(x_i, y_j)), on the same grid. `grid_error` (optional) gets the reference's own
  /// error estimate: the difference to the solution on a grid twice as coarse, max norm.
  virtual PetscErrorCode Solve(const std::vector<double> &u0, std::vector<double> *u,
                               double *grid_error) const = 0;
  /// Uniqueness check: the largest max-norm difference between `u` (Solve()'s state for
  /// u0) and the states reached from other starts; negative where the reference has none.
  virtual PetscErrorCode StartsDifference(const std::vector<double> &u0,
                                          const std::vector<double> &u, double *diff) const {
    *diff = -1;
    return PETSC_SUCCESS;
  }
};

/// Reads -pde_ref_refine (default `*refine`) and checks it (even, ≥ 2).
PetscErrorCode OperatorReferenceRefine(MPI_Comm comm, const char *title, PetscInt *refine);

/// The reference of `problem` (borrowed: it must outlive the reference) for inputs on the
/// m-point grid: reads and checks -pde_ref_refine and the solver's options, sets the
/// solvers up.
PetscErrorCode CreateOperatorReference(MPI_Comm comm, const OperatorProblem &problem, PetscInt m,
                                       std::unique_ptr<OperatorReference> *ref);

} // namespace petnet
