#!/usr/bin/env bash
# Figure 1 of the trSQP-PINN paper: errors of trSQP, penalty and ALM over the PDE
# coefficient (transport β, reaction α, reaction–diffusion α at ν = 2 and ν at α = 20).
#
#   scripts/trsqp_sweep.sh list                 the runs, one per line (index: name | options)
#   scripts/trsqp_sweep.sh run I [opts]         run number I (0-based) into $OUT/<name>.json
#   scripts/trsqp_sweep.sh all [opts]           every run, one after another
#   scripts/trsqp_sweep.sh table                markdown table of the finished runs in $OUT
#
# Environment: OUT (default out/trsqp_sweep, relative to the current directory), RANKS
# (default 2), SWEEP (full | reduced: reduced keeps the positive coefficients 1, 10, 30, 50
# and ν in {2, 6, 10}), METHODS (default "trsqp penalty alm"), TRSQP_OPTS and BASELINE_OPTS
# (extra options for the trsqp runs and for the penalty/ALM runs, e.g.
# TRSQP_OPTS="-trsqp_max_time 60", BASELINE_OPTS="-pen_outer 30"), SWEEP_FORCE=1 (run again
# a run whose summary exists; otherwise it is skipped unless it was stopped by a signal). petnet is found as by the Slurm
# scripts (PETNET_ENV, PETNET_BIN, PATH, install prefix, build tree); the launcher is
# PETNET_LAUNCHER (default srun inside a Slurm job, mpiexec outside; srun --mpi from
# PETNET_SRUN_MPI). Extra command-line options go to every petnet run, e.g. -eval_nx 512
# -eval_nt 200. `run` and `all` exit non-zero when a run fails. Slurm:
# slurm/trsqp_sweep.sbatch runs the same list as an array job.
set -uo pipefail
petnet_me=trsqp_sweep
# shellcheck source=slurm/petnet_job.sh
source "$(dirname "${BASH_SOURCE[0]}")/../slurm/petnet_job.sh"
OUT=${OUT:-out/trsqp_sweep}
RANKS=${RANKS:-2}
SWEEP=${SWEEP:-full}
METHODS=${METHODS:-trsqp penalty alm}
decks=$PETNET_ROOT/inputs

list() {
  local coefs nus
  if [ "$SWEEP" = reduced ]; then coefs="1 10 30 50"; nus="2 6 10"; else coefs="-50 -40 -30 -20 -10 -1 1 10 20 30 40 50"; nus="2 4 6 8 10"; fi
  local m
  for m in $METHODS; do
    if [ "$m" = trsqp ]; then suf=""; x=${TRSQP_OPTS:-}; else suf="_$m"; x=${BASELINE_OPTS:-}; fi
    for b in $coefs; do echo "transport_beta${b}_$m | -options_file_yaml $decks/trsqp_transport$suf.yaml -pde_beta $b $x"; done
    for a in $coefs; do echo "reaction_alpha${a}_$m | -options_file_yaml $decks/trsqp_reaction$suf.yaml -pde_alpha $a $x"; done
    for a in $coefs; do echo "rd_alpha${a}_nu2_$m | -options_file_yaml $decks/trsqp_reaction_diffusion$suf.yaml -pde_alpha $a -pde_nu 2 $x"; done
    for n in $nus; do echo "rd_alpha20_nu${n}_$m | -options_file_yaml $decks/trsqp_reaction_diffusion$suf.yaml -pde_alpha 20 -pde_nu $n $x"; done
  done
}

run() { # index, extra options; the exit status is petnet's
  local i=$1
  shift
  local line name opts rc=0
  line=$(list | sed -n "$((i + 1))p")
  [ -n "$line" ] || {
    echo "trsqp_sweep: no run $i (see: $0 list)" >&2
    return 1
  }
  name=${line%% | *}
  opts=${line#* | }
  # A summary of a finished run (not one stopped by a signal) means done.
  if [ -s "$OUT/$name.json" ] && [ "${SWEEP_FORCE:-0}" != 1 ] &&
    [ "$(petnet_json_get "$OUT/$name.json" reason 2>/dev/null)" != signal ]; then
    echo "trsqp_sweep: $name: done already ($OUT/$name.json; SWEEP_FORCE=1 runs it again)"
    return 0
  fi
  mkdir -p "$OUT"
  # shellcheck disable=SC2086 # opts is a list of words
  "${PETNET_CMD[@]}" "$PETNET_BIN" $opts "$@" -output "$OUT/$name" >"$OUT/$name.log" 2>&1 || rc=$?
  echo "trsqp_sweep: $name exit $rc ($(grep -m 1 -E '^petnet: (error|final)' "$OUT/$name.log" || tail -n 1 "$OUT/$name.log"))"
  return "$rc"
}

# The table from the summaries (python3's json module), in the order of `list`.
table() {
  list | sed 's/ | .*//' | python3 -c '
import json, os, sys
out = sys.argv[1]
print("| run | method | Abs_err | Rel_err | L2 rel | ‖c‖ | iterations | wall (s) |")
print("|---|---|---|---|---|---|---|---|")
for name in sys.stdin.read().split():
    f = os.path.join(out, name + ".json")
    if not os.path.isfile(f) or os.path.getsize(f) == 0:
        continue
    with open(f) as fh:
        js = json.load(fh)
    m = js["metrics"]
    run, method = name.rsplit("_", 1)
    print(f"| {run} | {method} | {m[\"abs_err\"]:.4f} | {m[\"rel_err\"]:.4f} | {m[\"l2_rel\"]:.4f} | "
          f"{m[\"constraint_norm\"]:.2e} | {m[\"iterations\"]} | {js[\"wall_s\"]:.0f} |")
' "$OUT"
}

setup() {
  [[ $RANKS =~ ^[1-9][0-9]*$ ]] || petnet_die "RANKS must be a positive integer, got '$RANKS'"
  [[ -n ${SLURM_JOB_ID:-} ]] || PETNET_LAUNCHER=${PETNET_LAUNCHER:-mpiexec}
  petnet_find_bin
  petnet_launcher "$RANKS"
  echo "trsqp_sweep: ${PETNET_CMD[*]} $PETNET_BIN"
}

case ${1:-} in
  list) list | nl -v0 -w1 -s': ' ;;
  run)
    shift
    setup
    run "$@"
    ;;
  all)
    shift
    setup
    n=$(list | wc -l)
    failed=0
    for ((i = 0; i < n; ++i)); do run "$i" "$@" || failed=$((failed + 1)); done
    ((failed == 0)) || petnet_die "$failed of $n runs failed (logs: $OUT/*.log)"
    ;;
  table) table ;;
  *)
    sed -n '2,20p' "$0"
    exit 1
    ;;
esac
