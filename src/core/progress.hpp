#pragma once
/// \file progress.hpp
/// How far a solve has come and how long it has left. A solver owns a Progress, starts it
/// when its solve begins and updates it after every step with the step number and the
/// fraction of the work done, in [0, 1]: iterations over the maximum, the continuation
/// parameter's way towards its target (PathFraction), or time over a time limit. The
/// estimate of the time left assumes the rest goes at the average rate since the start:
///   left = elapsed (1 − f) / (f − f0),   f0 the fraction at the start (a restart's).
/// Printing monitors write "elapsed 1m23s, left ~4m10s" from it (ProgressText).
#include "core/base.hpp"

#include <functional>
#include <string>

namespace petnet {

class Progress {
public:
  /// The clock in seconds (MPI_Wtime unless a test injects one).
  using Clock = std::function<double()>;
  Progress();
  explicit Progress(Clock clock);
  /// Starts the clock; fraction0: the part of the work already done (a resumed solve).
  void Start(double fraction0 = 0);
  /// After step `step`: fraction of the work done (clipped to [0, 1]), and the clock now.
  void     Update(PetscInt step, double fraction);
  PetscInt Step() const { return step_; }
  double   Fraction() const { return fraction_; }
  /// Seconds from Start to the last Update.
  double Elapsed() const { return now_ - t0_; }
  /// The clock at the last Update (Start before one).
  double Now() const { return now_; }
  /// Estimated seconds left after the last Update; NaN while no progress was made.
  double Left() const;

private:
  Clock    clock_;
  double   t0_ = 0, now_ = 0, fraction0_ = 0, fraction_ = 0;
  PetscInt step_ = 0;
};

/// A duration as a monitor prints it: "8.4s", "1m23s", "2h05m".
std::string DurationText(double seconds);
/// "step 12, 34.0% done, elapsed 1m23s, left ~4m10s" ("left ?" while it cannot be estimated).
std::string ProgressText(const Progress &p);

/// done / limit clipped to [0, 1]: iterations over their maximum, seconds over a time limit;
/// a limit of 0 (nothing to do) is all done.
double WorkFraction(double done, double limit);

/// How far value has come from start towards target, in [0, 1]: by the log-ratio when start
/// and target are both positive or both negative (a length scale such as ε halves at a
/// steady pace), else linearly.
double PathFraction(double start, double target, double value);

/// When a printing monitor owes a progress line: at least `interval` seconds after the
/// last one (the first: after the first Start it sees). interval 0: never.
class ProgressTrigger {
public:
  explicit ProgressTrigger(double interval) : interval_(interval) {}
  /// True (and the clock of p noted as the last line's) when a line is due after p's update.
  bool Due(const Progress &p);

private:
  double interval_;
  double last_    = 0;
  bool   started_ = false;
};

} // namespace petnet
