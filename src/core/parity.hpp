#pragma once
/// \file parity.hpp
/// Even/odd symmetry in one coordinate, shared by the network (an ansatz that has it,
/// nn/mlp.hpp), the problems (a residual that respects it, pde/problem.hpp) and the
/// sampler (folding mirror-image collocation points, sampling/point_set.hpp).
#include "core/base.hpp"

#include <vector>

namespace petnet {

/// f(..., −x_k, ...) = f (Even), −f (Odd), or no relation (None).
enum class Parity { None, Even, Odd };

const char *ParityName(Parity p);

/// Parses "odd,odd" (none | even | odd per coordinate, exactly d entries).
PetscErrorCode ParseParity(MPI_Comm comm, const char *text, int d, std::vector<Parity> *parity);

} // namespace petnet
