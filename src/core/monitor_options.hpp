#pragma once
/// \file monitor_options.hpp
/// The PETSc-style monitor options of a solver, read in its SetFromOptions as
/// KSPSetFromOptions reads -ksp_monitor:
///
///   -X_monitor                     print to stdout (every X_monitor_every-th iteration)
///   -X_monitor true|false          the same / off (the boolean form decks use)
///   -X_monitor N                   every N-th iteration to stdout, 0: off (iteration solvers)
///   -X_monitor ascii:FILE, :FILE   the same lines to FILE (PETSc's viewer syntax)
///   -X_monitor draw[:TYPE[:FILE]]  the lines to stdout and a line graph of log10(loss)
///                                  over the iterations on a PETSc draw (draw, draw:x: an X
///                                  window; draw:tikz:FILE.tex: a LaTeX/TikZ file, a frame
///                                  per redraw)
///   -X_monitor_cancel              remove every monitor, also those the program added
///   -progress_interval T           with a monitor on, a progress line (step, elapsed time,
///                                  estimate of the time left) at least every T seconds
///
/// The lines go through a PETSc ASCII viewer: only its first rank writes, and writing is
/// never collective, so a line due by one rank's clock changes no sequence of collectives.
#include "core/base.hpp"
#include "core/progress.hpp"

#include <memory>
#include <petscviewer.h>
#include <string>

namespace petnet {

/// Whether -X_monitor is a switch (true/false) or also takes an iteration interval N.
enum class MonitorForm { kSwitch, kEvery };

/// What a -X_monitor option asked for: where the printing monitor writes, how often.
struct MonitorSpec {
  std::shared_ptr<_p_PetscViewer>  viewer;         ///< null: no printing monitor
  PetscInt                         every  = 1;     ///< kEvery: print every this many iterations
  bool                             cancel = false; ///< -X_monitor_cancel was given
  std::shared_ptr<ProgressTrigger> trigger;        ///< -progress_interval, shared by copies
  std::shared_ptr<_p_PetscViewer>  draw;           ///< draw[:TYPE[:FILE]]: the graph's viewer
  std::string                      title;          ///< the option's name, the graph's title
  bool                             On() const { return viewer != nullptr; }
  PetscViewer                      Viewer() const { return viewer.get(); }
  /// "<label> progress: step 12, 34.0% done, elapsed 1m23s, left ~4m10s" when a progress
  /// line is due after p's last update (nothing if p is null or the monitor is off).
  PetscErrorCode ProgressLine(const char *label, const Progress *p) const;
  /// With a draw viewer: adds (iteration, log10 loss) to the graph and draws it. Call it
  /// where the monitor's line is printed: every rank at the same iterations (drawing is
  /// collective). A loss that is not positive and finite is left out.
  PetscErrorCode Plot(PetscInt iteration, double loss) const;
};

/// Reads `name` (e.g. "-adam_monitor"), name_cancel, for kEvery name_every, and
/// -progress_interval, inside a PetscOptionsBegin block of comm. current: the monitor's
/// state before the options (kSwitch: 0 or 1; kEvery: the interval, 0 off). Every option
/// is listed by -help with its default; a value that is none of the forms above, or a
/// viewer other than ASCII, is an error naming the option.
PetscErrorCode OptionsMonitor(PetscOptionItems *PetscOptionsObject, MPI_Comm comm,
                              const std::string &name, const char *text, const char *man,
                              MonitorForm form, PetscInt current, MonitorSpec *spec);

} // namespace petnet
