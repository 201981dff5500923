#pragma once
/// \file dbn_state.hpp
/// The checkpoint state of dBN (ritz/dbn) and of the adaptive loop around it (ritz/adbn):
/// what an iteration leaves for the next one, as SolverState arrays (core/solver_state).
/// The random generator's 64-bit words are stored as two 32-bit halves (exact in doubles).
#include "ritz/adbn.hpp"

#include <vector>

namespace petnet {

/// What one dBN iteration hands to the next besides the model and the result.
struct DbnLoop {
  int                 k     = 0;   ///< the next iteration of this solve
  int                 it0   = 0;   ///< iteration number of its first one (AdBN levels)
  double              Jprev = NAN; ///< the energy of the previous iteration
  std::vector<double> b_good;      ///< b before the last move (its energy was finite)
};

/// dBN's state: b, the loop, the history, the iteration count, the snapshots, the generator.
void           DbnCapture(SolverState *s, const ShallowReLU &model, const DbnResult &result,
                          const DbnLoop &loop, const Rng *rng);
PetscErrorCode DbnRestore(MPI_Comm comm, const SolverState &s, ShallowReLU *model,
                          DbnResult *result, DbnLoop *loop, Rng *rng);

/// AdBN's state around the nested dBN one: the level and the finished levels.
void           AdbnCapture(SolverState *s, int level, const std::vector<AdaptiveLevel> &levels);
PetscErrorCode AdbnRestore(MPI_Comm comm, const SolverState &s, int *level,
                           std::vector<AdaptiveLevel> *levels);

} // namespace petnet
