#include "solvers/homotopy/corrector.hpp"

#include <cmath>

namespace petnet {

namespace {

class NoCorrector : public Corrector {
public:
  PetscErrorCode Correct(ResidualFunction &f, LeastSquares &, double lambda, double,
                         std::vector<double> *trial, Vec r, Vec, GNResult *cr) override {
    PetscFunctionBeginUser;
    PetscCall(f.SetPoint(trial->data(), lambda));
    PetscCall(f.Loss(r, &cr->loss));
    cr->loss0 = cr->loss;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  bool Corrects() const override { return false; }
};

class GaussNewtonCorrector : public Corrector {
public:
  explicit GaussNewtonCorrector(const CorrectorOptions &o) : opt_(o) {}
  PetscErrorCode Correct(ResidualFunction &f, LeastSquares &ls, double lambda, double prev_loss,
                         std::vector<double> *trial, Vec, Vec, GNResult *cr) override {
    PetscFunctionBeginUser;
    // Stop correcting once the loss is back at the level of the previous point.
    GaussNewtonOptions co = opt_.gn;
    co.atol               = std::fmax(co.atol, std::fmax(1e-2 * opt_.accept_loss, prev_loss));
    PetscCall(GaussNewtonSolve(f, ls, co, lambda, *trial, cr, "corrector"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }

private:
  CorrectorOptions opt_;
};

/// Newton-chord: J⁺ of the predictor's point, residuals at the trial point.
class ChordCorrector : public Corrector {
public:
  explicit ChordCorrector(PetscInt its) : its_(its) {}
  PetscErrorCode Correct(ResidualFunction &f, LeastSquares &ls, double lambda, double,
                         std::vector<double> *trial, Vec r, Vec rl, GNResult *cr) override {
    const size_t p = trial->size();
    PetscFunctionBeginUser;
    PetscCall(f.SetPoint(trial->data(), lambda));
    PetscCall(f.Loss(r, &cr->loss));
    cr->loss0 = cr->loss;
    std::vector<double> delta(p), next(p);
    PetscInt            fails = 0;
    for (cr->its = 0; cr->its < its_ && fails < 4;) {
      double nl = 0;
      // Damping in function space (the metric weight), so that it does not bring back
      // the θ-norm preference that lets the interface drift.
      PetscCall(ls.Solve(r, 0.0, delta.data(), nullptr, 1.0 + mu_));
      for (size_t j = 0; j < p; ++j) next[j] = (*trial)[j] - delta[j];
      PetscCall(f.SetPoint(next.data(), lambda));
      PetscCall(f.Loss(rl, &nl)); // rl is free here: use it for the trial residual
      if (!(nl < cr->loss)) {     // too aggressive for the stale Jacobian: damp and retry
        mu_ = mu_ > 0 ? mu_ * 10 : 1.0;
        ++fails;
        continue;
      }
      ++cr->its;
      trial->swap(next);
      PetscCall(VecSwap(r, rl));
      const bool stalled = nl > 0.25 * cr->loss;
      cr->loss           = nl;
      if (!fails) mu_ = mu_ < 1e-3 ? 0.0 : mu_ * 0.3;
      if (stalled) break;
    }
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  double Damping() const override { return mu_; }
  void   SetDamping(double mu) override { mu_ = mu; }

private:
  PetscInt its_;
  double   mu_ = 0;
};

} // namespace

std::unique_ptr<Corrector> CreateCorrector(const CorrectorOptions &opt) {
  if (opt.its <= 0) return std::make_unique<NoCorrector>();
  if (opt.chord) return std::make_unique<ChordCorrector>(opt.its);
  return std::make_unique<GaussNewtonCorrector>(opt);
}

} // namespace petnet
