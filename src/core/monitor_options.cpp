#include "core/monitor_options.hpp"

#include <petscdraw.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <strings.h>

namespace petnet {

namespace {
/// PETSc's words for a boolean option value (case ignored); false: not one of them.
bool SwitchValue(const char *v, bool *on) {
  for (const char *t : {"1", "true", "yes", "on"})
    if (!strcasecmp(v, t)) return *on = true;
  for (const char *f : {"0", "false", "no", "off"})
    if (!strcasecmp(v, f)) return !(*on = false);
  return false;
}

/// The whole of v as an integer; false: not an integer.
bool IntegerValue(const char *v, PetscInt *n) {
  char *end   = nullptr;
  errno       = 0;
  long long x = std::strtoll(v, &end, 10);
  if (!*v || *end || errno) return false;
  *n = static_cast<PetscInt>(x);
  return static_cast<long long>(*n) == x;
}

/// Holds a reference to viewer and destroys it with the last copy.
std::shared_ptr<_p_PetscViewer> Shared(PetscViewer viewer) {
  return std::shared_ptr<_p_PetscViewer>(viewer,
                                         [](PetscViewer v) { (void)PetscViewerDestroy(&v); });
}

/// The viewer PETSc's syntax in the option asks for; only ASCII ones print monitor lines.
PetscErrorCode ViewerFromOption(MPI_Comm comm, const std::string &name, const char *value,
                                MonitorSpec *spec) {
  PetscViewer       viewer = nullptr;
  PetscViewerFormat format = PETSC_VIEWER_DEFAULT;
  PetscBool         set    = PETSC_FALSE;
  PetscFunctionBeginUser;
  // The type is checked before PETSc creates the viewer (a binary one would create files).
  const std::string type = std::string(value).substr(0, std::string(value).find(':'));
  PetscCheck(type.empty() || type == PETSCVIEWERASCII || type == PETSCVIEWERDRAW, comm,
             PETSC_ERR_SUP,
             "%s %s: monitors print text lines or draw a graph; give ascii, ascii:FILE, :FILE or "
             "draw[:TYPE[:FILE]]",
             name.c_str(), value);
  PetscCall(PetscOptionsGetViewer(comm, nullptr, nullptr, name.c_str(), &viewer, &format, &set));
  PetscCheck(set && viewer, comm, PETSC_ERR_ARG_WRONG, "%s %s: no viewer", name.c_str(), value);
  if (type == PETSCVIEWERDRAW) {
    PetscDraw draw = nullptr; // opened now: a bad draw type is an error before the run starts
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
    PetscErrorCode ierr = PetscViewerDrawGetDraw(viewer, 0, &draw);
    PetscCall(PetscPopErrorHandler());
    if (ierr) PetscCall(PetscViewerDestroy(&viewer));
    PetscCheck(!ierr, comm, PETSC_ERR_ARG_WRONG,
               "%s %s: cannot open that PETSc draw (types: x, tikz, null; e.g. draw:tikz:FILE.tex)",
               name.c_str(), value);
    spec->draw  = Shared(viewer);                           // the lines go to stdout
    spec->title = name.substr(name.find_first_not_of('-')); // "adam monitor": TikZ-safe
    for (char &c : spec->title)
      if (c == '_') c = ' ';
  } else spec->viewer = Shared(viewer);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The standard output's viewer on comm.
PetscErrorCode Stdout(MPI_Comm comm, MonitorSpec *spec) {
  PetscViewer viewer = nullptr;
  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIGetStdout(comm, &viewer));
  PetscCall(PetscObjectReference(reinterpret_cast<PetscObject>(viewer)));
  spec->viewer = Shared(viewer);
  PetscFunctionReturn(PETSC_SUCCESS);
}
} // namespace

PetscErrorCode MonitorSpec::ProgressLine(const char *label, const Progress *p) const {
  PetscFunctionBeginUser;
  if (p && viewer && trigger && trigger->Due(*p))
    PetscCall(
        PetscViewerASCIIPrintf(viewer.get(), "%s progress: %s\n", label, ProgressText(*p).c_str()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MonitorSpec::Plot(PetscInt iteration, double loss) const {
  PetscDrawLG   lg   = nullptr;
  PetscDrawAxis axis = nullptr;
  PetscFunctionBeginUser;
  if (!draw || !(loss > 0) || !std::isfinite(loss)) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscViewerDrawGetDrawLG(draw.get(), 0, &lg));
  PetscCall(PetscDrawLGGetAxis(lg, &axis));
  PetscCall(PetscDrawAxisSetLabels(axis, title.c_str(), "iteration", "log10(loss)"));
  const PetscReal x = static_cast<PetscReal>(iteration), y = std::log10(loss);
  PetscCall(PetscDrawLGAddPoint(lg, &x, &y));
  PetscCall(PetscDrawLGDraw(lg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OptionsMonitor(PetscOptionItems *PetscOptionsObject, MPI_Comm comm,
                              const std::string &name, const char *text, const char *man,
                              MonitorForm form, PetscInt current, MonitorSpec *spec) {
  const bool every_form                     = form == MonitorForm::kEvery;
  char       value[PETSC_MAX_PATH_LEN + 64] = "";
  char       shown[32];
  PetscBool  set = PETSC_FALSE, every_set = PETSC_FALSE, cancel = PETSC_FALSE;
  PetscInt   every    = 1;
  double     interval = 10;
  PetscFunctionBeginUser;
  *spec = MonitorSpec();
  if (every_form) PetscCall(PetscSNPrintf(shown, sizeof shown, "%" PetscInt_FMT, current));
  else PetscCall(PetscStrncpy(shown, current ? "true" : "false", sizeof shown));
  const std::string help = std::string(text) +
                           (every_form ? " (N: every N-th iteration, 0: off" : " (true, false") +
                           "; ascii:FILE or :FILE: to FILE; draw[:TYPE[:FILE]]: a graph too)";
  PetscCall(PetscOptionsString(name.c_str(), help.c_str(), man, shown, value, sizeof value, &set));
  if (every_form)
    PetscCall(PetscOptionsInt((name + "_every").c_str(),
                              ("With " + name + ": print every this many iterations").c_str(), man,
                              every, &every, &every_set));
  PetscCall(PetscOptionsBool((name + "_cancel").c_str(),
                             "Remove every monitor, also those set by the program", man, cancel,
                             &cancel, nullptr));
  PetscCall(PetscOptionsReal("-progress_interval",
                             "With a monitor on: a progress line (step, elapsed time, time left) "
                             "at least every this many seconds (0: off)",
                             man, interval, &interval, nullptr));
  PetscCheck(interval >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-progress_interval must be >= 0, got %g", interval);
  PetscCheck(every >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s_every must be >= 1, got %" PetscInt_FMT, name.c_str(), every);
  spec->cancel  = cancel;
  spec->trigger = std::make_shared<ProgressTrigger>(interval);
  spec->every   = every;
  bool     on   = current > 0;
  PetscInt n    = 0;
  if (!set) {
    if (every_form && on) spec->every = current;
  } else if (!*value) on = true;
  else if (IntegerValue(value, &n) && (every_form || (n != 0 && n != 1))) { // 0, 1: a switch
    PetscCheck(every_form, comm, PETSC_ERR_ARG_WRONG,
               "%s takes true, false, ascii:FILE or :FILE, got %s", name.c_str(), value);
    PetscCheck(n >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "%s must be >= 0, got %s", name.c_str(),
               value);
    PetscCheck(!every_set, comm, PETSC_ERR_ARG_INCOMP, "%s %s and %s_every: give the interval once",
               name.c_str(), value, name.c_str());
    on          = n > 0;
    spec->every = n > 0 ? n : every;
  } else if (SwitchValue(value, &on)) {
  } else {
    PetscCall(ViewerFromOption(comm, name, value, spec));
    on = true;
  }
  if (cancel) on = false;
  if (on && !spec->viewer) PetscCall(Stdout(comm, spec));
  if (!on) spec->viewer.reset(), spec->draw.reset();
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
