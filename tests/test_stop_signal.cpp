// Stop requests (core/signals, io/checkpoint, the solvers' StopRequested checks):
//  - Checkpoint::Step agrees on a stop signal raised on one rank only: every rank stops
//    after the same step and the state is saved though -checkpoint_every is 0;
//    -checkpoint_interval saves on rank 0's clock; -restart auto resumes a valid
//    checkpoint and starts from scratch without one or with a damaged one;
//  - Gauss–Newton, Adam and the homotopy tracker (in phase I, on the path, in the final
//    polish) end their loop right after the step at which the keeper asked to stop, with
//    their signal reason and no further Step; resumed from the state saved there, they
//    end with the uninterrupted run's θ bit for bit.
#include "ac1d_fixture.hpp"
#include "core/signals.hpp"
#include "io/checkpoint.hpp"
#include "solvers/baselines/adam.hpp"
#include "solvers/homotopy/homotopy.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <unistd.h>

using namespace petnet;
using petnet_test::AC1D;

namespace {

/// Asks to stop (as for SIGTERM) once stop_at steps are reported (0: never), keeping the
/// state of every step; hands out `resume` once.
class StopKeeper : public StateKeeper {
public:
  bool           StopRequested() const override { return stop_at != 0 && states.size() >= stop_at; }
  int            StopSignal() const override { return StopRequested() ? SIGTERM : 0; }
  PetscErrorCode Step(const StateCapture &capture) override {
    SolverState    s;
    PetscErrorCode ierr = capture(&s);
    states.push_back(std::move(s));
    return ierr;
  }
  std::unique_ptr<SolverState> TakeResume() override {
    std::unique_ptr<SolverState> r;
    r.swap(resume);
    return r;
  }

