#pragma once
/// \file allen_cahn_2d_fd.hpp
/// Finite-difference reference for 2D Allen–Cahn: the steady state reached from an
/// initial state u0 by
///
///     u_t = ε² Δu − u(u² − 1) + f(x, y)   in Ω = [lo, hi]²,   u = g on ∂Ω,
///
/// (f = 0, g = 0 for the homotopy paper's problem; f and g exist for manufactured
/// solutions and other boundary data). Several steady states exist; the one reached
/// from u0 is the answer, so the solver first integrates in time and only then polishes
/// with Newton on the steady equations:
///
///  1. DMDA on an n × n vertex grid (boundary included, h = (hi − lo)/(n − 1)),
///     5-point Laplacian (second order), Dirichlet rows u = g.
///  2. TS (default BDF2 with adaptive steps, prefix -ref_) from u0 until the steady
///     residual ‖ε²Δ_h u − u³ + u + f‖∞ ≤ -ref_steady_tol or t = -ref_t_final.
///  3. SNES Newton polish of the steady equations (prefix -ref_polish_) to
///     -ref_polish_snes_atol.
/// Linear solves: GMRES + BoomerAMG (hypre) by default, GAMG where PETSc has no hypre;
/// -ref_pc_type / -ref_polish_pc_type choose others. Everything is distributed with the DMDA (any
/// number of ranks).
///
/// The object is set up once (grid, matrices, solvers) and Solve() can be called
/// repeatedly with different initial states (e.g. many random u0 for operator learning);
/// SetEps() changes ε between solves.
///
///   AllenCahn2DFD ref;
///   ref.Create(comm, 513, 0.05);          // -1..1 by default
///   ref.SetFromOptions();                 // -ref_* options (optional)
///   Vec u; ref.CreateVec(&u);
///   ref.Solve([](double x, double y) { return -std::sin(M_PI*x)*std::sin(M_PI*y); }, u);
///   std::vector<double> vals; ref.Interpolate(u, pts, &vals);   // at any points
#include "core/base.hpp"

#include <petscdmda.h>
#include <petscsnes.h>
#include <petscts.h>

#include <functional>
#include <string>
#include <vector>

namespace petnet {

/// What one Solve() did.
struct AllenCahn2DFDStats {
  PetscInt ts_steps = 0, ts_rejected = 0, snes_its = 0, linear_its = 0;
  double   t_end       = 0;     ///< time reached by the TS phase
  double   ts_residual = 0;     ///< ‖F(u)‖∞ (steady residual, interior) after the TS phase
  double   residual    = 0;     ///< ‖F(u)‖∞ after the polish
  double   wall        = 0;     ///< seconds
  bool     converged   = false; ///< polish converged (SNES reason > 0)
};

using GridFunction2D = std::function<double(double x, double y)>;

class AllenCahn2DFD {
public:
  AllenCahn2DFD() = default;
  ~AllenCahn2DFD();
  AllenCahn2DFD(const AllenCahn2DFD &)            = delete;
  AllenCahn2DFD &operator=(const AllenCahn2DFD &) = delete;

  /// n ≥ 3 vertices per direction (boundary included) on [lo, hi]²; options prefix
  /// (default "ref_") for the TS, its SNES/KSP/PC and the polish ("<prefix>polish_").
  PetscErrorCode Create(MPI_Comm comm, PetscInt n, double eps, double lo = -1.0, double hi = 1.0,
                        const char *prefix = "ref_");
  /// Reads -<prefix>t_final, -<prefix>dt0, -<prefix>steady_tol, -<prefix>monitor and the
  /// TS / polish SNES options. Optional (defaults are usable).
  PetscErrorCode SetFromOptions();
  PetscErrorCode SetEps(double eps);
  /// Static forcing f(x, y) (default 0) and Dirichlet data g(x, y) (default 0).
  PetscErrorCode SetForcing(const GridFunction2D &f);
  PetscErrorCode SetBoundary(const GridFunction2D &g);

  /// The grid (a DMDA with dof 1, stencil width 1). Vecs from CreateVec() live on it.
  DM             Grid() const { return da_; }
  PetscInt       N() const { return n_; }
  double         H() const { return h_; }
  double         Eps() const { return eps_; }
  double         Lo() const { return lo_; }
  double         Hi() const { return hi_; }
  PetscErrorCode CreateVec(Vec *u) const;
  /// u(node) = fn(x, y) at every owned node (boundary included).
  PetscErrorCode Sample(const GridFunction2D &fn, Vec u) const;

  /// Steady state from u0 (boundary values are replaced by g). u0 and u may be the same Vec.
  PetscErrorCode Solve(Vec u0, Vec u, AllenCahn2DFDStats *stats = nullptr);
  PetscErrorCode Solve(const GridFunction2D &u0, Vec u, AllenCahn2DFDStats *stats = nullptr);

  /// ‖ε²Δ_h u − u³ + u + f‖∞ over interior nodes and ‖u − g‖∞ over boundary nodes.
  PetscErrorCode SteadyResidual(Vec u, double *norm) const;

  /// The whole grid on every rank, natural order (x fastest): all[j*n + i] = u(x_i, y_j).
  PetscErrorCode GatherAll(Vec u, std::vector<double> *all) const;
  /// u at arbitrary points (host, row-major m × 2), result on every rank (collective).
  PetscErrorCode Interpolate(Vec u, const std::vector<double> &pts,
                             std::vector<double> *vals) const;

  /// Bicubic (tensor 4-point Lagrange) interpolation of a full grid array (as from
  /// GatherAll) at points; exact at the nodes, fourth order in between.
  static void InterpolateGrid(PetscInt n, double lo, double hi, const std::vector<double> &all,
                              const std::vector<double> &pts, std::vector<double> *vals);

  /// The same at one point.
  static double InterpolateAt(PetscInt n, double lo, double hi, const std::vector<double> &all,
                              double x, double y);

  std::string Describe() const;

private:
  static PetscErrorCode TSIFunction(TS ts, PetscReal t, Vec u, Vec udot, Vec F, void *ctx);
  static PetscErrorCode TSIJacobian(TS ts, PetscReal t, Vec u, Vec udot, PetscReal shift, Mat A,
                                    Mat P, void *ctx);
  static PetscErrorCode TSPostStepSteady(TS ts);
  static PetscErrorCode SNESFunction(SNES snes, Vec u, Vec F, void *ctx);
  static PetscErrorCode SNESJacobian(SNES snes, Vec u, Mat A, Mat P, void *ctx);
  /// F = −(steady residual) on interior nodes + udot (if given), u − g on the boundary.
  PetscErrorCode EvalF(Vec u, Vec udot, Vec F) const;
  /// P = shift·I − ∂(steady residual)/∂u on interior rows, identity on boundary rows.
  PetscErrorCode EvalJ(Vec u, double shift, Mat P) const;

  MPI_Comm    comm_   = MPI_COMM_NULL;
  std::string prefix_ = "ref_";
  PetscInt    n_      = 0;
  double      lo_ = -1, hi_ = 1, h_ = 0, eps_ = 0.05;
  double      t_final_ = 1e4, dt0_ = 1e-2, steady_tol_ = 1e-6;
  PetscBool   monitor_ = PETSC_FALSE;
  DM          da_ = nullptr, da_polish_ = nullptr;
  Vec         f_ = nullptr, g_ = nullptr, uloc_ = nullptr;
  bool        has_f_ = false;
  Mat         J_ = nullptr, Jp_ = nullptr;
  TS          ts_     = nullptr;
  SNES        polish_ = nullptr;
};

} // namespace petnet
