#include "sampling/space_time.hpp"

#include "core/random.hpp"

#include <algorithm>
#include <unordered_set>

namespace petnet {

std::vector<double> SpaceTimeGrid(const SpaceTimeBox &b, PetscInt nx, PetscInt nt) {
  std::vector<double> g(static_cast<size_t>(2 * nx * nt));
  for (PetscInt j = 0; j < nt; ++j)
    for (PetscInt i = 0; i < nx; ++i) {
      const PetscInt q = j * nx + i;
      g[2 * q]     = b.x_lo + (b.x_hi - b.x_lo) * static_cast<double>(i) / static_cast<double>(nx);
      g[2 * q + 1] = nt > 1 ? b.T * static_cast<double>(j) / static_cast<double>(nt - 1) : 0.0;
    }
  return g;
}

PetscErrorCode SampleLabelPoints(MPI_Comm comm, const SpaceTimeBox &b, PetscInt N,
                                 std::uint64_t seed, PetscInt grid_nx, PetscInt grid_nt,
                                 std::vector<double> *pts, std::vector<PetscInt> *grid_index) {
  PetscFunctionBeginUser;
  PetscCheck(N >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "number of labelled points N must be >= 1, got %" PetscInt_FMT, N);
  Rng rng(seed * 0x9E3779B97F4A7C15ULL + 101);
  pts->resize(static_cast<size_t>(2 * N));
  grid_index->clear();
  if (grid_nx > 0) {
    PetscCheck(N <= grid_nx * grid_nt, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "N = %" PetscInt_FMT " labels exceed the %" PetscInt_FMT " grid points", N,
               grid_nx * grid_nt);
    std::unordered_set<PetscInt> seen;
    while (static_cast<PetscInt>(grid_index->size()) < N) {
      const PetscInt q =
          static_cast<PetscInt>(rng.Next() % static_cast<std::uint64_t>(grid_nx * grid_nt));
      if (!seen.insert(q).second) continue;
      grid_index->push_back(q);
    }
    for (PetscInt k = 0; k < N; ++k) {
      const PetscInt q = (*grid_index)[k], i = q % grid_nx, j = q / grid_nx;
      (*pts)[2 * k] =
          b.x_lo + (b.x_hi - b.x_lo) * static_cast<double>(i) / static_cast<double>(grid_nx);
      (*pts)[2 * k + 1] = b.T * static_cast<double>(j) / static_cast<double>(grid_nt - 1);
    }
  } else {
    for (PetscInt k = 0; k < N; ++k) {
      (*pts)[2 * k]     = rng.Uniform(b.x_lo, b.x_hi);
      (*pts)[2 * k + 1] = rng.Uniform(0.0, b.T);
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::vector<double> UniformNoise(PetscInt n, double level, std::uint64_t seed) {
  Rng                 rng(seed * 0x9E3779B97F4A7C15ULL + 202);
  std::vector<double> e(static_cast<size_t>(n));
  for (auto &v : e) v = rng.Uniform(-level, level);
  return e;
}

PetscErrorCode SampleConstraintPoints(MPI_Comm comm, const SpaceTimeBox &b, PetscInt M,
                                      std::uint64_t seed, ConstraintPoints *c) {
  PetscFunctionBeginUser;
  PetscCheck(M >= 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "number of constraint points M must be >= 3 (PDE, initial and periodic rows), got "
             "%" PetscInt_FMT,
             M);
  const PetscInt m_ic = M / 3, m_bc = M / 3, m_pde = M - m_ic - m_bc;
  Rng            rng(seed * 0x9E3779B97F4A7C15ULL + 303);
  c->pde.resize(static_cast<size_t>(2 * m_pde));
  for (PetscInt k = 0; k < m_pde; ++k) {
    c->pde[2 * k]     = rng.Uniform(b.x_lo, b.x_hi);
    c->pde[2 * k + 1] = rng.Uniform(0.0, b.T);
  }
  c->ic_x.resize(static_cast<size_t>(m_ic));
  for (auto &x : c->ic_x) x = rng.Uniform(b.x_lo, b.x_hi);
  c->bc_t.resize(static_cast<size_t>(m_bc));
  for (auto &t : c->bc_t) t = rng.Uniform(0.0, b.T);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
