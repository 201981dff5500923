#pragma once
/// \file operator_test.hpp
/// The report of the operator job (jobs/operator_job.cpp): the trained DeepONet on unseen
/// input functions against the problem's references, and the scale figures of the training.
#include "core/base.hpp"
#include "io/output.hpp"
#include "pde/operator_problem.hpp"
#include "reference/operator_reference.hpp"
#include "residuals/operator_residual.hpp"
#include "sampling/grf.hpp"

#include <vector>

namespace petnet {

/// Test inputs supplied by the user (-op_test_file FILE.h5): the datasets tests/u0 (each
/// input's values at the sensors) and tests/reference (its reference output on the grid),
/// both of shape (n, m) in 1D or (n, m, m) in 2D — the layout an operator run writes, so a
/// run's own output is a valid test file. A space-time problem's inputs are (n, m) and its
/// references (n, m, m) (t, x).
struct OperatorTestSet {
  std::string         file; ///< empty: the built-in test inputs
  PetscInt            n = 0;
  std::vector<double> u0, reference; ///< n × P each, row-major (every rank holds all)

  /// Reads FILE (collective) and checks it against the grid: inputs of dim dimensions of m
  /// points, references of ref_dim (−1: dim).
  PetscErrorCode Read(MPI_Comm comm, const std::string &file, int dim, PetscInt m,
                      int ref_dim = -1);
};

/// Errors on the test inputs n_train, …, n_train + n_test − 1 (or those of an
/// OperatorTestSet), split over the ranks.
struct OperatorTest {
  /// over all test inputs; NaN when the error of some input is not finite (nonfinite)
  double   l2re_mean = 0, l2re_max = 0, shock_mse = 0;
  PetscInt nonfinite  = 0; ///< test inputs whose prediction or error is not finite
  double   grid_err   = 0; ///< the references' own grid error (the largest)
  double   ref_spread = 0; ///< u₀-dependent references: max_t ‖u_ref(t) − mean_t u_ref‖∞
  double   ref_spread_l2 = 0; ///< and max_t ‖u_ref(t) − ū‖₂/‖ū‖₂, ū = mean_t u_ref
  /// The references' uniqueness check on the first kUniquenessInputs built-in test inputs:
  /// the largest max-norm difference between the reference and the states reached from other
  /// starts; negative where the reference has no such check.
  double uniqueness = -1;

  /// Evaluates θ on this rank's test inputs and reduces the errors over the ranks.
  /// grid: the 1D grid of the points (the shock's in 1D).
  PetscErrorCode Run(MPI_Comm comm, OperatorProblem &pde, OperatorReference &reference,
                     const std::vector<double> &grid, OperatorResidual &f,
                     const InputProvider &inputs, const std::vector<double> &theta,
                     PetscInt n_train, PetscInt n_test, PetscInt m,
                     const OperatorTestSet &given = {});
  /// The references' figures into the summary's metrics: with a reference per input
  /// ref_spread, ref_spread_l2, reference_uniqueness
  /// where the reference checks it.
  void ReferenceMetrics(Json &metrics) const;
  /// One reference for every input (the problem's steady state does not depend on u₀).
  bool UniqueReference() const { return !u_unique_.empty(); }
  /// Collective: test0/u0, test0/u, test0/reference, test0/error (the first test input,
  /// its prediction, reference and error), tests/l2re (every test input's L2RE) and tests/u0,
  /// tests/u, tests/reference, tests/error for the first n_out test inputs
  /// (each rank writes its own rows).
  PetscErrorCode AddDatasets(MPI_Comm comm, int dim, PetscInt m, PetscInt P, PetscInt n_out,
                             RunOutput &out) const;

private:
  PetscErrorCode Reduce(MPI_Comm comm, const double sums[3], PetscInt n_test, PetscInt P);

  PetscInt            tfirst_ = 0, tcount_ = 0;
  PetscInt            S_ = 0; ///< sensor values per input
  std::vector<double> sens_, upred_, u_unique_, ref_sum_, ref_all_, l2re_;
};

/// Built-in test inputs whose references are solved from several starts (uniqueness check).
constexpr PetscInt kUniquenessInputs = 3;

/// Test inputs saved by default (-output_tests): all of them, or as many as keep each
/// tests/ dataset within this many values (32 MiB).
constexpr PetscInt kOutputTestsValueCap = PetscInt(1) << 22;

/// Work and time of the training (the scale figures) into `metrics`.
PetscErrorCode ScaleMetrics(MPI_Comm comm, const OperatorCounters &c, double t_train,
                            double cpu_train, Json &metrics);

} // namespace petnet
