// Checkpoint / restart:
//  - a solver resumed from the state it reported after any step ends with the same θ
//    (bit for bit) and the same history as the uninterrupted run: the homotopy tracker
//    (states in phase I, on the path and in the final polish), Gauss–Newton, and Adam
//    over several calls (moments carried over);
//  - a Checkpoint file round-trips every value exactly (written by rank 0, read on
//    every rank) and refuses a file of another problem.
#include "ac1d_fixture.hpp"
#include "io/checkpoint.hpp"
#include "memory_keeper.hpp"
#include "solvers/baselines/adam.hpp"
#include "solvers/homotopy/homotopy.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <unistd.h>

using namespace petnet;
using petnet_test::AC1D;
using petnet_test::Identical;
using petnet_test::MemoryKeeper;

namespace {

/// Options for the tracker (it reads the options database), removed afterwards.
struct ScopedOptions {
  explicit ScopedOptions(const char *opts) { PetscOptionsInsertString(nullptr, opts); }
  ~ScopedOptions() { PetscOptionsClear(nullptr); }
};

} // namespace

TEST(Checkpoint, HomotopyResumesBitwiseFromEveryStage) {
  ScopedOptions opts("-hom_final_its 3 -hom_phase1_gn_max_it 30 -hom_step 0.01 -hom_step_max 0.02 "
                     "-hom_max_loss 1e-3");
  auto          run = [](MemoryKeeper *keeper, std::vector<PathPoint> *hist, PetscInt *steps) {
    AC1D           s(PETSC_COMM_WORLD, 30);
    HomotopySolver hom;
    EXPECT_EQ(hom.SetFromOptions(PETSC_COMM_WORLD,
                                          ContinuationParameter::PositiveDecreasing("eps", 0.2, 0.14)),
                       0);
    if (keeper->resume) std::fill(s.theta.begin(), s.theta.end(), 0.5); // the state must replace θ
    EXPECT_EQ(hom.Solve(s.f, s.theta, PathObserver(), keeper), 0);
    *hist  = hom.History();
    *steps = hom.Steps();
    return s.theta;
  };
  MemoryKeeper              full;
  std::vector<PathPoint>    hist;
  PetscInt                  steps;
  const std::vector<double> theta = run(&full, &hist, &steps);
  ASSERT_GT(steps, 3);
  // Which stage each reported state is in: phase I (0), path (1), final polish (2).
  std::vector<size_t> picks[3];
  for (size_t i = 0; i < full.states.size(); ++i)
    picks[static_cast<int>(full.states[i].Entries().at("hom/stage")[0])].push_back(i);
  for (int st = 0; st < 3; ++st) ASSERT_FALSE(picks[st].empty()) << "no state in stage " << st;
  for (int st = 0; st < 3; ++st)
    for (size_t i : {picks[st].front(), picks[st].back()}) {
      MemoryKeeper again;
      again.resume = std::make_unique<SolverState>(full.states[i]);
      std::vector<PathPoint>    h2;
      PetscInt                  s2;
      const std::vector<double> t2 = run(&again, &h2, &s2);
      EXPECT_TRUE(Identical(t2, theta)) << "resumed from state " << i << " (stage " << st << ")";
      EXPECT_EQ(s2, steps);
      ASSERT_EQ(h2.size(), hist.size());
      for (size_t k = 0; k < hist.size(); ++k) {
        EXPECT_EQ(h2[k].lambda, hist[k].lambda);
        EXPECT_EQ(h2[k].loss, hist[k].loss);
        EXPECT_EQ(h2[k].corrector_its, hist[k].corrector_its);
      }
      // The resumed run reports the same states from there on.
      ASSERT_EQ(again.states.size(), full.states.size() - i - 1);
      if (!again.states.empty())
        EXPECT_TRUE(again.states.back().Entries() == full.states.back().Entries());
    }
}

TEST(Checkpoint, GaussNewtonResumesBitwise) {
  auto run = [](MemoryKeeper *keeper, GNResult *res) {
    AC1D         s(PETSC_COMM_WORLD, 30);
    LeastSquares ls;
    ls.SetType("svd");
    ls.SetRcond(1e-10);
    GaussNewtonOptions o;
    o.max_it = 12;
    o.mu0    = 1e-3;
    EXPECT_EQ(GaussNewtonSolve(s.f, ls, o, 0.15, s.theta, res, "GN", keeper), 0);
    return s.theta;
  };
  MemoryKeeper              full;
  GNResult                  r1;
  const std::vector<double> theta = run(&full, &r1);
  ASSERT_GE(full.states.size(), 4u);
  for (size_t i : {size_t(0), full.states.size() / 2, full.states.size() - 1}) {
    MemoryKeeper again;
    again.resume = std::make_unique<SolverState>(full.states[i]);
    GNResult r2;
    EXPECT_TRUE(Identical(run(&again, &r2), theta)) << "resumed after iteration " << i + 1;
    EXPECT_EQ(r2.its, r1.its);
    EXPECT_EQ(r2.loss, r1.loss);
    EXPECT_EQ(r2.loss0, r1.loss0);
    EXPECT_EQ(r2.reason, r1.reason);
  }
}

