#!/usr/bin/env bash
# signal_restart.sh MODE SIG RANKS DIR H5_COMPARE MPIEXEC NPFLAG -- PETNET ARGS...
#   Checks that an interrupted run, run again with -restart auto, ends where the
#   uninterrupted run ends (θ bit for bit, same rank count). Every run is on RANKS ranks.
#   MODE signal: once the run has printed AFTER monitor lines (regex MONITOR), SIG (TERM,
#                USR1 or INT) goes to one rank (the last) only; the run must exit with 75,
#                write JSON with converged false and reason signal, and leave a checkpoint
#                (no -checkpoint_every given: the signal writes it).
#   MODE kill:   the run has -checkpoint_every 1; after AFTER monitor lines and a random
#                delay every rank gets kill -9 (a node failure).
#   MODE fresh:  -restart auto with no checkpoint: a run from scratch, saying so.
#   Environment: MONITOR, AFTER, COMPARE (the datasets compared, space-separated; default
#   theta).
# Bitwise identity needs the same arithmetic: one BLAS thread in every run.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
set -u
mode=$1; sig=$2; np=$3; dir=$4; cmp=$5; mpiexec=$6; npflag=$7; shift 7
[ "$1" = "--" ] && shift
petnet=$1; shift
args=("$@")
rm -rf "$dir"; mkdir -p "$dir"
fail() { echo "signal_restart: FAIL: $*"; exit 1; }
run() { "$mpiexec" $npflag "$np" "$petnet" "${args[@]}" "$@"; }

echo "== uninterrupted run on $np rank(s)"
run -output "$dir/full" > "$dir/full.log" 2>&1 || { tail -20 "$dir/full.log"; fail "uninterrupted run failed"; }
grep 'petnet: final' "$dir/full.log"

extra=()
if [ "$mode" = fresh ]; then
  [ ! -e "$dir/run.ckpt.h5" ] || fail "a checkpoint exists before the run"
else
  [ "$mode" = kill ] && extra=(-checkpoint_every 1)
  echo "== run interrupted by SIG$sig after ${AFTER} monitor lines"
  # mpiexec itself in the background: its children are the ranks.
  "$mpiexec" $npflag "$np" "$petnet" "${args[@]}" "${extra[@]}" -output "$dir/run" > "$dir/run.log" 2>&1 &
  pid=$!
  n=0
  for _ in $(seq 1 3000); do # at most 60 s
    n=$(grep -cE "$MONITOR" "$dir/run.log" 2>/dev/null)
    [ "${n:-0}" -ge "$AFTER" ] && { [ "$mode" != kill ] || [ -s "$dir/run.ckpt.h5" ]; } && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.02
  done
  ranks=$(pgrep -P $pid | tr '\n' ' ')
  [ -n "$ranks" ] || fail "the run ended before the signal (make the deck longer)"
  if [ "$mode" = kill ]; then
    sleep "0.$(printf '%03d' $((RANDOM % 400)))"
    kill -KILL $ranks 2>/dev/null || fail "the run ended before the kill (make the deck longer)"
  else
    last=$(echo $ranks | awk '{print $NF}')
    kill -"$sig" $last || fail "could not signal rank pid $last"
  fi
  wait $pid; rc=$?
  echo "sent SIG$sig after $n monitor lines; exit status $rc"
  if [ "$mode" = kill ]; then
    [ ! -e "$dir/run.json" ] || fail "the killed run wrote its summary: it was not killed mid-run"
    [ -s "$dir/run.ckpt.h5" ] || fail "no checkpoint before the kill"
  else
    [ $rc -eq 75 ] || { tail -20 "$dir/run.log"; fail "exit status $rc, expected 75"; }
    grep -q "petnet: SIG$sig received: stopping after solver step" "$dir/run.log" || fail "no stop line"
    grep "petnet: warning: .* did not converge: signal (stopped by SIG$sig" "$dir/run.log" ||
      fail "no warning line naming SIG$sig"
    grep -q '"converged": false' "$dir/run.json" || fail "JSON: converged is not false"
    grep -q '"reason": "signal"' "$dir/run.json" || fail "JSON: reason is not signal"
    [ -s "$dir/run.h5" ] || fail "no partial HDF5 output"
    [ -s "$dir/run.ckpt.h5" ] || fail "no checkpoint written on the signal"
  fi
fi

echo "== the same command line with -restart auto"
run "${extra[@]}" -output "$dir/run" -restart auto > "$dir/restart.log" 2>&1 ||
  { tail -20 "$dir/restart.log"; fail "the run with -restart auto failed"; }
if [ "$mode" = fresh ]; then
  grep "petnet: -restart auto: no checkpoint .*run.ckpt.h5, starting from scratch" "$dir/restart.log" ||
    fail "no line saying the run starts from scratch"
else
  grep "petnet: restarting from .*run.ckpt.h5" "$dir/restart.log" || fail "did not restart from the checkpoint"
fi
grep -q '"reason": "signal"' "$dir/run.json" && fail "the restarted run reports reason signal"
for d in ${COMPARE:-theta}; do
  "$cmp" "$dir/full.h5" "$dir/run.h5" "$d" 0 || fail "$d differs from the uninterrupted run"
done
echo "signal_restart: ok"
