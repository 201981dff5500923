#pragma once
/// \file least_squares_impl.hpp
/// The implementation side of LeastSquares (linalg/least_squares.hpp), PETSc style: one
/// class per -<prefix>ls_type derived from LeastSquaresImpl, each in its own file, and
/// one table (LeastSquaresTypes) of {name, description, factory} that SetFromOptions
/// chooses from. LSQLayout holds the row layout and the gathers every type shares.
#include "linalg/least_squares.hpp"

#include <memory>
#include <string>
#include <vector>

namespace petnet {

/// The row layout of the current Jacobian and the collective helpers on it.
struct LSQLayout {
  MPI_Comm         comm = MPI_COMM_NULL;
  PetscInt         p = 0, n = 0, n_local = 0; ///< columns, rows in all, rows here
  std::vector<int> counts, displs;            ///< rows per rank and their offsets

  /// Shape and layout of the source's Jacobian (collective).
  PetscErrorCode Set(MPI_Comm comm, JacobianSource &jac);
  /// All n entries of a row vector on every rank.
  PetscErrorCode GatherRows(Vec b, std::vector<double> *all) const;
  /// All rows of a row-distributed dense m × p matrix on every rank, row-major.
  PetscErrorCode GatherMatRows(Mat A, std::vector<double> *rows, PetscInt *n_total) const;
  /// AᵀA of a row-distributed dense matrix (lower triangle, p × p, column-major),
  /// summed over the ranks: each multiplies its own rows, one MPI_Allreduce of p² values.
  PetscErrorCode LocalGram(Mat A, std::vector<double> *G) const;

  // The column split of the Gram products K Kᵀ: each rank holds every row of K but only
  // its own contiguous block of columns, multiplies that block, and one reduction sums
  // the blocks. On one rank each helper does exactly what the unsplit product does.

  /// This rank's columns [*c0, *c1) of the p (balanced contiguous blocks).
  void ColumnRange(PetscInt *c0, PetscInt *c1) const;
  /// All rows of a row-distributed dense matrix restricted to this rank's columns,
  /// appended to *block (row-major, width c1 − c0): one MPI_Alltoallv. *n_total gets
  /// the matrix's global row count.
  PetscErrorCode GatherMatColumns(Mat A, std::vector<double> *block, PetscInt *n_total) const;
  /// G = K Kᵀ (N × N column-major, lower triangle) of the column-split N-row K whose
  /// block this rank holds: each rank multiplies its block, one MPI_Allreduce of the
  /// N(N+1)/2 lower-triangle values.
  PetscErrorCode ColumnGram(const std::vector<double> &block, PetscInt N,
                            std::vector<double> *G) const;
  /// x = Kᵀ y (all p entries on every rank) for the same K and a y (N) known on every
  /// rank: each rank its own columns, one MPI_Allgatherv.
  PetscErrorCode ColumnTransposeMult(const std::vector<double> &block, PetscInt N, const double *y,
                                     double *x) const;
};

/// One least-squares type. Setup sees the settings and layout of its LeastSquares
/// (both outlive it and may change between calls, as the front end's setters allow).
class LeastSquaresImpl {
public:
  virtual ~LeastSquaresImpl() = default;
  /// Read the type's own options (under -<prefix>ls_) once the type is known.
  virtual PetscErrorCode SetFromOptions(MPI_Comm comm, const std::string &prefix);
  virtual PetscErrorCode Setup(const LeastSquaresOptions &opt, const LSQLayout &lay,
                               JacobianSource &jac) = 0;
  /// mu: the total Tikhonov damping; metric_scale multiplies κ (types with a metric).
  virtual PetscErrorCode Solve(const LeastSquaresOptions &opt, const LSQLayout &lay, Vec b,
                               double mu, double metric_scale, double *x, LSQStats *st) = 0;
  /// Whether -<prefix>ls_metric κ > 0 is supported.
  virtual bool               SupportsMetric() const { return true; }
  const std::vector<double> &SingularValues() const { return s_; }
  /// The owner's iteration hook (an iterative type calls it if it is set); the owner
  /// outlives its implementation.
  const LSQIterationHook *hook = nullptr;

protected:
  std::vector<double> s_; ///< descending singular values (or their scale) of the last setup
};

struct LeastSquaresType {
  const char *name;
  const char *description;
  std::unique_ptr<LeastSquaresImpl> (*create)();
};

/// The registered types, in the order -help lists them.
const std::vector<LeastSquaresType> &LeastSquaresTypes();

std::unique_ptr<LeastSquaresImpl> CreateLeastSquaresSVD();
std::unique_ptr<LeastSquaresImpl> CreateLeastSquaresGram();
std::unique_ptr<LeastSquaresImpl> CreateLeastSquaresChol();
std::unique_ptr<LeastSquaresImpl> CreateLeastSquaresLSQR();

} // namespace petnet