TEST(Checkpoint, AdamResumesBitwiseAcrossCalls) {
  // Three calls at three λ (one optimizer): a restart inside the second call must
  // bring back the moments the first call built.
  auto run = [](MemoryKeeper *keeper, std::vector<double> *hist) {
    AC1D       s(PETSC_COMM_WORLD, 30);
    AdamSolver adam;
    adam.Options().max_it              = 40;
    adam.Options().lr                  = 1e-2;
    PetscInt                     first = 0;
    std::unique_ptr<SolverState> rs    = keeper->TakeResume();
    if (rs) first = static_cast<PetscInt>(rs->Entries().at("call")[0]);
    for (PetscInt c = first; c < 3; ++c) {
      NestedKeeper nk(
          keeper, "adam",
          [c](SolverState *st) {
            st->Put("call", static_cast<double>(c));
            return PETSC_SUCCESS;
          },
          rs && c == first ? rs->Sub("adam") : nullptr);
      EXPECT_EQ(adam.Solve(s.f, 0.2 - 0.02 * c, s.theta, hist, &nk), 0);
    }
    EXPECT_EQ(adam.StepCount(), 120);
    return s.theta;
  };
  MemoryKeeper              full;
  std::vector<double>       h1;
  const std::vector<double> theta = run(&full, &h1);
  ASSERT_EQ(full.states.size(), 120u);
  for (size_t i : {size_t(10), size_t(55), size_t(119)}) {
    MemoryKeeper again;
    again.resume = std::make_unique<SolverState>(full.states[i]);
    std::vector<double> h2;
    EXPECT_TRUE(Identical(run(&again, &h2), theta)) << "resumed after step " << i + 1;
    EXPECT_TRUE(Identical(h2, h1));
  }
}

TEST(Checkpoint, FileRoundTripAndIdentity) {
  MPI_Comm    comm = PETSC_COMM_WORLD;
  std::string file = "test_checkpoint_" + std::to_string(Size(comm)) + ".ckpt.h5";
  SolverState s;
  s.Put("theta", std::vector<double>{1.0 / 3, -0.0, 1e-310, 6.02e23});
  s.Put("empty", std::vector<double>{});
  s.Put("hom/steps", 42.0);
  {
    ScopedOptions opts(("-checkpoint_every 2 -checkpoint_file " + file).c_str());
    Checkpoint    ck;
    ASSERT_EQ(ck.SetFromOptions(comm, ""), 0);
    ck.Identify("problem", "toy");
    int calls = 0;
    for (int k = 0; k < 5; ++k)
      ASSERT_EQ(ck.Step([&](SolverState *out) {
        ++calls;
        *out = s;
        return PETSC_SUCCESS;
      }),
                0);
    EXPECT_EQ(calls, 2); // steps 2 and 4
    EXPECT_EQ(ck.Saves(), 2);
  }
  {
    ScopedOptions opts(("-restart " + file).c_str());
    Checkpoint    ck;
    ASSERT_EQ(ck.SetFromOptions(comm, ""), 0);
    ck.Identify("problem", "toy");
    ASSERT_EQ(ck.Load(), 0);
    EXPECT_EQ(ck.RestartStep(), 4);
    std::unique_ptr<SolverState> r = ck.TakeResume();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->Entries().size(), s.Entries().size());
    for (auto &kv : s.Entries())
      EXPECT_TRUE(Identical(r->Entries().at(kv.first), kv.second)) << kv.first;
    EXPECT_FALSE(ck.TakeResume()); // handed out once
  }
  {
    ScopedOptions opts(("-restart " + file).c_str());
    Checkpoint    ck;
    ASSERT_EQ(ck.SetFromOptions(comm, ""), 0);
    ck.Identify("problem", "other");
    PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
    EXPECT_NE(ck.Load(), 0); // written for problem toy
    PetscPopErrorHandler();
  }
  MPI_Barrier(comm);
  if (Rank(comm) == 0) unlink(file.c_str());
}
