#pragma once
// A StateKeeper for the unit tests: keeps every state in memory, hands one back to
// resume, and asks to stop after a given step.
#include "core/solver_state.hpp"

#include <memory>
#include <vector>

namespace petnet_test {

struct MemoryKeeper : petnet::StateKeeper {
  std::vector<petnet::SolverState>     states;
  std::unique_ptr<petnet::SolverState> resume;
  size_t                               stop_at = 0; ///< stop after this many steps (0: never)
  std::unique_ptr<petnet::SolverState> TakeResume() override { return std::move(resume); }
  PetscErrorCode                       Step(const petnet::StateCapture &capture) override {
    states.emplace_back();
    return capture(&states.back());
  }
  bool StopRequested() const override { return stop_at > 0 && states.size() >= stop_at; }
  int  StopSignal() const override { return StopRequested() ? 15 : 0; }
};

} // namespace petnet_test
