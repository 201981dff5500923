// Progress and the PETSc-style monitor options (core/progress, core/monitor_options):
//  - Progress on an injected clock: a quarter done after 10 s leaves 30 s; a resumed solve
//    measures its rate from the fraction it resumed at; nothing done: no estimate;
//  - the texts: durations as 8.4s, 1m23s, 2h05m; the progress line's fields;
//  - WorkFraction: iterations over their maximum, clipped, 0 to do is all done;
//  - PathFraction: the log-ratio for a positive parameter (eps 0.1 -> 0.01), linear for
//    a homotopy variable s 1 -> 0;
//  - ProgressTrigger: a line at least every interval seconds of the clock, never for 0;
//  - -X_monitor's forms: no value, true/false, N, ascii:FILE (the lines land in FILE),
//    _every, _cancel (also a solver's programmatic monitors), and the bad values.
// On 1 and 2 ranks: only rank 0 writes the file.
#include "core/monitor_options.hpp"
#include "solvers/baselines/adam.hpp"
#include "solvers/gauss_newton.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

using namespace petnet;

namespace {

/// A clock the test sets by hand.
struct ManualClock {
  double          now = 0;
  Progress::Clock Clock() {
    return [this] { return now; };
  }
};

/// OptionsMonitor for -tmon_monitor inside its own options block.
PetscErrorCode ReadMonitor(MonitorForm form, PetscInt current, MonitorSpec *spec) {
  PetscFunctionBeginUser;
  PetscOptionsBegin(PETSC_COMM_WORLD, nullptr, "Monitor test", "test");
  PetscCall(OptionsMonitor(PetscOptionsObject, PETSC_COMM_WORLD, "-tmon_monitor", "Test lines",
                           "test", form, current, spec));
  PetscOptionsEnd();
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Sets the options, reads the monitor, clears them; returns the error code.
PetscErrorCode ReadWith(std::initializer_list<std::pair<const char *, const char *>> kv,
                        MonitorForm form, PetscInt current, MonitorSpec *spec) {
  for (auto &p : kv) PetscOptionsSetValue(nullptr, p.first, p.second);
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  const PetscErrorCode ierr = ReadMonitor(form, current, spec);
  PetscPopErrorHandler();
  for (auto &p : kv) PetscOptionsClearValue(nullptr, p.first);
  return ierr;
}

/// The whole of a file, read on every rank.
std::string FileText(const std::string &path) {
  std::ifstream      in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

TEST(Progress, QuarterAfterTenSecondsLeavesThirty) {
  ManualClock c;
  c.now = 100;
  Progress p(c.Clock());
  p.Start();
  c.now = 110;
  p.Update(3, 0.25);
  EXPECT_DOUBLE_EQ(p.Elapsed(), 10.0);
  EXPECT_DOUBLE_EQ(p.Left(), 30.0);
  EXPECT_EQ(ProgressText(p), "step 3, 25.0% done, elapsed 10.0s, left ~30.0s");
  c.now = 150;
  p.Update(12, 1.0);
  EXPECT_EQ(p.Left(), 0.0);
}

TEST(Progress, ResumedRateAndNoEstimate) {
  ManualClock c;
  Progress    p(c.Clock());
  p.Start(0.5); // resumed half-way: the rate counts from there
  c.now = 10;
  p.Update(60, 0.75);
  EXPECT_DOUBLE_EQ(p.Left(), 10.0);
  p.Start(0.2);
  c.now = 20;
  p.Update(0, 0.2); // no progress since the start
  EXPECT_TRUE(std::isnan(p.Left()));
  EXPECT_EQ(ProgressText(p), "step 0, 20.0% done, elapsed 10.0s, left ?");
  p.Update(1, 7.0); // clipped to [0, 1]
  EXPECT_EQ(p.Fraction(), 1.0);
}

TEST(Progress, Durations) {
  EXPECT_EQ(DurationText(8.44), "8.4s");
  EXPECT_EQ(DurationText(83), "1m23s");
  EXPECT_EQ(DurationText(250), "4m10s");
  EXPECT_EQ(DurationText(7500), "2h05m");
  EXPECT_EQ(DurationText(NAN), "?");
}

TEST(Progress, PathFraction) {
  EXPECT_NEAR(PathFraction(0.1, 0.01, std::sqrt(0.1 * 0.01)), 0.5, 1e-14); // log-ratio
  EXPECT_DOUBLE_EQ(PathFraction(1.0, 0.0, 0.75), 0.25);                    // linear
  EXPECT_EQ(PathFraction(0.1, 0.01, 0.2), 0.0);
  EXPECT_EQ(PathFraction(0.1, 0.01, 0.001), 1.0);
  EXPECT_EQ(PathFraction(0.5, 0.5, 0.5), 1.0);
}

TEST(Progress, WorkFraction) {
  EXPECT_DOUBLE_EQ(WorkFraction(10, 100), 0.1);
  EXPECT_EQ(WorkFraction(150, 100), 1.0);
  EXPECT_EQ(WorkFraction(5, 0), 1.0); // nothing to do
  // trSQP's rule: iterations, or the time limit when that is nearer (10 of 100 its, 30 of 60 s)
  EXPECT_DOUBLE_EQ(std::max(WorkFraction(10, 100), WorkFraction(30, 60)), 0.5);
}

TEST(Progress, TriggerEveryInterval) {
  ManualClock     c;
  Progress        p(c.Clock());
  ProgressTrigger every5(5), never(0);
  p.Start();
  std::string due;
  for (double t : {3.0, 6.0, 8.0, 11.5, 12.0, 16.5}) {
    c.now = t;
    p.Update(0, t / 20);
    due += every5.Due(p) ? "1" : "0";
    EXPECT_FALSE(never.Due(p));
  }
  EXPECT_EQ(due, "010101");
}

TEST(MonitorOptions, Forms) {
  MonitorSpec s;
  ASSERT_EQ(ReadWith({}, MonitorForm::kEvery, 0, &s), 0);
  EXPECT_FALSE(s.On());
  ASSERT_EQ(ReadWith({}, MonitorForm::kEvery, 7, &s), 0); // the program's default
  EXPECT_TRUE(s.On());
  EXPECT_EQ(s.every, 7);
  ASSERT_EQ(ReadWith({{"-tmon_monitor", nullptr}}, MonitorForm::kSwitch, 0, &s), 0);
  EXPECT_TRUE(s.On());
  EXPECT_EQ(s.every, 1);
  ASSERT_EQ(ReadWith({{"-tmon_monitor", "false"}}, MonitorForm::kSwitch, 1, &s), 0);
  EXPECT_FALSE(s.On());
  ASSERT_EQ(ReadWith({{"-tmon_monitor", "true"}}, MonitorForm::kSwitch, 0, &s), 0);
  EXPECT_TRUE(s.On());
  ASSERT_EQ(ReadWith({{"-tmon_monitor", "25"}}, MonitorForm::kEvery, 0, &s), 0);
  EXPECT_TRUE(s.On());
  EXPECT_EQ(s.every, 25);
  ASSERT_EQ(ReadWith({{"-tmon_monitor", "0"}}, MonitorForm::kEvery, 5, &s), 0);
  EXPECT_FALSE(s.On());
  ASSERT_EQ(ReadWith({{"-tmon_monitor", nullptr}, {"-tmon_monitor_every", "4"}},
                     MonitorForm::kEvery, 0, &s),
            0);
  EXPECT_TRUE(s.On());
  EXPECT_EQ(s.every, 4);
  ASSERT_EQ(ReadWith({{"-tmon_monitor", "3"}, {"-tmon_monitor_cancel", nullptr}},
                     MonitorForm::kEvery, 0, &s),
            0);
  EXPECT_FALSE(s.On());
  EXPECT_TRUE(s.cancel);
}

TEST(MonitorOptions, BadValues) {
  MonitorSpec s;
  EXPECT_NE(ReadWith({{"-tmon_monitor", "7"}}, MonitorForm::kSwitch, 0, &s), 0);
  EXPECT_NE(ReadWith({{"-tmon_monitor", "-2"}}, MonitorForm::kEvery, 0, &s), 0);
  EXPECT_NE(
      ReadWith({{"-tmon_monitor", "5"}, {"-tmon_monitor_every", "3"}}, MonitorForm::kEvery, 0, &s),
      0);
  EXPECT_NE(
      ReadWith({{"-tmon_monitor", "1"}, {"-tmon_monitor_every", "3"}}, MonitorForm::kEvery, 0, &s),
      0);
  EXPECT_NE(ReadWith({{"-tmon_monitor", nullptr}, {"-tmon_monitor_every", "0"}},
                     MonitorForm::kEvery, 0, &s),
            0);
  EXPECT_NE(ReadWith({{"-tmon_monitor", "binary:tmon.bin"}}, MonitorForm::kEvery, 0, &s), 0);
  EXPECT_NE(ReadWith({{"-tmon_monitor", nullptr}, {"-progress_interval", "-1"}},
                     MonitorForm::kSwitch, 0, &s),
            0);
}

TEST(MonitorOptions, FileGetsTheLinesAndTheProgressLine) {
  const std::string path = "test_progress_monitor.log";
  MonitorSpec       s;
  const std::string value = "ascii:" + path;
  ASSERT_EQ(ReadWith({{"-tmon_monitor", value.c_str()}, {"-progress_interval", "5"}},
                     MonitorForm::kSwitch, 0, &s),
            0);
  ASSERT_TRUE(s.On());
  ManualClock c;
  Progress    p(c.Clock());
  p.Start();
  ASSERT_EQ(PetscViewerASCIIPrintf(s.Viewer(), "tmon line 1\n"), 0);
  c.now = 2;
  p.Update(1, 0.1);
  ASSERT_EQ(s.ProgressLine("tmon", &p), 0); // 2 s < 5 s: not yet
  c.now = 10;
  p.Update(2, 0.25);
  ASSERT_EQ(s.ProgressLine("tmon", &p), 0);
  s.viewer.reset(); // the last reference closes the file
  MPI_Barrier(PETSC_COMM_WORLD);
  EXPECT_EQ(FileText(path),
            "tmon line 1\ntmon progress: step 2, 25.0% done, elapsed 10.0s, left ~30.0s\n");
  MPI_Barrier(PETSC_COMM_WORLD);
  if (Rank(PETSC_COMM_WORLD) == 0) std::remove(path.c_str());
}

TEST(MonitorOptions, CancelRemovesProgrammaticMonitors) {
  const auto quiet = [](const AdamIterate &) { return PETSC_SUCCESS; };
  AdamSolver adam, kept;
  adam.Monitors().Add(quiet);
  kept.Monitors().Add(quiet);
  PetscOptionsSetValue(nullptr, "-adam_monitor", "5");
  ASSERT_EQ(kept.SetFromOptions(PETSC_COMM_WORLD), 0);
  PetscOptionsSetValue(nullptr, "-adam_monitor_cancel", nullptr);
  ASSERT_EQ(adam.SetFromOptions(PETSC_COMM_WORLD), 0);
  PetscOptionsClearValue(nullptr, "-adam_monitor");
  PetscOptionsClearValue(nullptr, "-adam_monitor_cancel");
  EXPECT_FALSE(kept.Monitors().Empty());
  EXPECT_TRUE(adam.Monitors().Empty());
  EXPECT_EQ(adam.Options().monitor_every, 0);

  GaussNewtonOptions gn;
  gn.monitors.Add([](const GNStep &) { return PETSC_SUCCESS; });
  PetscOptionsSetValue(nullptr, "-tgn_gn_monitor_cancel", nullptr);
  ASSERT_EQ(gn.SetFromOptions(PETSC_COMM_WORLD, "tgn_", "Test Gauss-Newton"), 0);
  PetscOptionsClearValue(nullptr, "-tgn_gn_monitor_cancel");
  EXPECT_TRUE(gn.monitors.Empty());
}
