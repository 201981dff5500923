// Shallow Ritz checkpoints: dBN (random start, random redistribution) and AdBN resumed from
// the state of every iteration end with the uninterrupted run's model and history bit for
// bit; a keeper's stop request ends dBN after that iteration with DBN_DIVERGED_SIGNAL.
#include "ritz/adbn.hpp"
#include "ritz/dbn.hpp"
#include "ritz/diffusion1d.hpp"

#include "memory_keeper.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

using namespace petnet;
using petnet_test::MemoryKeeper;

namespace {

bool Identical(const std::vector<double> &a, const std::vector<double> &b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

std::vector<double> Energies(const DbnResult &r) {
  std::vector<double> J;
  for (auto &h : r.history) J.push_back(h.J);
  return J;
}

struct Problem {
  Diffusion1D pde;
  RitzEnergy  E;
  void        Create(const char *name) {
           ASSERT_EQ(Diffusion1D::Create(PETSC_COMM_SELF, name, &pde), 0);
           pde.SetBoundary(pde.U(0.0), pde.U(1.0));
           ASSERT_EQ(RitzEnergy::Create(PETSC_COMM_SELF, pde, pde.DefaultGamma(), 8, &E), 0);
  }
  /// Random breakpoints from rng (the job's -ritz_init random), c from the linear solve.
  ShallowReLU RandomModel(int n, Rng *rng) const {
    ShallowReLU m = ShallowReLU::Uniform(E.Alpha(), n);
    for (double &b : m.b) b = rng->Uniform(1e-6, 1 - 1e-6);
    std::sort(m.b.begin(), m.b.end());
    RitzMoments mo;
    (void)RitzSolveLinear(E, &m, &mo);
    return m;
  }
};

} // namespace

TEST(RitzRestart, DbnResumesBitwiseFromEveryIteration) {
  Problem pb;
  pb.Create("ritz_exp");
  DbnOptions o;
  o.max_it         = 40;
  o.redistribute   = DbnRedistribute::Random;
  o.snapshot_every = 3;
  Rng               rng(3);
  const ShallowReLU start = pb.RandomModel(59, &rng);
  const Rng         rng0  = rng;
  // uninterrupted, keeping every state
  ShallowReLU  full = start;
  DbnResult    rf;
  MemoryKeeper keep;
  {
    DampedBlockNewton dbn(pb.E, o, &rng);
    ASSERT_EQ(dbn.Solve(PETSC_COMM_SELF, &full, &rf, 0, &keep), 0);
  }
  ASSERT_EQ(keep.states.size(), 40u);
  int redrawn = 0; // iterations whose S1 neurons were redrawn at random
  for (auto &h : rf.history) redrawn += h.s1 > 0;
  ASSERT_GT(redrawn, 0) << "the run draws no random numbers: the generator is not tested";
  for (size_t s = 0; s < keep.states.size(); ++s) {
    Rng          r2 = rng0; // a fresh process: the generator after the start only
    ShallowReLU  m  = start;
    DbnResult    res;
    MemoryKeeper k2;
    k2.resume = std::make_unique<SolverState>(keep.states[s]);
    DampedBlockNewton dbn(pb.E, o, &r2);
    ASSERT_EQ(dbn.Solve(PETSC_COMM_SELF, &m, &res, 0, &k2), 0);
    EXPECT_EQ(k2.states.size(), keep.states.size() - s - 1) << "state " << s;
    EXPECT_TRUE(Identical(m.b, full.b)) << "breakpoints after resuming state " << s;
    EXPECT_TRUE(Identical(m.c, full.c)) << "coefficients after resuming state " << s;
    EXPECT_TRUE(Identical(Energies(res), Energies(rf))) << "history after state " << s;
    EXPECT_EQ(res.iterations, rf.iterations);
    EXPECT_EQ(res.snapshots.size(), rf.snapshots.size());
    EXPECT_EQ(res.code, rf.code);
  }
}

TEST(RitzRestart, DbnStopsAfterTheRequestedIteration) {
  Problem pb;
  pb.Create("ritz_exp");
  DbnOptions o;
  o.max_it = 30;
  Rng          rng(0);
  ShallowReLU  m = ShallowReLU::Uniform(pb.E.Alpha(), 59);
  DbnResult    res;
  MemoryKeeper keep;
  keep.stop_at = 12;
  DampedBlockNewton dbn(pb.E, o, &rng);
  ASSERT_EQ(dbn.Solve(PETSC_COMM_SELF, &m, &res, 0, &keep), 0);
  EXPECT_EQ(res.code, DBN_DIVERGED_SIGNAL);
  EXPECT_EQ(res.reason, "signal");
  EXPECT_EQ(res.iterations, 12);
  EXPECT_EQ(keep.states.size(), 12u);
  // c is the optimal one for the returned b
  ShallowReLU resolved = m;
  RitzMoments mo;
  (void)RitzSolveLinear(pb.E, &resolved, &mo);
  EXPECT_TRUE(Identical(resolved.c, m.c));
}

TEST(RitzRestart, AdbnResumesBitwiseInEveryLevel) {
  Problem pb;
  pb.Create("ritz_power");
  DbnOptions  o;
  AdbnOptions a;
  a.max_refine  = 3;
  a.max_neurons = 24;
  ShallowReLU start;
  ASSERT_EQ(RitzUniformModel(pb.E, 9, &start), 0);
  ShallowReLU                full = start;
  DbnResult                  rf;
  std::vector<AdaptiveLevel> lf;
  MemoryKeeper               keep;
  Rng                        rng(0);
  ASSERT_EQ(RunAdbn(PETSC_COMM_SELF, pb.E, o, a, &rng, &full, &rf, &lf, &keep), 0);
  ASSERT_GE(lf.size(), 3u);
  ASSERT_GT(keep.states.size(), 10u);
  std::vector<double> xi_full;
  for (auto &L : lf) xi_full.push_back(L.xi);
  const size_t stride = std::max<size_t>(1, keep.states.size() / 10);
  for (size_t s = 0; s < keep.states.size(); s += stride) {
    ShallowReLU                m = start;
    DbnResult                  res;
    std::vector<AdaptiveLevel> lv;
    MemoryKeeper               k2;
    Rng                        r2(0);
    k2.resume = std::make_unique<SolverState>(keep.states[s]);
    ASSERT_EQ(RunAdbn(PETSC_COMM_SELF, pb.E, o, a, &r2, &m, &res, &lv, &k2), 0);
    std::vector<double> xi;
    for (auto &L : lv) xi.push_back(L.xi);
    EXPECT_TRUE(Identical(m.b, full.b)) << "breakpoints after resuming state " << s;
    EXPECT_TRUE(Identical(Energies(res), Energies(rf))) << "history after state " << s;
    EXPECT_TRUE(Identical(xi, xi_full)) << "levels after state " << s;
    EXPECT_EQ(res.code, rf.code);
  }
}
