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
/// Its reference per input (finite differences from u₀) is reference/operator_reference.hpp.
#include "pde/operator_problem.hpp"

namespace petnet {

class AllenCahnOperator : public OperatorProblem {
public:
  AllenCahnOperator() { eps_ = 0.05; }
  const char    *Name() const override { return "allen_cahn_2d_operator"; }
  int            Dim() const override { return 2; }
  double         Lo() const override { return -1.0; }
  double         Hi() const override { return 1.0; }
  PetscErrorCode SetFromOptions(MPI_Comm comm) override;
  void           Homotopy(double s, CView2 X, CView1 U0, CView2 U, DView1 r, DView2 G,
                          DView1 rs) const override;
  std::string    Describe() const override;

  /// f at (x, y) (host).
  double Forcing(double x, double y) const;
  /// The forcing's amplitude A (0: no forcing).
  double ForcingAmplitude() const { return amp_; }

private:
  double amp_ = 0.0, bend_ = 0.3;
};

} // namespace petnet
