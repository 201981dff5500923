// petnet — neural-network PDE solvers trained with the solvers of numerical analysis.
//
// Sample runs:
//   mpiexec -n 2 build/bin/petnet                                   (embedded default deck)
//   mpiexec -n 2 build/bin/petnet -options_file_yaml inputs/allen_cahn_1d.yaml -output out/ac1d
//   mpiexec -n 2 build/bin/petnet -options_file_yaml inputs/allen_cahn_1d.yaml -pde_eps 0.005
//   srun --mpi=pmix build/bin/petnet -options_file_yaml inputs/allen_cahn_1d.yaml -log_view
//   build/bin/petnet -problem allen_cahn_1d -help
//   build/bin/petnet -version
//
// Option precedence: deck (-options_file_yaml / -options_file) < command line.
#include "core/errors.hpp"
#include "core/option_values.hpp"
#include "core/session.hpp"
#include "core/signals.hpp"
#include "core/version.hpp"
#include "default_deck.hpp"
#include "io/deck_check.hpp"
#include "io/file_safety.hpp"
#include "io/output.hpp"
#include "jobs/job.hpp"

#include <cstdio>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

static const char help[] =
    "petnet: neural-network PDE solvers with PETSc + Kokkos.\n"
    "  -problem NAME  the problem (see the list below); -help with it lists its options\n"
    "  -method NAME  the problem's solver; -help lists the options of this method only\n"
    "                (the problem's default method unless -method is given)\n"
    "  -options_file_yaml DECK  read a deck; command-line options override it\n"
    "  -version  petnet's version and git revision, and those of PETSc, Kokkos, HDF5, MPI\n\n";

namespace {

struct CommandLine {
  std::vector<std::string> yaml_decks, plain_decks, rest; // rest: everything else, in order
  bool                     version = false;               // -version (PETSc never sees it)
};

// Pull the deck arguments out of argv: petnet inserts decks itself, after its
// error handler is in place, so that a missing or malformed deck is one clear line.
CommandLine SplitDecks(int argc, char **argv) {
  CommandLine cl;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "-options_file_yaml" || a == "-options_file") && i + 1 < argc) {
      (a == "-options_file_yaml" ? cl.yaml_decks : cl.plain_decks).push_back(argv[++i]);
    } else if (a == "-version") cl.version = true; // else PETSc prints its own banner first
    else cl.rest.push_back(a);
  }
  return cl;
}

std::string Quote(const std::string &s) {
  if (s.find_first_of(" \t\"'") == std::string::npos && !s.empty()) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\\\"") : std::string(1, c);
  return q + "\"";
}

