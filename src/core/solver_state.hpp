#pragma once
/// \file solver_state.hpp
/// What a solver needs to stop and resume: its state as named arrays of doubles, and
/// a keeper it reports to after every completed step.
///
/// A solver that supports restarts takes an optional StateKeeper. At its start it asks
/// the keeper once for a state to resume from (TakeResume); after each completed step
/// (path step, Gauss–Newton iteration, Adam iteration) it calls Step with a function
/// that writes its current state. The keeper decides whether to keep it (every K steps
/// to an HDF5 checkpoint: io/checkpoint.hpp); solvers never see files, and the keeper
/// never sees what the arrays mean.
///
/// A solver running inside another (the Gauss–Newton corrector of the path tracker,
/// Adam over a sequence of s values) reports through a NestedKeeper: its state is
/// saved under a prefix inside the outer solver's state, so one file holds both.
///
/// Counters are stored as doubles (exact up to 2^53); every value is replicated on
/// all ranks (parameters and histories are), so a state restarts on any rank count.
#include "core/base.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace petnet {

class SolverState {
public:
  void Put(const std::string &key, std::vector<double> v) { data_[key] = std::move(v); }
  void Put(const std::string &key, double v) { data_[key] = {v}; }
  bool Has(const std::string &key) const { return data_.count(key) > 0; }

  /// The array under key; a clear error if it is missing or (expected > 0) has
  /// another length.
  PetscErrorCode Get(MPI_Comm comm, const std::string &key, std::vector<double> *v,
                     size_t expected = 0) const;
  PetscErrorCode Get(MPI_Comm comm, const std::string &key, double *v) const;
  PetscErrorCode Get(MPI_Comm comm, const std::string &key, PetscInt *v) const;

  /// Store a nested solver's state under "prefix/".
  void PutState(const std::string &prefix, const SolverState &inner);
  /// The nested state stored under "prefix/" (nullptr if there is none).
  std::unique_ptr<SolverState> Sub(const std::string &prefix) const;

  const std::map<std::string, std::vector<double>> &Entries() const { return data_; }
  std::map<std::string, std::vector<double>>       &Entries() { return data_; }

private:
  std::map<std::string, std::vector<double>> data_;
};

/// Writes the solver's current state into the argument.
using StateCapture = std::function<PetscErrorCode(SolverState *)>;

class StateKeeper {
public:
  virtual ~StateKeeper() = default;
  /// The state to resume from; only the first call after a restart returns one.
  virtual std::unique_ptr<SolverState> TakeResume() = 0;
  /// A step has been completed; capture is called only if the keeper keeps this one.
  virtual PetscErrorCode Step(const StateCapture &capture) = 0;
  /// True after a Step at which all ranks agreed to stop (a stop signal, a time
  /// limit): the keeper has saved that step's state, and the solver must end its loop
  /// now, with its "signal" (or "max_time") reason, as if it had reached a limit.
  virtual bool StopRequested() const { return false; }
  /// The signal behind StopRequested (0 if none or not a signal).
  virtual int StopSignal() const { return 0; }
};

/// The keeper of a solver that runs inside another: Step saves the outer state
/// (outer_capture) with the inner one under "prefix/"; TakeResume hands out the inner
/// state the outer solver found in its own resume state (or nothing).
class NestedKeeper : public StateKeeper {
public:
  NestedKeeper(StateKeeper *outer, std::string prefix, StateCapture outer_capture,
               std::unique_ptr<SolverState> resume)
      : outer_(outer), prefix_(std::move(prefix)), outer_capture_(std::move(outer_capture)),
        resume_(std::move(resume)) {}
  std::unique_ptr<SolverState> TakeResume() override { return std::move(resume_); }
  PetscErrorCode               Step(const StateCapture &capture) override;
  bool                         StopRequested() const override { return outer_->StopRequested(); }
  int                          StopSignal() const override { return outer_->StopSignal(); }

private:
  StateKeeper                 *outer_;
  std::string                  prefix_;
  StateCapture                 outer_capture_;
  std::unique_ptr<SolverState> resume_;
};

} // namespace petnet
