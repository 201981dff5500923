#!/usr/bin/env bash
# Strong / weak scaling study of a 2D operator deck: submit one Slurm job per rank count
# (slurm/petnet.sbatch), wait for them, collect their JSON summaries into a markdown table
# (slurm/collect_scaling.py). Each job writes OUT/ranks-R.json; a job that fails is named
# with its state and log and makes `run` / `wait` exit non-zero; no table is written when
# nothing can be collected. From a checkout or the installed copy (the deck is a path or
# an installed deck's name):
#
#   slurm/scaling_study.sh run strong --ranks "32 64 128 256" --ranks-per-node 32
#   slurm/scaling_study.sh run weak --ranks "1 2 4 8" --functions-per-rank 500
#   slurm/scaling_study.sh submit strong --ranks "1 2" --dry-run      (print the sbatch lines)
#   slurm/scaling_study.sh collect out/scaling-strong-20261123-1900   (table of finished runs)
#
# Modes: strong keeps the deck's rows fixed (-op_n_train of the deck or --functions);
# weak gives every rank the same rows: -op_n_train = functions-per-rank x ranks.
# Options (submit / run):
#   --deck FILE              deck (default inputs/burgers_2d_operator_large.yaml)
#   --ranks "R1 R2 ..."      rank counts (default "1 2")
#   --ranks-per-node N       sbatch --ntasks-per-node (nodes = ceil(R / N)); default: Slurm's choice
#   --functions N            strong: training functions (default: the deck's)
#   --functions-per-rank N   weak: training functions per rank (default 500)
#   --time T                 sbatch --time (default 00:30:00)
#   --out DIR                results (default out/scaling-<mode>-<date>)
#   --serial                 one job at a time (same job name + --dependency=singleton), for
#                            timings on a shared node
#   --overcommit             allow more ranks than CPUs (sbatch --overcommit)
#   --dry-run                print the sbatch commands, submit nothing
#   --timeout S              run: give up waiting after S seconds (default 7200)
#   -- OPTIONS...            passed to petnet (e.g. -hom_max_steps 1)
# Environment: SBATCH_ARGS (extra sbatch arguments: partition, account), PETNET_LAUNCHER,
# PETNET_SRUN_MPI, PETNET_BIN, PETNET_LOG_VIEW (see slurm/README.md).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
petnet_me=scaling_study
# shellcheck source=slurm/petnet_job.sh
source "$here/petnet_job.sh"
die() { petnet_die "$@"; }

cmd=${1:-}
[[ -n $cmd ]] || die "usage: slurm/scaling_study.sh submit|run MODE [options] [-- petnet options] | wait DIR | collect DIR"
shift

wait_jobs() { # DIR TIMEOUT: until none of DIR/jobs.txt is queued or running
  local dir=$1 timeout=$2 t=0 ids
  [[ -s $dir/jobs.txt ]] || die "no $dir/jobs.txt (nothing submitted?)"
  ids=$(cut -d' ' -f2 "$dir/jobs.txt" | paste -sd, -)
  while [[ -n $(squeue -h -j "$ids" -o %i 2>/dev/null) ]]; do
    ((t < timeout)) || die "jobs $ids still queued or running after ${timeout} s (scancel them or wait longer)"
    sleep 2
    t=$((t + 2))
  done
}

