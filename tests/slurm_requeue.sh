#!/usr/bin/env bash
# slurm_requeue.sh DIR H5_COMPARE PETNET SLURM_DIR -- DECK OPTIONS...
#   A job of SLURM_DIR/petnet.sbatch on a real Slurm, signalled mid-run with
#   `scancel --signal=USR1 --batch` (what --signal=B:USR1@120 sends before the time
#   limit), must pass the signal on to petnet, get exit status 75 and a checkpoint,
#   requeue itself, continue from the checkpoint (-restart auto) and end COMPLETED with
#   the same θ, bit for bit, as an uninterrupted run on the same number of ranks (1).
#   A second submission under the same name must then be refused (its output holds a
#   finished run).
#   Skipped (exit 77) when no Slurm is up (scripts/slurm_local.sh starts one here) or when
#   this petnet has no -restart auto. Environment: PETNET_LAUNCHER, PETNET_SRUN_MPI (as
#   for the scripts), SIGNAL_AFTER (path monitor lines before the signal, default 10).
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
set -u
dir=$1 cmp=$2 petnet=$3 slurm=$4
shift 4
[ "${1:-}" = "--" ] && shift
args=("$@")
name="petnet-requeue-test"
log=$dir/job.out
skip() {
  echo "slurm_requeue: SKIP: $*"
  exit 77
}
fail() {
  echo "slurm_requeue: FAIL: $*"
  [ -f "$log" ] && tail -n 25 "$log"
  [ -n "${id:-}" ] && scancel "$id" 2>/dev/null
  exit 1
}
field() { scontrol show job "$id" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }

if ! command -v sbatch >/dev/null || ! command -v scontrol >/dev/null; then
  skip "no Slurm commands (sbatch, scontrol)"
fi
sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)' || skip "no Slurm node up (scripts/slurm_local.sh starts one)"
rm -rf "$dir"
mkdir -p "$dir"
[ "$(id -u)" = 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

echo "== uninterrupted run (-restart auto without a checkpoint: a fresh start)"
if ! "$petnet" "${args[@]}" -restart auto -output "$dir/full" >"$dir/full.log" 2>&1; then
  grep -q -- "-restart" "$dir/full.log" && skip "this petnet has no -restart auto: $(grep -m1 error "$dir/full.log")"
  tail -n 20 "$dir/full.log"
  fail "the uninterrupted run failed"
fi
grep 'petnet: final' "$dir/full.log"

echo "== job, signalled after ${SIGNAL_AFTER:-10} path steps"
id=$(PETNET_BIN=$petnet PETNET_OUTDIR=$dir PETNET_NAME=run sbatch --parsable -n 1 -t 10 \
  --job-name="$name" --output="$log" "$slurm/petnet.sbatch" "${args[@]}" -hom_monitor) ||
  fail "sbatch failed"
id=${id%%;*}
echo "job $id"
for _ in $(seq 1 600); do
  n=$(grep -c '^hom eps' "$log" 2>/dev/null)
  [ "${n:-0}" -ge "${SIGNAL_AFTER:-10}" ] && break
  [ -z "$(squeue -h -j "$id" -o %i 2>/dev/null)" ] && fail "the job ended before it could be signalled"
  sleep 0.1
done
scancel --signal=USR1 --batch "$id" || fail "scancel --signal=USR1 --batch failed"
echo "signalled after $n path steps"

# The script requeues the job itself; Slurm then holds it ~2 minutes (BeginTime), which
# the test shortens: it releases the job 3 s after the requeue (slurmd refuses to start a
# job in the same second as its previous run was killed: "Job credential revoked").
pending=0
for _ in $(seq 1 1200); do
  st=$(field JobState)
  if [ "$pending" -ge 0 ] && [ "$(field Restarts)" = 1 ] && [ "$st" = PENDING ]; then
    pending=$((pending + 1))
    if [ "$pending" -ge 30 ]; then
      scontrol update JobId="$id" StartTime=now || fail "scontrol update StartTime=now failed"
      pending=-1
    fi
  fi
  case $st in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY) break ;; esac
  sleep 0.1
done
echo "job $id: JobState=$st Restarts=$(field Restarts) ExitCode=$(field ExitCode)"
[ "$st" = COMPLETED ] || fail "the job ended $st"
[ "$(field Restarts)" = 1 ] || fail "the job was not requeued exactly once"
grep -q 'petnet exit status 75' "$log" || fail "the first run did not end with exit status 75"
grep -q 'stopped by a signal: requeueing job' "$log" || fail "the job did not requeue itself"
grep 'petnet: restarting from' "$log" || fail "the requeued run did not continue from the checkpoint"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["reason"])' "$dir/run.json")" = \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["reason"])' "$dir/full.json")" ] ||
  fail "the requeued run ended for another reason than the uninterrupted one"
"$cmp" "$dir/full.h5" "$dir/run.h5" theta 0 || fail "θ after the requeue differs from the uninterrupted run"

echo "== the same name again: refused"
id=""
if PETNET_BIN=$petnet PETNET_OUTDIR=$dir PETNET_NAME=run timeout 120 sbatch --wait -n 1 -t 5 \
  --job-name="$name" --output="$dir/again.out" "$slurm/petnet.sbatch" "${args[@]}" >/dev/null; then
  fail "a second job under the same name was not refused"
fi
grep 'holds a finished run' "$dir/again.out" || fail "no clear message for the refused name"
"$cmp" "$dir/full.h5" "$dir/run.h5" theta 0 >/dev/null || fail "the refused job changed the output"
echo "slurm_requeue: ok"
