#pragma once
/// \file forcing_operator.hpp
/// Forcing-to-steady-state operators f ↦ u (the input function is the forcing), zero
/// Dirichlet data on [0, 1]²:
///
///   burgers_2d_forcing     N(u) = (u²/2)_x + (u²/2)_y − ε Δu = f̄ + f
///   allen_cahn_2d_forcing  N(u) = −ε² Δu + u³ − u = f̄ + f
///
/// f is the operator's input (a GRF with zero boundary values, the value at each row's
/// point), so different inputs have different steady states; f̄ (-pde_forcing_mean,
/// default 1) is a constant added to every input. It gives the states a common non-zero
/// mean (the spread over inputs is measured relative to it) and, for Allen–Cahn, tilts the
/// double well: where f̄ + f > 2/(3√3) the local equation u³ − u = f̄ + f has one root, so the
/// state is unique for inputs small against f̄ (the job checks it from several starts). The
/// homotopy
/// starts from u = c·f (-pde_start zero: c = 0, input: c = 1):
///
///   H(u, s) = (1 − s)(N_{ε(s)}(u) − f̄ − f) + s(u − c f),   ε(s) = max(s, ε),  s: 1 → 0.
///
/// Their references per input are reference/operator_reference.hpp.
#include "pde/operator_problem.hpp"

namespace petnet {

class ForcingOperator : public OperatorProblem {
public:
  enum class Kind { Burgers, AllenCahn };
  explicit ForcingOperator(Kind kind) : kind_(kind) {
    eps_  = 0.1;
    mean_ = 1.0;
  }
  const char *Name() const override {
    return kind_ == Kind::Burgers ? "burgers_2d_forcing" : "allen_cahn_2d_forcing";
  }
  int            Dim() const override { return 2; }
  double         Lo() const override { return 0.0; }
  double         Hi() const override { return 1.0; }
  PetscErrorCode SetFromOptions(MPI_Comm comm) override;
  void           Homotopy(double s, CView2 X, CView1 U0, CView2 U, DView1 r, DView2 G,
                          DView1 rs) const override;
  std::string    Describe() const override;

  Kind PDE() const { return kind_; }
  /// The constant f̄ added to every input forcing.
  double ForcingMean() const { return mean_; }
  /// c of the start state u = c·f (0 or 1).
  double StartScale() const { return start_; }

private:
  Kind   kind_;
  double mean_ = 0.0, start_ = 0.0;
};

} // namespace petnet
