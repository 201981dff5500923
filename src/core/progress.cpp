#include "core/progress.hpp"

#include <cmath>
#include <cstdio>
#include <utility>

namespace petnet {

Progress::Progress() : Progress([] { return MPI_Wtime(); }) {}

Progress::Progress(Clock clock) : clock_(std::move(clock)) {}

void Progress::Start(double fraction0) {
  t0_ = now_ = clock_();
  fraction0_ = fraction_ = std::fmin(1.0, std::fmax(0.0, fraction0));
  step_                  = 0;
}

void Progress::Update(PetscInt step, double fraction) {
  now_      = clock_();
  step_     = step;
  fraction_ = std::isfinite(fraction) ? std::fmin(1.0, std::fmax(0.0, fraction)) : fraction0_;
}

double Progress::Left() const {
  if (fraction_ >= 1) return 0;
  if (!(fraction_ > fraction0_) || !(Elapsed() > 0)) return NAN;
  return Elapsed() * (1.0 - fraction_) / (fraction_ - fraction0_);
}

std::string DurationText(double seconds) {
  char buf[48];
  if (!std::isfinite(seconds)) return "?";
  seconds = std::fmax(0.0, seconds);
  if (seconds < 59.95) snprintf(buf, sizeof buf, "%.1fs", seconds);
  else if (seconds < 3600) {
    const long s = std::lround(seconds);
    snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  } else {
    const long m = std::lround(seconds / 60);
    snprintf(buf, sizeof buf, "%ldh%02ldm", m / 60, m % 60);
  }
  return buf;
}

std::string ProgressText(const Progress &p) {
  char         buf[160];
  const double left = p.Left();
  snprintf(buf, sizeof buf, "step %lld, %.1f%% done, elapsed %s, left %s%s",
           static_cast<long long>(p.Step()), 100.0 * p.Fraction(),
           DurationText(p.Elapsed()).c_str(), std::isfinite(left) ? "~" : "",
           DurationText(left).c_str());
  return buf;
}

double WorkFraction(double done, double limit) {
  return limit > 0 ? std::fmin(1.0, std::fmax(0.0, done / limit)) : 1.0;
}

double PathFraction(double start, double target, double value) {
  double f = 0;
  if (start == target) f = 1;
  else if ((start > 0 && target > 0 && value > 0) || (start < 0 && target < 0 && value < 0))
    f = std::log(value / start) / std::log(target / start);
  else f = (value - start) / (target - start);
  return std::isfinite(f) ? std::fmin(1.0, std::fmax(0.0, f)) : 0.0;
}

bool ProgressTrigger::Due(const Progress &p) {
  if (!(interval_ > 0)) return false;
  if (!started_) {
    started_ = true;
    last_    = p.Now() - p.Elapsed(); // the start of the first solve seen
  }
  if (p.Now() - last_ < interval_) return false;
  last_ = p.Now();
  return true;
}

} // namespace petnet
