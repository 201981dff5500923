// HomotopyLossSolver's checkpoint state: the next minimization, whether the state is
// inside it, θ or the frozen θ_{k−1}, and the history (the observer's values under their
// keys).
#include "solvers/homotopy/homotopy_loss.hpp"

namespace petnet {

void HomotopyLossSolver::Capture(SolverState *s, size_t next, bool inside,
                                 const std::vector<double> *theta,
                                 const std::vector<double> *good) const {
  s->Put("hl/next", static_cast<double>(next));
  s->Put("hl/inside", inside ? 1.0 : 0.0);
  if (theta) s->Put("theta", *theta);
  if (inside && next > 0) s->Put("hl/prev_theta", *good);
  const size_t                     nv = specs_ ? specs_->size() : 0;
  std::vector<double>              l, loss, dl, its, he, wall;
  std::vector<std::vector<double>> vals(nv);
  for (auto &hp : history_) {
    const PathPoint &pt = hp.base;
    l.push_back(pt.lambda);
    loss.push_back(pt.loss);
    for (size_t k = 0; k < nv; ++k) vals[k].push_back(k < pt.values.size() ? pt.values[k] : -1.0);
    dl.push_back(pt.step);
    its.push_back(static_cast<double>(pt.corrector_its));
    he.push_back(hp.loss_he);
    wall.push_back(hp.wall);
  }
  s->Put("hl/history/lambda", l);
  s->Put("hl/history/loss", loss);
  for (size_t k = 0; k < nv; ++k) s->Put("hl/history/" + (*specs_)[k].key, vals[k]);
  s->Put("hl/history/step", dl);
  s->Put("hl/history/corrector_its", its);
  s->Put("hl/history/loss_he", he);
  s->Put("hl/history/wall", wall);
}

PetscErrorCode HomotopyLossSolver::Restore(MPI_Comm comm, const SolverState &s, PetscInt p,
                                           size_t *next, bool *inside, std::vector<double> *theta,
                                           std::vector<double> *good) {
  PetscInt            k, in;
  std::vector<double> l, loss, dl, its, he, wall;
  PetscFunctionBeginUser;
  PetscCall(s.Get(comm, "hl/next", &k));
  PetscCall(s.Get(comm, "hl/inside", &in));
  PetscCheck(static_cast<size_t>(k) <= path_.size() + 1 && in <= 1 && (in || k > 0), comm,
             PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint: homotopy-loss step %" PetscInt_FMT " does not fit this path of %zu steps",
             k, path_.size());
  *next   = static_cast<size_t>(k);
  *inside = in == 1;
  if (!*inside) PetscCall(s.Get(comm, "theta", theta, static_cast<size_t>(p)));
  else {
    PetscCheck(s.Sub(Prefix()), comm, PETSC_ERR_FILE_UNEXPECTED,
               "checkpoint: no %s state inside the homotopy-loss step (-hl_optimizer %s?)",
               Prefix(), optimizer_name_.c_str());
    if (k > 0) PetscCall(s.Get(comm, "hl/prev_theta", good, static_cast<size_t>(p)));
  }
  PetscCall(s.Get(comm, "hl/history/lambda", &l));
  const size_t                     n  = l.size();
  const size_t                     nv = specs_ ? specs_->size() : 0;
  std::vector<std::vector<double>> vals(nv);
  // minimizations 0 .. next - 1 are done, one point each
  PetscCheck(n == *next, comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint: homotopy-loss history of %zu points", n);
  PetscCall(s.Get(comm, "hl/history/loss", &loss, n));
  for (size_t j = 0; j < nv; ++j)
    PetscCall(s.Get(comm, "hl/history/" + (*specs_)[j].key, &vals[j], n));
  PetscCall(s.Get(comm, "hl/history/step", &dl, n));
  PetscCall(s.Get(comm, "hl/history/corrector_its", &its, n));
  PetscCall(s.Get(comm, "hl/history/loss_he", &he, n));
  PetscCall(s.Get(comm, "hl/history/wall", &wall, n));
  history_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    HomotopyLossPoint &hp = history_[i];
    hp.base.lambda        = l[i];
    hp.base.loss          = loss[i];
    hp.base.step          = dl[i];
    hp.base.corrector_its = static_cast<PetscInt>(its[i]);
    hp.loss_he            = he[i];
    hp.wall               = wall[i];
    hp.base.values.resize(nv);
    for (size_t j = 0; j < nv; ++j) hp.base.values[j] = vals[j][i];
  }
  wall0_ = n > 0 ? wall.back() : 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
