#pragma once
/// \file burgers_operator.hpp
/// Steady viscous Burgers operators (u₀ ↦ u∞) with zero boundary values:
///
///   burgers_1d_operator  (u²/2)_x − ε u_xx = π sin(πx) cos(πx) on [0, 1]   (paper §5.3):
///                        one shock at x = 1/2; as ε → 0, u → sin(πx) left of it and
///                        −sin(πx) right of it.
///   burgers_2d_operator  (u²/2)_x + (u²/2)_y − ε Δu = f on [0, 1]² with
///                        f = π sin(πx) sin(πy) sin(π(x + y)) = (w²/2)_x + (w²/2)_y for
///                        w = sin(πx) sin(πy). f is odd under (x, y) ↦ (1 − x, 1 − y), so the
///                        steady state is too: u ≈ w for x + y < 1, −w for x + y > 1, with a
///                        sharp interior layer of width O(ε) along the anti-diagonal x + y = 1.
///
/// Both steady states are independent of u₀ (Kreiss & Kreiss 1986; Hao & Yang 2019 for
/// 1D): the operator maps every input to the same function, which the network must
/// learn unsupervised from the homotopy that starts at the identity u = u₀. Their
/// finite-difference references are reference/operator_reference.hpp.
#include "pde/operator_problem.hpp"

namespace petnet {

class BurgersOperator : public OperatorProblem {
public:
  explicit BurgersOperator(int dim) : dim_(dim) { eps_ = dim == 1 ? 0.05 : 0.05; }
  const char *Name() const override {
    return dim_ == 1 ? "burgers_1d_operator" : "burgers_2d_operator";
  }
  int            Dim() const override { return dim_; }
  double         Lo() const override { return 0.0; }
  double         Hi() const override { return 1.0; }
  PetscErrorCode SetFromOptions(MPI_Comm comm) override;
  void           Homotopy(double s, CView2 X, CView1 U0, CView2 U, DView1 r, DView2 G,
                          DView1 rs) const override;
  bool           UniqueSteadyState() const override { return true; }
  std::string    Describe() const override;

  /// The forcing at a point (host).
  double Forcing(const double *x) const;

private:
  int dim_;
};

} // namespace petnet
