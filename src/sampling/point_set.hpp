#pragma once
/// \file point_set.hpp
/// Collocation and boundary point sets, partitioned across ranks with PetscLayout.
/// Every rank generates the same global sequence from the seed and keeps its slice,
/// so the set does not depend on the number of ranks. A point may stand for several
/// (its multiplicity, after folding mirror images onto one): the loss weights it so.
#include "core/base.hpp"
#include "core/kokkos_types.hpp"
#include "core/parity.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace petnet {

class PointSet {
public:
  /// Global points (row-major n × d on the host) split over comm in contiguous
  /// slices (PetscLayout), or all on the last rank (`on_last_rank`, used for the few
  /// boundary points so that the global row order — all interior rows, then all
  /// boundary rows — is the same for every number of ranks).
  /// `mult`: multiplicity of each global point (empty: all 1).
  static PetscErrorCode Create(MPI_Comm comm, int d, std::vector<double> global, PointSet *set,
                               bool on_last_rank = false, const std::vector<double> &mult = {});

  int      Dim() const { return d_; }
  PetscInt GlobalSize() const { return n_global_; }
  PetscInt LocalSize() const { return n_local_; }
  PetscInt Start() const { return start_; }
  /// Local coordinates, host, row-major (LocalSize × d).
  const std::vector<double> &Local() const { return local_; }
  /// Multiplicity of local point q, and the sum over all global points (the number of
  /// points before folding).
  double Multiplicity(PetscInt q) const { return mult_.empty() ? 1.0 : mult_[q]; }
  double TotalMultiplicity() const { return total_mult_; }
  /// Weight √(scale·m_q/M) of local point q's loss row (M = TotalMultiplicity()): the
  /// weighted squares sum to scale × the mean over the points before folding.
  double RowWeight(PetscInt q, double scale = 1.0) const {
    return std::sqrt(scale * Multiplicity(q) / total_mult_);
  }

private:
  int                 d_        = 1;
  PetscInt            n_global_ = 0, n_local_ = 0, start_ = 0;
  std::vector<double> local_, mult_;
  double              total_mult_ = 0;
};

/// The default -sample_n_res: 200, or 14^2 = 196 for a grid in 2D (which needs a square).
PetscInt DefaultResPoints(int dim, const std::string &type);

/// Options of the sampler (-sample_*).
struct SamplingOptions {
  /// Interior points (a perfect square in 2D for the grid unless nx is set); 0 until
  /// SetFromOptions, whose default is DefaultResPoints.
  PetscInt n_res = 0;
  /// 2D grid: points along the first coordinate (n_res/nx along the second); 0: √n_res.
  PetscInt nx   = 0;
  PetscInt n_bc = -1; ///< boundary points (1D: always the 2 end points; 2D default 4·√n_res − 2)
  std::string type   = "grid"; ///< grid | random
  PetscBool   fold   = PETSC_FALSE,
            fold_set = PETSC_FALSE; ///< -sample_fold (FoldByParity) and whether it was given
  PetscErrorCode SetFromOptions(MPI_Comm comm, int dim);
};

/// Interior points of the box [lo, hi]: a uniform grid without the boundary
/// (x_i = lo + (i+1)(hi−lo)/(m+1), m = nx or √n_res points along the first coordinate and
/// n_res/m along the second) or seeded uniform random points.
PetscErrorCode InteriorPoints(MPI_Comm comm, int d, const double *lo, const double *hi,
                              const SamplingOptions &o, std::uint64_t seed,
                              std::vector<double> *pts);
/// Boundary points: 1D the two ends; 2D n_bc points evenly spaced along the perimeter.
/// `faces` (empty: all) says which faces carry points, faces[2k + side] for x_k = lo_k
/// (side 0) and x_k = hi_k (side 1): a point is kept when it lies on a face that does
/// (a corner when either of its faces does), so fewer than n_bc may remain.
PetscErrorCode BoundaryPoints(MPI_Comm comm, int d, const double *lo, const double *hi,
                              PetscInt n_bc, std::vector<double> *pts,
                              const std::vector<bool> &faces = {});
/// Folds a global point list by its mirror symmetries: every coordinate k with a parity
/// is replaced by |x_k|, and points that then coincide (to 1e-12 of the box) become one
/// point whose multiplicity counts them. For a residual with that parity (|r(Rx)| =
/// |r(x)|) the folded set, weighted by multiplicity, has the same loss, gradient and
/// Gauss–Newton matrix as the original; a mirror-symmetric grid shrinks by 2 per
/// coordinate. `mult` (in/out) holds the multiplicities (empty on input: all 1).
void FoldByParity(int d, const std::vector<Parity> &parity, double scale, std::vector<double> *pts,
                  std::vector<double> *mult);
/// Evaluation grid including the boundary: n points in 1D, n × ny in 2D (ny = 0: n × n),
/// x fastest.
std::vector<double> EvaluationGrid(int d, const double *lo, const double *hi, PetscInt n,
                                   PetscInt ny = 0);

} // namespace petnet