# The final state of job $1: scontrol while the controller remembers it (MinJobAge), then
# sacct where accounting is on.
job_state() {
  local st
  st=$(scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  [[ -n $st ]] || st=$(sacct -n -X -P -j "$1" -o State 2>/dev/null | head -n 1 | cut -d' ' -f1)
  echo "${st:-UNKNOWN}"
}

# Every job of DIR/jobs.txt must have ended COMPLETED with its summary DIR/ranks-R.json;
# the others are listed (state, log) and counted.
check_jobs() {
  local dir=$1 r id st bad=0
  while read -r r id; do
    st=$(job_state "$id")
    if [[ -s $dir/ranks-$r.json && ($st == COMPLETED || $st == UNKNOWN) ]]; then continue; fi
    echo "scaling_study: error: job $id ($r ranks) ended $st without a summary $dir/ranks-$r.json (log: $dir/petnet-$id.out)" >&2
    bad=$((bad + 1))
  done <"$dir/jobs.txt"
  return "$bad"
}

# The table of DIR's summaries into DIR/table.md; no table file when there is nothing to
# collect or the collector fails.
collect() {
  local dir=$1
  if ! "$here/collect_scaling.py" "$dir" >"$dir/table.md.tmp"; then
    rm -f "$dir/table.md.tmp"
    die "no table for $dir (collect_scaling.py failed)"
  fi
  mv "$dir/table.md.tmp" "$dir/table.md"
  cat "$dir/table.md"
}

case $cmd in
  wait)
    [[ $# -ge 1 ]] || die "usage: slurm/scaling_study.sh wait DIR [TIMEOUT_S]"
    wait_jobs "$1" "${2:-7200}"
    check_jobs "$1" || die "$? job(s) of $1 failed"
    exit 0
    ;;
  collect)
    [[ $# -ge 1 ]] || die "usage: slurm/scaling_study.sh collect DIR"
    collect "$1"
    exit 0
    ;;
  submit | run) ;;
  *) die "unknown command '$cmd' (submit, run, wait, collect)" ;;
esac

mode=${1:-}
[[ $mode == strong || $mode == weak ]] || die "mode must be strong or weak, got '${mode}'"
shift
deck=inputs/burgers_2d_operator_large.yaml
ranks="1 2"
per_node=""
functions=""
per_rank=500
time_limit=00:30:00
out=""
serial=0
overcommit=0
dry=0
timeout=7200
while [[ $# -gt 0 ]]; do
  case $1 in
    --deck) deck=$2; shift 2 ;;
    --ranks) ranks=$2; shift 2 ;;
    --ranks-per-node) per_node=$2; shift 2 ;;
    --functions) functions=$2; shift 2 ;;
    --functions-per-rank) per_rank=$2; shift 2 ;;
    --time) time_limit=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --serial) serial=1; shift ;;
    --overcommit) overcommit=1; shift ;;
    --dry-run) dry=1; shift ;;
    --timeout) timeout=$2; shift 2 ;;
    --) shift; break ;;
    *) die "unknown option '$1'" ;;
  esac
done
deck=$(petnet_deck "$deck")
for r in $ranks; do
  [[ $r =~ ^[1-9][0-9]*$ ]] || die "--ranks: '$r' is not a positive integer"
done
[[ -z $per_node || $per_node =~ ^[1-9][0-9]*$ ]] || die "--ranks-per-node must be a positive integer"
[[ $per_rank =~ ^[1-9][0-9]*$ ]] || die "--functions-per-rank must be a positive integer"
[[ -z $functions || $functions =~ ^[1-9][0-9]*$ ]] || die "--functions must be a positive integer"
out=${out:-out/scaling-$mode-$(date -u +%Y%m%d-%H%M%S)}
name="petnet-scaling-$(basename "$out")"

((dry)) || mkdir -p "$out"
((dry)) || : >"$out/jobs.txt"
for r in $ranks; do
  args=(-n "$r" --time="$time_limit" --job-name="$name" --output="$out/petnet-%j.out" --parsable)
  if [[ -n $per_node ]]; then
    args+=(--ntasks-per-node="$per_node" -N $(((r + per_node - 1) / per_node)))
  fi
  ((serial)) && args+=(--dependency=singleton)
  ((overcommit)) && args+=(--overcommit)
  popts=()
  if [[ $mode == weak ]]; then
    popts+=(-op_n_train $((per_rank * r)))
  elif [[ -n $functions ]]; then
    popts+=(-op_n_train "$functions")
  fi
  # shellcheck disable=SC2206 # SBATCH_ARGS is a list of words
  line=(sbatch ${SBATCH_ARGS:-} "${args[@]}" "$here/petnet.sbatch" "$deck" "${popts[@]}" "$@")
  if ((dry)); then
    echo "PETNET_OUTDIR=$out PETNET_NAME=ranks-$r ${line[*]}"
    continue
  fi
  id=$(PETNET_OUTDIR=$out PETNET_NAME=ranks-$r "${line[@]}") || die "sbatch failed for $r ranks"
  id=${id%%;*}
  echo "$r $id" >>"$out/jobs.txt"
  echo "scaling_study: $r ranks: job $id"
done
((dry)) && exit 0
echo "scaling_study: results in $out (jobs: $out/jobs.txt)"
if [[ $cmd == run ]]; then
  wait_jobs "$out" "$timeout"
  failed=0
  check_jobs "$out" || failed=$?
  collect "$out"
  ((failed == 0)) || die "$failed of $(wc -l <"$out/jobs.txt") jobs failed (the table has the others)"
fi
