#pragma once
/// \file problem_reference.hpp
/// The solution an MLP run measures its error against and writes out: the problem's
/// closed form (pde/problem.hpp) where it has one, else a classical reference computed
/// here from the problem's parameters (allen_cahn_2d: reference/allen_cahn_2d_reference.hpp).
///
///   std::unique_ptr<ProblemReference> ref;
///   CreateProblemReference(comm, *problem, &ref); // reads the reference's options
///   ref->Compute(comm);                             // the heavy part, once options are checked
///   if (ref->Has(lambda)) u = ref->At(x, lambda);
#include "core/base.hpp"
#include "pde/problem.hpp"

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace petnet {

class ProblemReference {
public:
  virtual ~ProblemReference() = default;
  /// Heavy collective work (a finite-difference solve, a file read). Default: nothing.
  virtual PetscErrorCode Compute(MPI_Comm comm) { return PETSC_SUCCESS; }
  /// Whether the solution at λ is known, and its value at x (host).
  virtual bool   Has(double lambda) const                 = 0;
  virtual double At(const double *x, double lambda) const = 0;
  /// The reference's own error estimate (e.g. from a rerun with twice the resolution),
  /// NaN where it has none; known after Compute().
  virtual double ErrorEstimate() const { return NAN; }
  /// The reference on its own grid, for output (row-major, shape, one line saying what it
  /// is, the ε it was computed for); false if there is none (closed forms).
  virtual bool Grid(std::vector<double> *u, std::vector<unsigned long long> *shape,
                    std::string *what, double *eps) const {
    return false;
  }
};

/// The reference for `problem` (borrowed: it must outlive the reference). Reads and checks
/// the reference's options (allen_cahn_2d: -pde_ref_n, -pde_ref_file, -ref_*) and sets up
/// its solver; nothing heavy happens before Compute().
PetscErrorCode CreateProblemReference(MPI_Comm comm, const Problem &problem,
                                      std::unique_ptr<ProblemReference> *ref);

} // namespace petnet
