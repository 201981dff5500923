#!/usr/bin/env bash
# Figure 1 of the trSQP-PINN paper: errors of trSQP, penalty and ALM over the PDE
# coefficient (transport β, reaction α, reaction–diffusion α at ν = 2 and ν at α = 20).
#
#   scripts/trsqp_sweep.sh list                 the runs, one per line (index: name | options)
#   scripts/trsqp_sweep.sh run I [opts]         run number I (0-based) into $OUT/<name>.json
#   scripts/trsqp_sweep.sh all [opts]           every run, one after another
#   scripts/trsqp_sweep.sh table                markdown table of the finished runs in $OUT
#
# Environment: OUT (default out/trsqp_sweep), RANKS (default 2), PETNET_BIN (default build/bin/petnet), SWEEP (full | reduced:
# reduced keeps the positive coefficients 1, 10, 30, 50 and ν in {2, 6, 10}),
# METHODS (default "trsqp penalty alm"), TRSQP_OPTS and BASELINE_OPTS (extra options for
# the trsqp runs and for the penalty/ALM runs, e.g. TRSQP_OPTS="-trsqp_max_time 60",
# BASELINE_OPTS="-pen_outer 30"). Extra command-line options go to every petnet run, e.g.
# -eval_nx 512 -eval_nt 200. Slurm: slurm/trsqp_sweep.sbatch runs
# the same list as an array job.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-out/trsqp_sweep}
RANKS=${RANKS:-2}
BIN=${PETNET_BIN:-build/bin/petnet}
SWEEP=${SWEEP:-full}
METHODS=${METHODS:-trsqp penalty alm}
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi

list() {
  local coefs nus
  if [ "$SWEEP" = reduced ]; then coefs="1 10 30 50"; nus="2 6 10"; else coefs="-50 -40 -30 -20 -10 -1 1 10 20 30 40 50"; nus="2 4 6 8 10"; fi
  local m deck
  for m in $METHODS; do
    if [ "$m" = trsqp ]; then suf=""; x=${TRSQP_OPTS:-}; else suf="_$m"; x=${BASELINE_OPTS:-}; fi
    for b in $coefs; do echo "transport_beta${b}_$m | -options_file_yaml inputs/trsqp_transport$suf.yaml -pde_beta $b $x"; done
    for a in $coefs; do echo "reaction_alpha${a}_$m | -options_file_yaml inputs/trsqp_reaction$suf.yaml -pde_alpha $a $x"; done
    for a in $coefs; do echo "rd_alpha${a}_nu2_$m | -options_file_yaml inputs/trsqp_reaction_diffusion$suf.yaml -pde_alpha $a -pde_nu 2 $x"; done
    for n in $nus; do echo "rd_alpha20_nu${n}_$m | -options_file_yaml inputs/trsqp_reaction_diffusion$suf.yaml -pde_alpha 20 -pde_nu $n $x"; done
  done
}

run() { # index, extra options
  local i=$1; shift
  local line name opts
  line=$(list | sed -n "$((i + 1))p")
  [ -n "$line" ] || { echo "trsqp_sweep: no run $i (see: $0 list)" >&2; return 1; }
  name=${line%% | *}; opts=${line#* | }
  mkdir -p "$OUT"
  # shellcheck disable=SC2086
  mpiexec -n "$RANKS" "$BIN" $opts "$@" -output "$OUT/$name" > "$OUT/$name.log" 2>&1
  echo "trsqp_sweep: $name exit $? ($(tail -n 2 "$OUT/$name.log" | head -n 1))"
}

metric() { sed -n "s/.*\"metrics\":{[^}]*\"$2\":\([^,}]*\).*/\1/p" <<< "$1"; }
top() { sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" <<< "$1" | head -n 1; }

table() {
  echo "| run | method | Abs_err | Rel_err | L2 rel | ‖c‖ | iterations | wall (s) |"
  echo "|---|---|---|---|---|---|---|---|"
  list | while IFS= read -r line; do
    local name=${line%% | *} f json
    f="$OUT/$name.json"
    [ -s "$f" ] || continue
    json=$(tr -d '\n ' < "$f")
    printf '| %s | %s | %.4f | %.4f | %.4f | %.2e | %s | %.0f |\n' "${name%_*}" "${name##*_}" "$(metric "$json" abs_err)" \
      "$(metric "$json" rel_err)" "$(metric "$json" l2_rel)" "$(metric "$json" constraint_norm)" \
      "$(metric "$json" iterations)" "$(top "$json" wall_s)"
  done
}

case ${1:-} in
  list) list | nl -v0 -w1 -s': ' ;;
  run) shift; run "$@" ;;
  all) shift; n=$(list | wc -l); for ((i = 0; i < n; ++i)); do run "$i" "$@"; done ;;
  table) table ;;
  *) sed -n '2,19p' "$0"; exit 1 ;;
esac
