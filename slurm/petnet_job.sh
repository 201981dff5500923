# shellcheck shell=bash
# Functions shared by petnet's Slurm scripts (slurm/*.sbatch, scripts/trsqp_sweep.sh);
# sourced, not run. See slurm/README.md for the variables.
#
#   PETNET_ROOT             the directory that holds inputs/, slurm/ and scripts/: a source
#                           checkout, or PREFIX/share/petnet of an installed petnet
#   petnet_find_bin         PETNET_ENV, then PETNET_BIN, `petnet` on PATH, the install
#                           prefix, the checkout's build tree; sets PETNET_BIN
#   petnet_launcher N       the launcher for N ranks with its binding: array PETNET_CMD
#   petnet_deck DECK        the path of a deck given by path or by installed name
#   petnet_threads          OMP_NUM_THREADS (and OpenMP binding) from --cpus-per-task
#   petnet_run_step CMD...  runs CMD with USR1/TERM/INT passed on to it; its exit status
#   petnet_claim PREFIX     refuses a prefix that holds a finished run or another job's run
#   petnet_stopped RC       did the run end because of a stop signal (status 75, or killed
#                           by the signal passed on)?
#   petnet_requeue          scontrol requeue of this job

PETNET_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck disable=SC2034 # read by the scripts that source this file
PETNET_EXIT_INTERRUPTED=75 # petnet's exit status after a stop signal (checkpoint written)

petnet_die() {
  echo "${petnet_me:-petnet}: error: $*" >&2
  exit 1
}
petnet_log() { echo "${petnet_me:-petnet}: $*"; }

# A checkout has the top-level CMakeLists.txt; an install has PREFIX/bin next to share/.
petnet_is_checkout() { [[ -f $PETNET_ROOT/CMakeLists.txt && -d $PETNET_ROOT/src ]]; }

# PETNET_ENV: a file to source or a command to evaluate before petnet is looked for,
# e.g. "spack load petnet" or "module load petnet". Site scripts often read unset
# variables, hence set +u around it.
petnet_load_env() {
  [[ -n ${PETNET_ENV:-} ]] || return 0
  local rc=0
  set +u
  if [[ -f $PETNET_ENV ]]; then
    # shellcheck disable=SC1090 # the site's file
    source "$PETNET_ENV" || rc=$?
  else
    eval "$PETNET_ENV" || rc=$?
  fi
  set -u
  ((rc == 0)) || petnet_die "PETNET_ENV '$PETNET_ENV' failed (status $rc)"
}

petnet_find_bin() {
  petnet_load_env
  local found=""
  if [[ -n ${PETNET_BIN:-} ]]; then
    [[ -x $PETNET_BIN ]] || petnet_die "PETNET_BIN=$PETNET_BIN is not an executable"
    return 0
  fi
  if found=$(command -v petnet); then
    PETNET_BIN=$found
  elif ! petnet_is_checkout && [[ -x $PETNET_ROOT/../../bin/petnet ]]; then
    PETNET_BIN=$(cd "$PETNET_ROOT/../../bin" && pwd)/petnet
  elif petnet_is_checkout && [[ -x $PETNET_ROOT/build/bin/petnet ]]; then
    PETNET_BIN=$PETNET_ROOT/build/bin/petnet
  else
    petnet_die "no petnet found: set PETNET_ENV (e.g. 'spack load petnet'), put petnet on PATH or set PETNET_BIN"
  fi
}

# petnet_deck DECK: the deck's path: DECK itself, or DECK under PETNET_ROOT or
# PETNET_ROOT/inputs (an installed petnet's decks: allen_cahn_1d.yaml, inputs/allen_cahn_1d.yaml).
petnet_deck() {
  local d
  for d in "$1" "$PETNET_ROOT/$1" "$PETNET_ROOT/inputs/$1"; do
    if [[ -f $d && -r $d ]]; then
      echo "$d"
      return 0
    fi
  done
  petnet_die "cannot read deck $1 (nor under $PETNET_ROOT/inputs)"
}

# OpenMP builds: one thread per CPU of the task (sbatch --cpus-per-task), bound to them.
# OMP_NUM_THREADS set by the user wins; without --cpus-per-task nothing is set.
petnet_threads() {
  local cpus=${SLURM_CPUS_PER_TASK:-}
  [[ -n $cpus ]] || return 0
  export OMP_NUM_THREADS=${OMP_NUM_THREADS:-$cpus}
  export OMP_PROC_BIND=${OMP_PROC_BIND:-spread} OMP_PLACES=${OMP_PLACES:-threads}
}

# PETNET_CMD=(launcher and its options) for N ranks. PETNET_LAUNCHER: srun (default;
# --mpi=$PETNET_SRUN_MPI, default pmix), mpiexec or mpirun. srun gets the job's
# --cpus-per-task (srun does not inherit it from sbatch) and, for GPU jobs
# (--gpus-per-task), --gpu-bind=$PETNET_GPU_BIND (default closest): each rank sees its
# own GPUs. mpiexec binds each rank to --cpus-per-task cores.
petnet_launcher() {
  local n=$1 cpus=${SLURM_CPUS_PER_TASK:-} gpus=${SLURM_GPUS_PER_TASK:-}
  case ${PETNET_LAUNCHER:-srun} in
    srun)
      PETNET_CMD=(srun --mpi="${PETNET_SRUN_MPI:-pmix}" -n "$n")
      [[ -z $cpus ]] || PETNET_CMD+=(--cpus-per-task="$cpus")
      [[ -z $gpus ]] || PETNET_CMD+=(--gpus-per-task="$gpus" --gpu-bind="${PETNET_GPU_BIND:-closest}")
      ;;
    mpiexec | mpirun)
      PETNET_CMD=("$PETNET_LAUNCHER" -n "$n")
      [[ -z $cpus || $cpus == 1 ]] || PETNET_CMD+=(--map-by "slot:PE=$cpus" --bind-to core)
      ;;
    *) petnet_die "PETNET_LAUNCHER must be srun, mpiexec or mpirun, not '$PETNET_LAUNCHER'" ;;
  esac
  # OpenMPI refuses root unless told (jobs run as root on the local test cluster).
  if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  fi
}

