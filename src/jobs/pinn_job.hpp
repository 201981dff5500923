#pragma once
/// \file pinn_job.hpp
/// The MLP job (jobs/pinn_job.cpp: options, reference, set-up; jobs/pinn_solve.cpp: the
/// solvers and the report): -problem allen_cahn_1d | allen_cahn_2d | highfreq | burgers_shock |
/// convection with -method homotopy | homotopy_loss | adam | lbfgs | gauss_newton.
#include "core/choice.hpp"
#include "jobs/job.hpp"

#include "io/checkpoint.hpp"
#include "pde/problem.hpp"
#include "reference/problem_reference.hpp"
#include "residuals/homotopy_loss_residual.hpp"
#include "residuals/pinn_residual.hpp"
#include "sampling/point_set.hpp"
#include "solvers/baselines/adam.hpp"
#include "solvers/baselines/lbfgs.hpp"
#include "solvers/gauss_newton.hpp"
#include "solvers/homotopy/homotopy.hpp"
#include "solvers/homotopy/homotopy_loss.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace petnet {

// The methods and their names, in the same order.
enum class PinnMethod { Homotopy, HomotopyLoss, Adam, Lbfgs, GaussNewton };
extern const Choices kPinnMethods;

struct PinnOptions {
  PetscInt            method = 0; ///< index in kPinnMethods
  PetscInt64          seed   = 0;
  std::string         hidden = "30,30,30";
  std::string         parity; ///< "" or none|even|odd per coordinate (MLPLayout::SetParity)
  std::vector<double> period; ///< empty or one per coordinate, 0 = not periodic (-nn_period)
  double              bc_weight      = 1.0;
  double              phase_weight   = 0;           ///< W of the phase condition rows (0: none)
  PetscBool           phase_tilt     = PETSC_FALSE; ///< phase rows for the tilts as well
  PetscInt            n_eval         = 1000;
  PetscInt            n_eval_y       = 0; ///< 2D: points in the second coordinate (0: n_eval)
  PetscBool           reference_only = PETSC_FALSE;
  std::string init_file; ///< start from the "theta" of an earlier run's HDF5 instead of Xavier
};

/// Errors of u_θ on the evaluation grid: relative L2 against the exact solution, and
/// (1D) the zero crossing of u_θ nearest the middle of the domain.
/// The values the job records at every path point (PathPoint::values), in this order.
constexpr size_t kL2re = 0, kInterfaceX = 1;

struct PinnEvaluator {
  const ProblemReference *reference = nullptr;
  PinnResidual           *f         = nullptr;
  std::vector<double>     grid;
  int                     d = 1;

  /// values[kL2re], values[kInterfaceX] (left as they are where not defined).
  PetscErrorCode operator()(const std::vector<double> &theta, double lambda, double *values) const;
  double         ZeroCrossing(const std::vector<double> &u) const;
};

class PinnJob : public Job {
public:
  using Job::Job;
  std::string    Method() const override;
  SolveOutcome   Outcome() const override;
  bool           ReferenceOnly() const override { return opt_.reference_only; }
  PetscErrorCode SetFromOptions() override;
  PetscErrorCode Reference() override;
  PetscErrorCode SetUp() override;
  PetscErrorCode Solve() override;
  PetscErrorCode Evaluate() override;
  PetscErrorCode Summarize(double wall) override;
  PetscErrorCode AddDatasets() override;
  void           AddXdmfGrids();

private:
  // options and set-up (jobs/pinn_job.cpp)
  PetscErrorCode SetNetworkFromOptions();
  PetscErrorCode NetworkPeriods();
  PetscErrorCode SetSolverFromOptions();
  PetscErrorCode CreatePoints();
  PetscErrorCode InitialParameters();
  PetscErrorCode PrintBanner();
  // solve and report (jobs/pinn_solve.cpp)
  PetscErrorCode SolveHomotopy();
  PetscErrorCode SolveHomotopyLoss();
  PetscErrorCode SolveBaseline();
  PetscErrorCode EmitPath(const std::vector<PathPoint> &hist, const std::vector<double> &waypoints);
  PetscErrorCode EmitWaypoints(const std::vector<PathPoint> &hist,
                               const std::vector<double>    &waypoints);
  std::vector<unsigned long long> GridShape() const;

  PinnOptions                       opt_;
  PinnMethod                        method_ = PinnMethod::Homotopy;
  std::unique_ptr<Problem>          pde_;
  std::unique_ptr<ProblemReference> reference_;
  MLPLayout                         layout_;
  std::vector<Parity>               parity_;
  SamplingOptions                   sopt_;
  bool                              fold_ = false;
  // the solvers (only the chosen one reads its options)
  HomotopySolver     hom_;
  HomotopyLossSolver hl_;
  AdamSolver         adam_;
  LbfgsSolver        lbfgs_;
  GaussNewtonOptions gn_;
  GNResult           gn_res_; ///< how -method gauss_newton ended
  LeastSquares       gn_ls_;
  Checkpoint         ckpt_;
  // set-up
  std::vector<double>  grid_; ///< the evaluation grid
  PointSet             interior_, boundary_;
  PinnResidual         f_;
  HomotopyLossResidual fhl_; ///< Strategy 2: the same rows plus the L_Heps block
  std::vector<double>  theta_;
  PinnEvaluator        eval_;
  PathObserver         observer_; ///< eval_ and the names of its values, for the path record
  // results
  PathPoint final_;
  struct SolveSet {
    std::string         path;
    DatasetInfo         info;
    std::vector<double> data;
  };
  std::vector<SolveSet> solve_sets_; ///< the solve's datasets
  std::vector<double>   u_, exact_;
};

} // namespace petnet
