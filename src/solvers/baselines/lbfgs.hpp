#pragma once
/// \file lbfgs.hpp
/// L-BFGS (PETSc TAO, TAOLMVM with its Moré–Thuente line search) on ½‖r(θ, λ)‖² at
/// fixed λ. θ is replicated, so every rank runs the same TAO on a sequential vector;
/// the objective and gradient are the collective, allreduced values, identical on
/// every rank. TAO options under -lbfgs_ (e.g. -lbfgs_tao_max_it, -lbfgs_tao_gatol).
#include "functions/residual_function.hpp"

#include <petsctao.h>
#include <vector>

namespace petnet {

class LbfgsSolver {
public:
  ~LbfgsSolver();
  PetscErrorCode SetFromOptions(MPI_Comm comm);
  PetscErrorCode Solve(ResidualFunction &f, double lambda, std::vector<double> &theta,
                       std::vector<double> *history);

private:
  static PetscErrorCode ObjGrad(Tao tao, Vec x, PetscReal *obj, Vec g, void *ctx);
  Tao                   tao_     = nullptr;
  ResidualFunction     *f_       = nullptr;
  double                lambda_  = 0;
  Vec                   r_       = nullptr;
  std::vector<double>  *history_ = nullptr;
  PetscInt              evals_   = 0;
};

} // namespace petnet
