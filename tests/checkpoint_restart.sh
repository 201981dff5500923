#!/usr/bin/env bash
# checkpoint_restart.sh MODE DIR H5_COMPARE MPIEXEC NPFLAG -- PETNET ARGS...
#   Checks that a run restarted from a checkpoint ends where the uninterrupted run ends.
#   MODE last: the uninterrupted run writes checkpoints (-checkpoint_every K); the last
#              one it leaves (mid-run for a K that does not divide the step count) is
#              restarted on 1 rank (θ identical bit for bit, same metrics) and on 2 ranks
#              (θ and metrics to rounding).
#   MODE kill: a second run with -checkpoint_every 1 is killed with `kill -9` in the
#              middle of the path (after a checkpoint exists), then restarted: same θ
#              bit for bit and the same metrics as the uninterrupted run; the same
#              checkpoint restarted on 2 ranks agrees to rounding.
#   PETNET ARGS: the binary and the deck options; -output and checkpoint options are added.
#   Environment: CHECKPOINT_EVERY (K for MODE last), KILL_AFTER (monitor lines before the
#   kill), RANKS_RTOL (2-rank tolerance; "skip": no 2-rank restart), RUN_RANKS (MODE last:
#   ranks of the uninterrupted run and of the bit-for-bit restart; default 1), COMPARE (the
#   datasets compared, space-separated; default theta).
# Bitwise identity needs the same arithmetic: one BLAS thread in every run (mpiexec binds a
# rank to one core, a process started without it would use two OpenBLAS threads).
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
set -u
mode=$1; dir=$2; cmp=$3; mpiexec=$4; npflag=$5; shift 5
[ "$1" = "--" ] && shift
petnet=$1; shift
args=("$@")
extra=(); [ "$mode" = last ] && extra=(${CHECKPOINT_EVERY:+-checkpoint_every $CHECKPOINT_EVERY})
rm -rf "$dir"; mkdir -p "$dir"
fail() { echo "checkpoint_restart: FAIL: $*"; exit 1; }
# Every dataset of COMPARE within rtol ($3) in the two files.
same_sets() { for d in ${COMPARE:-theta}; do "$cmp" "$1" "$2" "$d" "$3" || return 1; done; }

# The "metrics" object of a summary, one "name: value" a line.
metrics() { sed -n '/"metrics": {/,/}/p' "$1" | sed '1d;$d' | tr -d ' ,"'; }
# Same metrics, values within rtol ($3; 0: the same text). Skipped: figures of this process's
# work, time and memory (a restarted run does only the rest of the work).
same_metrics() {
  paste -d' ' <(metrics "$1") <(metrics "$2") | awk -v rtol="$3" '
    { split($1, a, ":"); split($2, b, ":");
      if (a[1] != b[1]) { print "  metric names differ: " a[1] " " b[1]; bad = 1; next }
      if (a[1] ~ /^(residual_bytes_per_rank|linearizations|jtw_products|jv_products|peak_rss_.*|.*s_per_.*)$/) next;
      if (rtol == 0) { if (a[2] != b[2]) { print "  " a[1] ": " a[2] " vs " b[2]; bad = 1 } ; next }
      d = a[2] - b[2]; if (d < 0) d = -d; s = (b[2] < 0 ? -b[2] : b[2]);
      if (d > rtol * s + 1e-300) { print "  " a[1] ": " a[2] " vs " b[2]; bad = 1 } }
    END { exit bad }'
}

np=${RUN_RANKS:-1}
echo "== uninterrupted run on $np rank(s)"
"$mpiexec" $npflag $np "$petnet" "${args[@]}" "${extra[@]}" -output "$dir/full" > "$dir/full.log" 2>&1 ||
  { tail -20 "$dir/full.log"; fail "uninterrupted run failed"; }
grep 'petnet: final' "$dir/full.log"

if [ "$mode" = last ]; then
  ckpt="$dir/full.ckpt.h5"
  [ -s "$ckpt" ] || fail "no checkpoint written ($ckpt)"
else
  echo "== run killed with kill -9 after a checkpoint"
  ckpt="$dir/killed.ckpt.h5"
  # Run the binary itself (no mpiexec: a singleton MPI process) so that kill -9 hits the solver.
  "$petnet" "${args[@]}" -checkpoint_every 1 -output "$dir/killed" > "$dir/killed.log" 2>&1 &
  pid=$!
  # Wait for a checkpoint and for more than KILL_AFTER path steps (monitor lines), then
  # kill (at the latest after KILL_WAIT seconds).
  need=${KILL_AFTER:-3}
  for _ in $(seq 1 $((50 * ${KILL_WAIT:-60}))); do
    n=$(grep -c '^hom [a-z]* [0-9]' "$dir/killed.log" 2>/dev/null)
    [ -s "$ckpt" ] && [ "${n:-0}" -gt "$need" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.02
  done
  kill -9 $pid 2>/dev/null || fail "the run ended before it could be killed (make the deck longer)"
  wait $pid 2>/dev/null
  echo "killed pid $pid after $n monitor lines"
  [ ! -e "$dir/killed.json" ] || fail "the killed run wrote its summary: it was not killed mid-run"
  [ -s "$ckpt" ] || fail "no checkpoint before the kill"
fi

echo "== restart on $np rank(s) from $ckpt"
"$mpiexec" $npflag $np "$petnet" "${args[@]}" -restart "$ckpt" -output "$dir/restart1" > "$dir/restart1.log" 2>&1 ||
  { tail -20 "$dir/restart1.log"; fail "restart on $np rank(s) failed"; }
grep -E 'petnet: (restarting|final)' "$dir/restart1.log"
same_sets "$dir/full.h5" "$dir/restart1.h5" 0 || fail "${COMPARE:-theta} after the restart differs"
same_metrics "$dir/full.json" "$dir/restart1.json" 0 || fail "metrics after the restart differ"

[ "${RANKS_RTOL:-}" = skip ] && { echo "checkpoint_restart: ok (no 2-rank restart)"; exit 0; }
echo "== restart on 2 ranks from the same checkpoint"
"$mpiexec" $npflag 2 "$petnet" "${args[@]}" -restart "$ckpt" -output "$dir/restart2" > "$dir/restart2.log" 2>&1 ||
  { tail -20 "$dir/restart2.log"; fail "restart on 2 ranks failed"; }
grep -E 'petnet: final' "$dir/restart2.log"
same_sets "$dir/full.h5" "$dir/restart2.h5" "${RANKS_RTOL:-1e-6}" ||
  fail "${COMPARE:-theta} on 2 ranks differs beyond rounding"
same_metrics "$dir/full.json" "$dir/restart2.json" "${RANKS_RTOL:-1e-6}" || fail "metrics on 2 ranks differ beyond rounding"
echo "checkpoint_restart: ok"