# With sbatch --signal=B:USR1@T Slurm signals the batch shell only, and bash runs a trap
# only once the foreground command has ended: so the step runs in the background, the
# trap passes the signal on (srun and mpiexec forward it to every rank) and the shell
# waits again until the step has really ended.
petnet_step_pid=""
petnet_signalled=0
petnet_forwarded="" # the last signal passed on (USR1, TERM, INT)
petnet_forward() {
  petnet_signalled=1
  petnet_forwarded=$1
  petnet_log "got SIG$1 at $(date -u +%FT%TZ): passing it on to the run (pid $petnet_step_pid)"
  kill -s "$1" "$petnet_step_pid" 2>/dev/null || true
}
petnet_run_step() {
  local rc=0 sig
  "$@" &
  petnet_step_pid=$!
  for sig in USR1 TERM INT; do
    # shellcheck disable=SC2064 # the signal name is fixed now
    trap "petnet_forward $sig" "$sig"
  done
  wait "$petnet_step_pid" || rc=$?
  # A status above 128 with a trap just run is the interrupted wait, not the step's.
  while ((rc > 128 && petnet_signalled)); do
    petnet_signalled=0
    rc=0
    wait "$petnet_step_pid" || rc=$?
  done
  trap - USR1 TERM INT
  return "$rc"
}

# This job for scontrol and squeue: an array task is ARRAYID_INDEX (its SLURM_JOB_ID can
# be the array's own id, which names every task).
petnet_job_ref() {
  if [[ -n ${SLURM_ARRAY_JOB_ID:-} && -n ${SLURM_ARRAY_TASK_ID:-} ]]; then
    echo "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
  else
    echo "${SLURM_JOB_ID:-$$}"
  fi
}

# PREFIX is this job's: refuse it when it holds a finished run (its PREFIX.json says
# anything but reason "signal"), unless PETNET_OVERWRITE=1 (then the old checkpoint is
# removed, so that -restart auto starts afresh), or when another job still running
# writes it (PREFIX.job names the job).
petnet_claim() {
  local prefix=$1 owner reason me
  me=$(petnet_job_ref)
  if [[ -s $prefix.job ]]; then
    owner=$(<"$prefix.job")
    if [[ $owner != "$me" ]] && [[ -n $(squeue -h -j "$owner" -o %i 2>/dev/null) ]]; then
      petnet_die "$prefix is being written by job $owner, still queued or running: choose another name (PETNET_NAME or sbatch --job-name)"
    fi
  fi
  if [[ -s $prefix.json ]]; then
    reason=$(petnet_json_get "$prefix.json" reason) || reason="unreadable"
    if [[ $reason != signal ]]; then
      [[ ${PETNET_OVERWRITE:-0} == 1 ]] ||
        petnet_die "$prefix.json holds a finished run (reason '$reason'): choose another name (PETNET_NAME or sbatch --job-name), remove it, or set PETNET_OVERWRITE=1"
      petnet_log "PETNET_OVERWRITE=1: replacing the finished run in $prefix (and its checkpoint)"
      rm -f "$prefix.ckpt.h5"
    fi
  fi
  mkdir -p "$(dirname "$prefix")"
  echo "$me" >"$prefix.job"
}

# petnet_json_get FILE KEY[.KEY...]: one value of a JSON file (python3's json module).
petnet_json_get() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[k]
print(v)
EOF
}

# Was the run stopped at the batch system's request? Exit status 75 (petnet stopped after
# a step, checkpoint written), or death by the very signal this shell passed on (a run
# signalled before its solver listens, e.g. still setting up, ends by the signal: its
# last checkpoint, if any, is where the next start continues).
petnet_stopped() {
  local rc=$1
  ((rc == PETNET_EXIT_INTERRUPTED)) && return 0
  [[ -n $petnet_forwarded ]] && ((rc == 128 + $(kill -l "$petnet_forwarded")))
}

# After petnet_stopped: put this job back in the queue; its next start continues from the
# checkpoint (-restart auto). PETNET_REQUEUE=0 leaves it stopped; PETNET_MAX_RESTARTS
# (default 10) bounds the cycle.
petnet_requeue() {
  local restarts=${SLURM_RESTART_COUNT:-0} max=${PETNET_MAX_RESTARTS:-10} me
  me=$(petnet_job_ref)
  if [[ ${PETNET_REQUEUE:-1} != 1 ]]; then
    petnet_log "stopped by a signal; PETNET_REQUEUE=${PETNET_REQUEUE}: not requeued (resubmit to continue)"
    return 0
  fi
  if ((restarts >= max)); then
    petnet_log "stopped by a signal; already restarted $restarts times (PETNET_MAX_RESTARTS=$max): not requeued"
    return 0
  fi
  petnet_log "stopped by a signal: requeueing job $me (restart $((restarts + 1)))"
  scontrol requeue "$me" || petnet_die "scontrol requeue $me failed"
}
