// The checkpoint state of dBN and AdBN (ritz/dbn_state.hpp).
#include "ritz/dbn_state.hpp"

namespace petnet {

namespace {
constexpr size_t kRecord = 9; // values per DbnRecord
constexpr size_t kLevel  = 5; // values per AdaptiveLevel

std::vector<double> Flatten(const std::vector<DbnRecord> &h) {
  std::vector<double> v;
  v.reserve(kRecord * h.size());
  for (auto &r : h)
    v.insert(v.end(), {static_cast<double>(r.it), static_cast<double>(r.neurons), r.e_n, r.J,
                       r.step, static_cast<double>(r.s1), static_cast<double>(r.s2),
                       r.modified ? 1.0 : 0.0, static_cast<double>(r.ls_evals)});
  return v;
}

std::vector<DbnRecord> Unflatten(const std::vector<double> &v) {
  std::vector<DbnRecord> h(v.size() / kRecord);
  for (size_t i = 0; i < h.size(); ++i) {
    const double *x = &v[kRecord * i];
    DbnRecord    &r = h[i];
    r.it = static_cast<int>(x[0]), r.neurons = static_cast<int>(x[1]), r.e_n = x[2], r.J = x[3];
    r.step = x[4], r.s1 = static_cast<int>(x[5]), r.s2 = static_cast<int>(x[6]);
    r.modified = x[7] != 0, r.ls_evals = static_cast<int>(x[8]);
  }
  return h;
}
} // namespace

void DbnCapture(SolverState *s, const ShallowReLU &model, const DbnResult &result,
                const DbnLoop &loop, const Rng *rng) {
  s->Put("dbn/b", model.b);
  s->Put("dbn/b_good", loop.b_good);
  s->Put("dbn/loop", {static_cast<double>(loop.k), static_cast<double>(loop.it0), loop.Jprev,
                      static_cast<double>(result.iterations)});
  s->Put("dbn/history", Flatten(result.history));
  std::vector<double> snaps;
  for (auto &b : result.snapshots) snaps.insert(snaps.end(), b.begin(), b.end());
  s->Put("dbn/snapshots", snaps);
  s->Put("dbn/snapshot_count", static_cast<double>(result.snapshots.size()));
  if (!rng) return;
  std::vector<double> words;
  for (std::uint64_t w : rng->State())
    words.insert(words.end(), {static_cast<double>(w >> 32), static_cast<double>(w & 0xffffffffu)});
  s->Put("dbn/rng", words);
}

PetscErrorCode DbnRestore(MPI_Comm comm, const SolverState &s, ShallowReLU *model,
                          DbnResult *result, DbnLoop *loop, Rng *rng) {
  std::vector<double> lp, hist, snaps, words;
  PetscInt            nsnap;
  PetscFunctionBeginUser;
  PetscCall(s.Get(comm, "dbn/b", &model->b));
  PetscCall(s.Get(comm, "dbn/b_good", &loop->b_good, model->b.size()));
  PetscCall(s.Get(comm, "dbn/loop", &lp, 4));
  PetscCall(s.Get(comm, "dbn/history", &hist));
  PetscCall(s.Get(comm, "dbn/snapshots", &snaps));
  PetscCall(s.Get(comm, "dbn/snapshot_count", &nsnap));
  PetscCheck(hist.size() % kRecord == 0 && (nsnap == 0 || snaps.size() % nsnap == 0) &&
                 lp[0] >= 1 && lp[1] >= 0 && lp[3] >= 0,
             comm, PETSC_ERR_FILE_UNEXPECTED, "checkpoint: inconsistent dBN state");
  loop->k = static_cast<int>(lp[0]), loop->it0 = static_cast<int>(lp[1]), loop->Jprev = lp[2];
  result->iterations = static_cast<int>(lp[3]);
  result->history    = Unflatten(hist);
  result->snapshots.assign(nsnap, {});
  for (PetscInt i = 0; i < nsnap; ++i) {
    const size_t len = snaps.size() / nsnap;
    result->snapshots[i].assign(snaps.begin() + i * len, snaps.begin() + (i + 1) * len);
  }
  if (!rng) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(s.Get(comm, "dbn/rng", &words, 12));
  std::array<std::uint64_t, 6> st;
  for (size_t i = 0; i < st.size(); ++i)
    st[i] = (static_cast<std::uint64_t>(words[2 * i]) << 32) |
            static_cast<std::uint64_t>(words[2 * i + 1]);
  rng->SetState(st);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void AdbnCapture(SolverState *s, int level, const std::vector<AdaptiveLevel> &levels) {
  std::vector<double> v;
  for (auto &L : levels)
    v.insert(v.end(),
             {static_cast<double>(L.neurons), static_cast<double>(L.iterations), L.e_n, L.xi, L.r});
  s->Put("adbn/level", static_cast<double>(level));
  s->Put("adbn/levels", v);
}

PetscErrorCode AdbnRestore(MPI_Comm comm, const SolverState &s, int *level,
                           std::vector<AdaptiveLevel> *levels) {
  PetscInt            lv;
  std::vector<double> v;
  PetscFunctionBeginUser;
  PetscCall(s.Get(comm, "adbn/level", &lv));
  PetscCall(s.Get(comm, "adbn/levels", &v, kLevel * static_cast<size_t>(lv)));
  PetscCheck(s.Sub("dbn"), comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint: no dBN state inside the adaptive level");
  *level = static_cast<int>(lv);
  levels->resize(lv);
  for (PetscInt i = 0; i < lv; ++i) {
    const double  *x = &v[kLevel * i];
    AdaptiveLevel &L = (*levels)[i];
    L.neurons = static_cast<int>(x[0]), L.iterations = static_cast<int>(x[1]);
    L.e_n = x[2], L.xi = x[3], L.r = x[4];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
