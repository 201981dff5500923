#pragma once
/// \file monitor.hpp
/// PETSc-style monitors. A solver owns a MonitorList<Info> and calls it once per
/// iteration (or path step) with a small struct describing the state; it never prints
/// inside its loop. What is printed, and to which viewer, is decided by whoever adds the
/// callbacks: the solver's SetFromOptions adds its default ASCII monitor when
/// -<prefix>monitor is given (as KSPSetFromOptions does for -ksp_monitor; the option's
/// forms, file target and _cancel: monitor_options.hpp), and a job or a test may add its
/// own (to record a history, to stop early, to write a file).
///
///   MonitorList<PathStepInfo> monitors;
///   monitors.Add([viewer](const PathStepInfo &s) { return PetscViewerASCIIPrintf(viewer, ...); });
///   PetscCall(monitors(info));          // inside the solver, once per step
#include "core/base.hpp"

#include <functional>
#include <utility>
#include <vector>

namespace petnet {

template <class Info> class MonitorList {
public:
  using Callback = std::function<PetscErrorCode(const Info &)>;

  /// Append a callback; callbacks run in the order they were added.
  void Add(Callback cb) { callbacks_.push_back(std::move(cb)); }
  /// Remove every callback (PETSc's *MonitorCancel).
  void Cancel() { callbacks_.clear(); }
  bool Empty() const { return callbacks_.empty(); }

  /// Call every callback with info; the first error stops the sequence and is returned.
  PetscErrorCode operator()(const Info &info) const {
    PetscFunctionBeginUser;
    for (const Callback &cb : callbacks_) PetscCall(cb(info));
    PetscFunctionReturn(PETSC_SUCCESS);
  }

private:
  std::vector<Callback> callbacks_;
};

} // namespace petnet
