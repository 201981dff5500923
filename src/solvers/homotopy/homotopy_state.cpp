// HomotopySolver's checkpoint state: stage, λ, Δλ, counters, chord damping, phase I
// result and the path history (with the observer's values under their keys).
#include "solvers/homotopy/homotopy.hpp"

namespace petnet {

void HomotopySolver::Capture(SolverState *s, Stage stage, const std::vector<double> *theta,
                             double lambda, double step) const {
  s->Put("hom/stage", static_cast<double>(stage));
  if (theta) s->Put("theta", *theta);
  s->Put("hom/lambda", lambda);
  s->Put("hom/step", step);
  s->Put("hom/steps", static_cast<double>(steps_));
  s->Put("hom/rejected", static_cast<double>(rejected_));
  s->Put("hom/chord_mu", corrector_->Damping());
  if (!anchor_.empty()) s->Put("hom/anchor", anchor_);
  s->Put("hom/phase1", {static_cast<double>(phase1_.its), static_cast<double>(phase1_.rejects),
                        phase1_.loss0, phase1_.loss, static_cast<double>(phase1_.reason)});
  const size_t                     nv = specs_ ? specs_->size() : 0;
  std::vector<double>              l, loss, dl, its, rank;
  std::vector<std::vector<double>> vals(nv);
  for (auto &pt : history_) {
    l.push_back(pt.lambda);
    loss.push_back(pt.loss);
    for (size_t k = 0; k < nv; ++k) vals[k].push_back(k < pt.values.size() ? pt.values[k] : -1.0);
    dl.push_back(pt.step);
    its.push_back(static_cast<double>(pt.corrector_its));
    rank.push_back(static_cast<double>(pt.rank));
  }
  s->Put("hom/history/lambda", l);
  s->Put("hom/history/loss", loss);
  for (size_t k = 0; k < nv; ++k) s->Put("hom/history/" + (*specs_)[k].key, vals[k]);
  s->Put("hom/history/step", dl);
  s->Put("hom/history/corrector_its", its);
  s->Put("hom/history/rank", rank);
}

PetscErrorCode HomotopySolver::Restore(MPI_Comm comm, const SolverState &s, PetscInt p,
                                       Stage *stage, std::vector<double> *theta, double *lambda,
                                       double *step) {
  PetscInt            st, its, rej, reason;
  double              mu = 0;
  std::vector<double> ph;
  PetscFunctionBeginUser;
  PetscCall(s.Get(comm, "hom/stage", &st));
  PetscCheck(st <= kFinal, comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint: unknown homotopy stage %" PetscInt_FMT, st);
  *stage = static_cast<Stage>(st);
  if (*stage == kPath) PetscCall(s.Get(comm, "theta", theta, static_cast<size_t>(p)));
  PetscCall(s.Get(comm, "hom/lambda", lambda));
  PetscCall(s.Get(comm, "hom/step", step));
  PetscCall(s.Get(comm, "hom/steps", &steps_));
  PetscCall(s.Get(comm, "hom/rejected", &rejected_));
  PetscCall(s.Get(comm, "hom/chord_mu", &mu));
  if (s.Has("hom/anchor")) PetscCall(s.Get(comm, "hom/anchor", &anchor_, static_cast<size_t>(p)));
  corrector_->SetDamping(mu);
  PetscCall(s.Get(comm, "hom/phase1", &ph, 5));
  its     = static_cast<PetscInt>(ph[0]);
  rej     = static_cast<PetscInt>(ph[1]);
  reason  = static_cast<PetscInt>(ph[4]);
  phase1_ = GNResult{its, rej, ph[2], ph[3], static_cast<GNReason>(reason)};
  std::vector<double> l, loss, dl, cits, rank;
  PetscCall(s.Get(comm, "hom/history/lambda", &l));
  const size_t                     n  = l.size();
  const size_t                     nv = specs_ ? specs_->size() : 0;
  std::vector<std::vector<double>> vals(nv);
  PetscCall(s.Get(comm, "hom/history/loss", &loss, n));
  for (size_t k = 0; k < nv; ++k)
    PetscCall(s.Get(comm, "hom/history/" + (*specs_)[k].key, &vals[k], n));
  PetscCall(s.Get(comm, "hom/history/step", &dl, n));
  PetscCall(s.Get(comm, "hom/history/corrector_its", &cits, n));
  PetscCall(s.Get(comm, "hom/history/rank", &rank, n));
  PetscCheck(*stage == kPhase1 || n > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint: homotopy path history is empty");
  history_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    PathPoint &pt    = history_[i];
    pt.lambda        = l[i];
    pt.loss          = loss[i];
    pt.step          = dl[i];
    pt.corrector_its = static_cast<PetscInt>(cits[i]);
    pt.rank          = static_cast<PetscInt>(rank[i]);
    pt.values.resize(nv);
    for (size_t k = 0; k < nv; ++k) pt.values[k] = vals[k][i];
  }
  PathStepInfo info;
  info.event  = PathStepInfo::kResume;
  info.name   = param_.name.c_str();
  info.lambda = *lambda;
  info.steps  = steps_;
  info.stage  = *stage == kPhase1 ? "phase I" : *stage == kPath ? "the path" : "the final polish";
  PetscCall(monitors_(info));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
