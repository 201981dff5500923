#!/usr/bin/env bash
# help_all.sh CMD...: `CMD -problem P -method M -help` for every problem the driver lists and
# every method each problem's -method offers must exit 0 and print that job's options
# (the -method line naming M as its value, and no uninitialised default: a denormal such
# as 6.95e-310, in petnet's options). CMD runs the driver (mpiexec ... petnet).
fail() { echo "help_all: $*"; exit 1; }
out=$("$@" -help 2>&1) || fail "-help exited $?"
problems=$(echo "$out" | sed -n 's/^ *-problem <[^>]*>: Problem: \(.*\) (petnet)$/\1/p' | tr -d ,)
[ -n "$problems" ] || fail "-help lists no problems"
runs=0
for p in $problems; do
  out=$("$@" -problem "$p" -help 2>&1) || { echo "$out" | tail -5; fail "-problem $p -help exited $?"; }
  methods=$(echo "$out" | sed -n 's/^ *-method <[^>]*> .*(choose one of) \(.*\) ([A-Za-z]*)$/\1/p')
  [ -n "$methods" ] || fail "-problem $p -help lists no -method choices"
  for m in $methods; do
    out=$("$@" -problem "$p" -method "$m" -help 2>&1) || {
      echo "$out" | tail -5
      fail "-problem $p -method $m -help exited $?"
    }
    echo "$out" | grep -q -- "-method <now $m " || fail "-problem $p -method $m: no '-method <now $m' line"
    bad=$(echo "$out" | grep -E '<[^>]*[0-9]e-3[0-9][0-9]' |
      grep -vE '\((TS|SNES|KSP|PC|Tao|Mat|Vec|DM|Petsc)[A-Za-z]*\)$' | head -1) # PETSc's own: not ours
    [ -z "$bad" ] || fail "-problem $p -method $m: uninitialised default: $bad"
    runs=$((runs + 1))
  done
  echo "help_all: $p: $methods"
done
echo "help_all: ok ($runs problem x method pairs)"
