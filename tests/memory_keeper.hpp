#pragma once
// A StateKeeper for solver tests that keeps every reported state in memory, and the
// bitwise comparison of two arrays.
#include "core/solver_state.hpp"

#include <csignal>
#include <cstring>
#include <memory>
#include <vector>

namespace petnet_test {

/// Keeps every reported state; hands out `resume` once; with stop_at > 0 asks to stop
/// (as for SIGTERM) once stop_at states are kept.
struct MemoryKeeper : petnet::StateKeeper {
  std::vector<petnet::SolverState>     states;
  std::unique_ptr<petnet::SolverState> resume;
  size_t                               stop_at = 0;
  std::unique_ptr<petnet::SolverState> TakeResume() override { return std::move(resume); }
  PetscErrorCode                       Step(const petnet::StateCapture &capture) override {
    states.emplace_back();
    return capture(&states.back());
  }
  bool StopRequested() const override { return stop_at != 0 && states.size() >= stop_at; }
  int  StopSignal() const override { return StopRequested() ? SIGTERM : 0; }
};

/// The same length and the same bits.
inline bool Identical(const std::vector<double> &a, const std::vector<double> &b) {
  // memcmp must not see the null data() of an empty vector, even with a zero length
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

} // namespace petnet_test