/// Rank 0 reads the deck first (a FIFO, a repeated key, a NUL byte are refused).
PetscErrorCode CheckDeck(MPI_Comm comm, const std::string &deck, bool yaml) {
  std::string why;
  PetscFunctionBeginUser;
  if (petnet::Rank(comm) == 0) why = petnet::DeckProblem(deck, yaml);
  unsigned long long n = why.size();
  PetscCallMPI(MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, comm));
  why.resize(n);
  if (n) PetscCallMPI(MPI_Bcast(&why[0], static_cast<int>(n), MPI_CHAR, 0, comm));
  PetscCheck(why.empty(), comm, PETSC_ERR_USER_INPUT, "%s", why.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode Main(const CommandLine &cl, int *status) {
  MPI_Comm comm = PETSC_COMM_WORLD;
  PetscFunctionBeginUser;
  if (cl.version) {
    PetscCall(PetscPrintf(comm, "%s", petnet::VersionText().c_str()));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (auto &d : cl.plain_decks) {
    PetscCall(CheckDeck(comm, d, false));
    PetscCall(PetscOptionsInsertFile(comm, nullptr, d.c_str(), PETSC_TRUE));
  }
  for (auto &d : cl.yaml_decks) {
    PetscCall(CheckDeck(comm, d, true));
    // PETSc's own message does not name the file: catch the error and say which.
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
    PetscErrorCode ierr = PetscOptionsInsertFileYAML(comm, nullptr, d.c_str(), PETSC_TRUE);
    PetscCall(PetscPopErrorHandler());
    PetscCheck(!ierr, comm, PETSC_ERR_USER_INPUT, "malformed deck %s (not valid YAML)", d.c_str());
  }
  PetscBool has_problem;
  PetscCall(PetscOptionsHasName(nullptr, nullptr, "-problem", &has_problem));
  if (!has_problem && cl.yaml_decks.empty() && cl.plain_decks.empty()) {
    PetscCall(PetscPrintf(
        comm,
        "petnet: no deck given, running the embedded default deck (inputs/allen_cahn_1d.yaml)\n"));
    PetscCall(PetscOptionsInsertStringYAML(nullptr, petnet::DefaultDeckYAML()));
  }
  // The command line wins over any deck: insert it again on top.
  std::string line;
  for (auto &a : cl.rest) line += Quote(a) + " ";
  if (!line.empty()) PetscCall(PetscOptionsInsertString(nullptr, line.c_str()));
  PetscCall(petnet::CheckOptionValues(comm, {"seed"}));

  // Which job handles -problem?
  std::vector<std::string> names;
  std::string              list;
  for (auto &j : petnet::Jobs())
    for (auto &p : j.problems()) {
      names.push_back(p);
      list += (list.empty() ? "" : ", ") + p;
    }
  char      problem[128] = "";
  PetscBool set          = PETSC_FALSE;
  PetscOptionsBegin(comm, nullptr, "petnet driver", "petnet");
  PetscCall(PetscOptionsString("-problem", ("Problem: " + list).c_str(), "petnet", problem, problem,
                               sizeof problem, &set));
  PetscBool trace = PETSC_FALSE; // read before (PushErrorHandler); here for -help
  PetscCall(PetscOptionsBool("-petnet_traceback",
                             "PETSc's full error traceback instead of one petnet: error line",
                             "petnet", trace, &trace, nullptr));
  PetscOptionsEnd();
  if (!set && petnet::HelpRequested()) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck(set, comm, PETSC_ERR_USER_INPUT, "no -problem given (one of: %s)", list.c_str());
  const petnet::JobInfo *job = nullptr;
  for (auto &j : petnet::Jobs())
    for (auto &p : j.problems())
      if (p == problem) job = &j;
  PetscCheck(job, comm, PETSC_ERR_USER_INPUT, "unknown -problem %s (one of: %s)", problem,
             list.c_str());

  petnet::RunOutput out;
  PetscCall(out.SetFromOptions(comm));
  std::unique_ptr<petnet::Job> run = job->create(comm, problem, out);
  PetscCall(petnet::RunJob(*run, out, status));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// A C++ exception escaped: one line, and the other ranks cannot be waited for.
void Fatal(const char *what) {
  std::string line(what ? what : "unknown exception");
  for (char &c : line)
    if (c == '\n' || c == '\r') c = ' '; // Kokkos words its allocation failures on several lines
  std::fprintf(stderr, "petnet: error: %s\n", line.c_str());
  std::fflush(stderr);
  if (petnet::Size(PETSC_COMM_WORLD) > 1) MPI_Abort(PETSC_COMM_WORLD, petnet::EXIT_STATUS_ERROR);
}

} // namespace

int main(int argc, char **argv) {
  // Every rank's output line-buffered, so that a killed job's log (a pipe or a file,
  // fully buffered by default) shows every progress line printed before the kill.
  std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ);
  CommandLine cl = SplitDecks(argc, argv);
  // PETSc sees the command line without the decks (petnet inserts those itself).
  std::vector<char *> args{argv[0]};
  for (auto &a : cl.rest) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  int    pargc = static_cast<int>(args.size()) - 1;
  char **pargv = args.data();

  petnet::Session session(&pargc, &pargv, help);
  if (!session.ok()) return 1;
  if (petnet::PushErrorHandler()) return 1;
  petnet::SilenceHDF5Errors(); // HDF5 failures are reported as one petnet line each
  // SIGTERM, SIGUSR1, SIGINT: stop after the current solver step with a checkpoint
  // (io/checkpoint.hpp), exit status 75.
  if (petnet::InstallStopSignalHandlers()) return 1;
  int status = petnet::EXIT_STATUS_OK;
  try {
    PetscErrorCode ierr = Main(cl, &status);
    return ierr ? petnet::EXIT_STATUS_ERROR : status;
  } catch (const std::bad_alloc &) {
    Fatal("out of memory (a size in the options or an input file is too large?)");
  } catch (const std::length_error &e) {
    Fatal((std::string("a size in the options or an input file is too large (") + e.what() + ")")
              .c_str());
  } catch (const std::exception &e) { Fatal(e.what()); }
  return petnet::EXIT_STATUS_ERROR;
}
