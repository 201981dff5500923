#pragma once
/// \file forcing_reference.hpp
/// References of the forcing operators (pde/forcing_operator.hpp): for each input forcing f
/// (given on the m-point grid, interpolated bicubically onto the reference grid of
/// (m − 1)·refine + 1 nodes per side) the finite-difference steady state:
///
///   burgers_2d_forcing     reference/burgers_fd.hpp, Newton with ε continuation from zero
///   allen_cahn_2d_forcing  reference/allen_cahn_2d_fd.hpp, the gradient flow from zero to
///                          its steady state, then a Newton polish (-ref_* options)
///
/// and, for the uniqueness check, the states reached from the starts u = +1, −1 and a
/// smooth random state (Burgers: damped Newton at the target ε from each; Allen–Cahn: the
/// gradient flow from each).
#include "pde/forcing_operator.hpp"
#include "reference/operator_reference.hpp"

namespace petnet {

PetscErrorCode CreateForcingReference(MPI_Comm comm, const ForcingOperator &problem, PetscInt m,
                                      std::unique_ptr<OperatorReference> *ref);

} // namespace petnet
