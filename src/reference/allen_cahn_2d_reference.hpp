#pragma once
/// \file allen_cahn_2d_reference.hpp
/// The reference of the 2D Allen–Cahn homotopy (pde/allen_cahn.hpp) at its target s = 0:
/// the finite-difference steady state reached from u0 = −sin(πx) sin(πy) at ε = ε_min
/// (reference/allen_cahn_2d_fd.hpp) on -pde_ref_n nodes per direction (default 401; 0:
/// none), or read from -pde_ref_file (an HDF5 written by `petnet -reference`), and
/// interpolated bicubically wherever the error is measured.
#include "reference/allen_cahn_2d_fd.hpp"
#include "reference/problem_reference.hpp"

#include <memory>
#include <string>
#include <vector>

namespace petnet {

class AllenCahn2DReference : public ProblemReference {
public:
  /// Reads -pde_ref_n and -pde_ref_file; without a file, sets up the solver now so that
  /// its -ref_* options are read (and checked) before any work.
  PetscErrorCode SetFromOptions(MPI_Comm comm, double eps_min);
  /// Solves (or reads the file); prints what it did.
  PetscErrorCode Compute(MPI_Comm comm) override;
  bool           Has(double s) const override { return s == 0.0 && !ref_u_.empty(); }
  double         At(const double *x, double s) const override;
  bool Grid(std::vector<double> *u, std::vector<unsigned long long> *shape, std::string *what,
            double *eps) const override;

private:
  PetscErrorCode Read(MPI_Comm comm);

  double      eps_min_ = 0.05;
  PetscInt    ref_n_   = 401;            ///< -pde_ref_n: reference nodes per direction (0: none)
  std::string ref_file_;                 ///< -pde_ref_file: read the reference instead
  std::unique_ptr<AllenCahn2DFD> fd_;    ///< the solver (set up in SetFromOptions, run in Compute)
  std::vector<double>            ref_u_; ///< reference on ref_n_ x ref_n_ nodes, every rank
  std::string                    ref_what_;
};

} // namespace petnet