  size_t                       stop_at = 0;
  std::vector<SolverState>     states;
  std::unique_ptr<SolverState> resume;
};

bool Identical(const std::vector<double> &a, const std::vector<double> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

struct ScopedOptions {
  explicit ScopedOptions(const std::string &opts) {
    PetscOptionsInsertString(nullptr, opts.c_str());
  }
  ~ScopedOptions() { PetscOptionsClear(nullptr); }
};

PetscErrorCode Capture(SolverState *s) {
  s->Put("theta", std::vector<double>{1.5, -2.5});
  return PETSC_SUCCESS;
}

std::string FileName(const char *what) {
  return std::string("test_stop_signal_") + what + "_" + std::to_string(Size(PETSC_COMM_WORLD)) +
         ".ckpt.h5";
}

} // namespace

TEST(StopSignal, CheckpointAgreesOnOneRanksSignal) {
  MPI_Comm          comm = PETSC_COMM_WORLD;
  const std::string file = FileName("agree");
  ASSERT_EQ(InstallStopSignalHandlers(), 0);
  ArmStopSignals();
  {
    ScopedOptions opts("-checkpoint_file " + file); // -checkpoint_every 0: no regular saves
    Checkpoint    ck;
    ASSERT_EQ(ck.SetFromOptions(comm, ""), 0);
    ck.Identify("problem", "toy");
    for (int k = 0; k < 3; ++k) ASSERT_EQ(ck.Step(Capture), 0);
    EXPECT_FALSE(ck.StopRequested());
    EXPECT_EQ(ck.Saves(), 0);
    if (Rank(comm) == Size(comm) - 1) std::raise(SIGUSR1); // one rank only
    EXPECT_EQ(PendingStopSignal(), Rank(comm) == Size(comm) - 1 ? SIGUSR1 : 0);
    ASSERT_EQ(ck.Step(Capture), 0);
    EXPECT_TRUE(ck.StopRequested()); // on every rank
    EXPECT_EQ(ck.StopSignal(), SIGUSR1);
    EXPECT_EQ(ck.Saves(), 1);
  }
  ResetStopSignal();
  {
    ScopedOptions opts("-restart auto -checkpoint_file " + file);
    Checkpoint    ck;
    ASSERT_EQ(ck.SetFromOptions(comm, ""), 0);
    ck.Identify("problem", "toy");
    ASSERT_EQ(ck.Load(), 0);
    EXPECT_TRUE(ck.Restarting());
    EXPECT_EQ(ck.RestartStep(), 4); // the step the signal came with
    std::unique_ptr<SolverState> r = ck.TakeResume();
    ASSERT_TRUE(r);
    EXPECT_TRUE(Identical(r->Entries().at("theta"), {1.5, -2.5}));
  }
  MPI_Barrier(comm);
  if (Rank(comm) == 0) unlink(file.c_str());
}

TEST(StopSignal, IntervalSavesOnRankZerosClock) {
  MPI_Comm          comm = PETSC_COMM_WORLD;
  const std::string file = FileName("interval");
  ScopedOptions     opts("-checkpoint_interval 0.2 -checkpoint_file " + file);
  Checkpoint        ck;
  ASSERT_EQ(ck.SetFromOptions(comm, ""), 0);
  ASSERT_EQ(ck.Step(Capture), 0); // right after the start: not due
  EXPECT_EQ(ck.Saves(), 0);
  if (Rank(comm) == 0) usleep(300000); // only rank 0's clock counts
  ASSERT_EQ(ck.Step(Capture), 0);
  EXPECT_EQ(ck.Saves(), 1);
  ASSERT_EQ(ck.Step(Capture), 0); // the interval starts again at the save
  EXPECT_EQ(ck.Saves(), 1);
  EXPECT_FALSE(ck.StopRequested());
  MPI_Barrier(comm);
  if (Rank(comm) == 0) unlink(file.c_str());
}

TEST(StopSignal, RestartAutoStartsFreshWithoutAValidCheckpoint) {
  MPI_Comm          comm = PETSC_COMM_WORLD;
  const std::string file = FileName("fresh");
  for (bool damaged : {false, true}) {
    if (damaged && Rank(comm) == 0) {
      FILE *f = std::fopen(file.c_str(), "w");
      ASSERT_TRUE(f);
      std::fputs("not a checkpoint\n", f);
      std::fclose(f);
    }
    MPI_Barrier(comm);
    ScopedOptions opts("-restart auto -checkpoint_file " + file);
    Checkpoint    ck;
    ASSERT_EQ(ck.SetFromOptions(comm, ""), 0);
    ASSERT_EQ(ck.Load(), 0) << (damaged ? "damaged file" : "no file");
    EXPECT_FALSE(ck.Restarting());
    EXPECT_FALSE(ck.TakeResume());
    EXPECT_EQ(ck.RestartStep(), 0);
  }
  MPI_Barrier(comm);
  if (Rank(comm) == 0) unlink(file.c_str());
}

/// Ten damped Gauss–Newton iterations at eps = 0.15 (the "gram" least squares).
std::vector<double> RunGaussNewton(StopKeeper *keeper, GNResult *res) {
  AC1D               ac(PETSC_COMM_WORLD, 30);
  GaussNewtonOptions opt;
  opt.mu0    = 1e-2;
  opt.max_it = 10;
  LeastSquares gram;
  gram.SetType("gram");
  EXPECT_EQ(GaussNewtonSolve(ac.f, gram, opt, 0.15, ac.theta, res, "GN", keeper), 0);
  return ac.theta;
}

TEST(StopSignal, GaussNewtonStopsAndResumesBitwise) {
  auto                      run = RunGaussNewton;
  StopKeeper                full, stopped, again;
  GNResult                  r1, r2, r3;
  const std::vector<double> theta = run(&full, &r1);
  ASSERT_GE(full.states.size(), 5u);
  stopped.stop_at = 3;
  run(&stopped, &r2);
  EXPECT_EQ(r2.reason, GNReason::Signal);
  EXPECT_EQ(r2.its, 3);
  EXPECT_EQ(stopped.states.size(), 3u); // no Step after the stop
  again.resume = std::make_unique<SolverState>(stopped.states.back());
  EXPECT_TRUE(Identical(run(&again, &r3), theta));
  EXPECT_EQ(r3.its, r1.its);
  EXPECT_EQ(r3.reason, r1.reason);
}

TEST(StopSignal, AdamStopsAndResumesBitwise) {
  auto run = [](StopKeeper *keeper, AdamConvergedReason *why) {
    AC1D       s(PETSC_COMM_WORLD, 30);
    AdamSolver adam;
    adam.Options().max_it = 40;
    adam.Options().lr     = 1e-2;
    std::vector<double> hist;
    EXPECT_EQ(adam.Solve(s.f, 0.2, s.theta, &hist, keeper), 0);
    *why = adam.Reason();
    return s.theta;
  };
  StopKeeper                full, stopped, again;
  AdamConvergedReason       w1, w2, w3;
  const std::vector<double> theta = run(&full, &w1);
  EXPECT_EQ(w1, ADAM_CONVERGED_ITERATIONS);
  stopped.stop_at               = 15;
  const std::vector<double> mid = run(&stopped, &w2);
  EXPECT_EQ(w2, ADAM_DIVERGED_SIGNAL);
  EXPECT_EQ(stopped.states.size(), 15u);
  EXPECT_FALSE(Identical(mid, theta));
  again.resume = std::make_unique<SolverState>(stopped.states.back());
  EXPECT_TRUE(Identical(run(&again, &w3), theta));
  EXPECT_EQ(w3, ADAM_CONVERGED_ITERATIONS);
}

TEST(StopSignal, HomotopyStopsInEveryStageAndResumesBitwise) {
  ScopedOptions opts("-hom_final_its 3 -hom_phase1_gn_max_it 30 -hom_step 0.01 -hom_step_max 0.02 "
                     "-hom_max_loss 1e-3");
  auto          run = [](StopKeeper *keeper, HomotopyConvergedReason *why, PetscInt *steps) {
    AC1D           s(PETSC_COMM_WORLD, 30);
    HomotopySolver hom;
    EXPECT_EQ(hom.SetFromOptions(PETSC_COMM_WORLD,
                                          ContinuationParameter::PositiveDecreasing("eps", 0.2, 0.14)),
                       0);
    EXPECT_EQ(hom.Solve(s.f, s.theta, PathObserver(), keeper), 0);
    *why   = hom.Reason();
    *steps = hom.Steps();
    EXPECT_FALSE(hom.History().empty());
    return s.theta;
  };
  StopKeeper                full;
  HomotopyConvergedReason   w1;
  PetscInt                  n1;
  const std::vector<double> theta = run(&full, &w1, &n1);
  ASSERT_EQ(w1, HOMOTOPY_CONVERGED_TARGET);
  // The first state of each stage: phase I (0), path (1), final polish (2).
  size_t first[3] = {0, 0, 0};
  bool   seen[3]  = {false, false, false};
  for (size_t i = 0; i < full.states.size(); ++i) {
    const int st = static_cast<int>(full.states[i].Entries().at("hom/stage")[0]);
    if (!seen[st]) first[st] = i, seen[st] = true;
  }
  for (int st = 0; st < 3; ++st) {
    ASSERT_TRUE(seen[st]) << "no state in stage " << st;
    StopKeeper              stopped, again;
    HomotopyConvergedReason w2, w3;
    PetscInt                n2, n3;
    stopped.stop_at = first[st] + 2; // the second step of that stage
    run(&stopped, &w2, &n2);
    EXPECT_EQ(w2, HOMOTOPY_DIVERGED_SIGNAL) << "stage " << st;
    EXPECT_EQ(stopped.states.size(), stopped.stop_at) << "a Step after the stop, stage " << st;
    again.resume = std::make_unique<SolverState>(stopped.states.back());
    EXPECT_TRUE(Identical(run(&again, &w3, &n3), theta)) << "resumed in stage " << st;
    EXPECT_EQ(w3, HOMOTOPY_CONVERGED_TARGET);
    EXPECT_EQ(n3, n1);
  }
}
