#pragma once
/// \file allen_cahn_operator.hpp
/// 2D Allen–Cahn steady-state operator u₀ ↦ u∞ (allen_cahn_2d_operator): u∞ is the
/// long-time limit of
///
///   u_t = ε² Δu − u³ + u + f   on [−1, 1]²,   u = 0 on the boundary,   u(0) = u₀,
///
/// i.e. N_ε(u) = −ε² Δu + u³ − u and the steady equation N_ε(u) = f. The homotopy is
/// the paper's (§5.3, eq. (57)–(58)) with this sign of N:
///
///   H(u, s) = (1 − s)(N_{ε(s)}(u) − f) + s(u − u₀),   ε(s) = max(s, ε),
///
/// which for fixed ε is one implicit-Euler step of the gradient flow from u₀ with
/// pseudo-time (1 − s)/s. (The paper's 2D Allen–Cahn homotopy multiplies the PDE part
/// by −1: the same end points s = 0 and s = 1, a different path in between.)
///
/// Forcing: f(x, y) = A sin(π(x − b cos²(πy/2))/2) (-pde_forcing_amp A, default 0;
/// -pde_forcing_bend b, default 0.3). f changes sign on the curve x = b cos²(πy/2),
/// which meets the boundary y = ±1 at right angles, and pins there an interface of
/// width O(ε): u ≈ −1 to its left, +1 to its right. With A = 0.5 every GRF input of
/// the decks reaches the same state (the job reports the spread of the references).
/// (A forcing whose zero line ends in corners, e.g. sin(π(x + y)/2), leaves the
/// interface end free to bend to either side there: the state then depends on u₀.)
/// With A = 0 the problem is the paper's symmetric one: ±u* are both stable and the
/// operator is piecewise constant on their two basins of attraction.
///
/// Reference per input: reference/allen_cahn_2d_fd.hpp (DMDA, TS to steady state from
/// u₀ + Newton polish; -ref_* options) on (m − 1)·refine + 1 nodes per side, one
/// process per solve (the job spreads the test inputs over the ranks). u₀ is given on
/// the m-point grid and interpolated bicubically onto the reference grid.
#include "pde/operator_problem.hpp"
#include "reference/allen_cahn_2d_fd.hpp"

#include <memory>

namespace petnet {

class AllenCahnOperator : public OperatorProblem {
public:
  AllenCahnOperator() { eps_ = 0.05; }
  const char *Name() const override { return "allen_cahn_2d_operator"; }
  int Dim() const override { return 2; }
  double Lo() const override { return -1.0; }
  double Hi() const override { return 1.0; }
  PetscErrorCode SetFromOptions(MPI_Comm comm) override;
  PetscErrorCode Prepare(MPI_Comm comm, PetscInt m) override;
  void Homotopy(double s, CView2 X, CView1 U0, CView2 U, DView1 r, DView2 G, DView1 rs) const override;
  PetscErrorCode Reference(const std::vector<double> &u0, PetscInt m, std::vector<double> *u,
                           double *grid_error) const override;
  std::string Describe() const override;

  /// f at (x, y) (host).
  double Forcing(double x, double y) const;

private:
  /// Finite-difference steady state from u0 (m-point grid) on the (m − 1)·r + 1 grid, at the m-point grid.
  PetscErrorCode SolveOn(AllenCahn2DFD &fd, PetscInt r, const std::vector<double> &u0, PetscInt m,
                         std::vector<double> *u) const;

  double   amp_ = 0.0, bend_ = 0.3;
  PetscInt refine_ = 4; ///< reference grid: (m − 1)·refine intervals per side
  PetscInt m_ = 0;      ///< the m-point grid the solvers were made for (Prepare)
  // Solving changes the solvers' state, not the problem: Reference() stays const.
  std::unique_ptr<AllenCahn2DFD> fine_, half_;
};

} // namespace petnet
