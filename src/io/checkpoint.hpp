#pragma once
/// \file checkpoint.hpp
/// Checkpoints: a solver's state (core/solver_state.hpp) kept in an HDF5 file every
/// K steps or every T seconds, and a run restarted from one ends where the uninterrupted
/// run ends (same rank count: bit for bit; another rank count: to rounding).
///
///   -checkpoint_every K        write after every K-th completed solver step (path steps,
///                              Gauss–Newton iterations and Adam iterations all count); 0: never
///   -checkpoint_interval T     write after the first step completed T seconds or more after
///                              the start or the last checkpoint (rank 0's clock); 0: never
///   -checkpoint_file PATH      where (default PREFIX.ckpt.h5 for -output PREFIX, else
///                              petnet.ckpt.h5)
///   -restart FILE              continue from FILE (an error if it cannot be resumed)
///   -restart auto              continue from PATH if it holds a checkpoint this run can
///                              resume, else start from scratch (one line says which)
///
/// Stop signals (core/signals.hpp): the keeper takes the collective decisions. After
/// every completed step one allreduce of two ints agrees on (a) a SIGTERM, SIGUSR1 or
/// SIGINT received by any rank and (b) rank 0's verdict on the time interval, so every
/// rank takes the same branch. On a signal the state of that step is written to PATH
/// (whatever -checkpoint_every says) and StopRequested() turns true: the solver ends
/// its loop with its "signal" reason, the job writes its partial output and petnet
/// exits with status 75 (core/outcome.hpp). Under Slurm:
///
///   #SBATCH --signal=B:USR1@120   (USR1 to the batch shell 120 s before the time limit;
///                                  the script forwards it to srun's tasks)
///   #SBATCH --requeue             (the requeued job runs the same line with -restart auto)
///
/// Single writer: parameters and solver states are replicated on every rank, so rank 0
/// writes the whole file, to PATH.tmp in the same directory, fsyncs it and renames it
/// over PATH: a run killed at any moment leaves either the previous checkpoint or the
/// new one, never a half-written file. Reading is rank 0 plus a broadcast, so a
/// checkpoint restarts on any rank count.
///
/// File layout (the only place that knows it): root attributes format
/// ("petnet-checkpoint"), version, steps (completed steps so far), ranks (of the
/// writer, informative), keys (the state's keys, one a line), checksum (FNV-1a over
/// keys and values), and id:NAME for each identity entry the job declared (problem,
/// method, parameter count, ...); the state's arrays are datasets state/KEY.
#include "core/base.hpp"
#include "core/solver_state.hpp"
#include "io/json.hpp"

#include <string>
#include <utility>
#include <vector>

namespace petnet {

class Checkpoint : public StateKeeper {
public:
  /// Reads the options; output_prefix is -output's PREFIX (may be empty).
  PetscErrorCode SetFromOptions(MPI_Comm comm, const std::string &output_prefix);
  /// Checkpoints are written at regular steps or times (a stop signal always writes one).
  bool Saving() const { return every_ > 0 || interval_ > 0; }
  /// -restart FILE, or -restart auto once Load has found a checkpoint to resume.
  bool               Restarting() const { return !restart_.empty(); }
  bool               RestartAuto() const { return auto_; }
  const std::string &File() const { return file_; }
  const std::string &RestartFile() const { return restart_; }

  /// Declare what a checkpoint must match to be resumed by this run (written into
  /// every checkpoint, compared by Load): e.g. ("problem", "burgers_1d_operator").
  void Identify(const std::string &name, const std::string &value) {
    identity_.emplace_back(name, value);
  }
  /// A number (written with as many digits as it takes to read back exactly: it must match).
  void Identify(const std::string &name, double value);
  /// What every training run declares: problem, method, parameter count, row count, seed.
  void IdentifyRun(const std::string &problem, const std::string &method, long params, long rows,
                   long seed);
  /// Reads and checks -restart FILE (collective): a missing, truncated, corrupt or
  /// incompatible file is one clear error. Afterwards TakeResume hands out its state.
  /// With -restart auto: the checkpoint file if it can be resumed, else nothing.
  PetscErrorCode Load();

  std::unique_ptr<SolverState> TakeResume() override { return std::move(resume_); }
  /// Counts the step, agrees on a stop signal and on the time interval (collective),
  /// and writes the state when it is due.
  PetscErrorCode Step(const StateCapture &capture) override;
  bool           StopRequested() const override { return stop_signal_ != 0; }
  int            StopSignal() const override { return stop_signal_; }
  /// Writes s now (collective).
  PetscErrorCode Save(const SolverState &s);

  /// Completed steps, those before the restart included.
  PetscInt Steps() const { return steps_; }
  /// The step count stored in the restart file (0 without -restart).
  PetscInt RestartStep() const { return restart_step_; }
  PetscInt Saves() const { return saves_; }
  /// "checkpoint" (file, every, saves, seconds spent writing) and "restarted_from" (file, step)
  /// entries of the run summary, where they apply.
  void Summarize(Json &js) const;

private:
  MPI_Comm    comm_  = MPI_COMM_NULL;
  PetscInt    every_ = 0, steps_ = 0, restart_step_ = 0, saves_ = 0;
  std::string file_, restart_;
  std::vector<std::pair<std::string, std::string>> identity_;
  std::unique_ptr<SolverState>                     resume_;
  double                                           seconds_ = 0;
  double interval_ = 0, last_save_ = 0; ///< -checkpoint_interval; rank 0's time of the last save
  bool   auto_        = false;          ///< -restart auto
  int    stop_signal_ = 0;              ///< the agreed stop signal (0: none)
  PetscErrorCode Fetch(const std::string &file, std::string *err, SolverState *s,
                       PetscInt *steps) const;
};

} // namespace petnet
