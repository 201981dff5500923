#pragma once
/// \file operator_problem.hpp
/// A steady PDE N_ε(u) = f whose solution operator u₀ ↦ u∞ (initial state to steady
/// state) is learned, blind to networks. It is posed through the homotopy of the paper
/// (§5.3, eq. (57)–(58)):
///
///   H(u, s) = (1 − s)(N_{ε(s)}(u) − f) + s(u − u₀),   ε(s) = max(s, ε),  s: 1 → 0,
///
/// so at s = 1 the network only has to reproduce its input and at s = 0 it solves the
/// PDE at the target ε. Given the jet of u at rows (U(r, c): value, first derivatives,
/// pure second derivatives, as in nn/), the input function's value u₀ at the row's
/// point and s, the problem returns H, G(r, c) = ∂H/∂U(r, c) and ∂H/∂s. Boundary
/// values are zero (Dirichlet) for every operator problem here.
#include "core/base.hpp"
#include "core/continuation.hpp"
#include "core/kokkos_types.hpp"

#include <memory>
#include <string>
#include <vector>

namespace petnet {

class OperatorProblem {
public:
  virtual ~OperatorProblem()       = default;
  virtual const char *Name() const = 0;
  virtual int         Dim() const  = 0;
  virtual int         JetOrder() const { return 2; }
  /// The box [lo, hi]^Dim.
  virtual double Lo() const = 0;
  virtual double Hi() const = 0;
  /// Reads -pde_* options, validates them.
  virtual PetscErrorCode SetFromOptions(MPI_Comm comm) = 0;
  double                 Epsilon() const { return eps_; }
  /// The homotopy variable s of H(u, s): from 1 (reproduce the input) to 0 (the PDE).
  ContinuationParameter Continuation() const { return ContinuationParameter::UnitDecreasing("s"); }
  /// ε(s) of (58): ε(s) = s for s ≥ ε, else ε (and its derivative); ε at every s with
  /// -pde_eps_schedule fixed.
  double EpsOfS(double s) const { return schedule_ && s > eps_ ? s : eps_; }
  double DEpsDs(double s) const { return schedule_ && s > eps_ ? 1.0 : 0.0; }
  /// -pde_eps_schedule max (ε(s) = max(s, ε), the paper's) | fixed (ε at every s).
  PetscErrorCode SetScheduleFromOptions(MPI_Comm comm);
  /// "homotopy s: 1 -> 0 with eps(s) = max(s, eps)" or, once fixed, the constant ε.
  std::string PathDescribe() const {
    return schedule_ ? "homotopy s: 1 -> 0 with eps(s) = max(s, eps)"
                     : "homotopy s: 1 -> 0 at fixed eps";
  }

  /// r = H(U, s), G = ∂H/∂U, rs = ∂H/∂s (skipped when empty) at rows with points X
  /// and input values U0.
  virtual void Homotopy(double s, CView2 X, CView1 U0, CView2 U, DView1 r, DView2 G,
                        DView1 rs) const = 0;

  /// True when the steady state does not depend on u₀ (then one reference serves all inputs).
  virtual bool UniqueSteadyState() const { return false; }
  /// True for a time-dependent problem whose trunk is on (x, t) (Dim() = 2): the input
  /// u₀(x) is seen at the m sensors in x, the points are the m × m (x, t) grid (t-major),
  /// the points at t = 0 are the initial rows u − u₀(x), and the solution is periodic in x
  /// with period Hi() − Lo() (the trunk's periodic embedding, nn/deeponet.hpp).
  virtual bool SpaceTime() const { return false; }

  virtual std::string Describe() const = 0;

protected:
  double eps_ = 0.05;

private:
  bool schedule_ = true;
};

std::vector<std::string> OperatorProblemNames();
PetscErrorCode           CreateOperatorProblem(MPI_Comm comm, const std::string &name,
                                               std::unique_ptr<OperatorProblem> *problem);

} // namespace petnet
