#!/usr/bin/env bash
# failure_check.sh PREFIX REASON PATH -- CMD...
#   CMD (which must write PREFIX.json and PREFIX.h5) is a run that does not converge with
#   reason REASON. It is run twice:
#     as given: exit 0, one "petnet: warning: ... did not converge: REASON" line, and the
#       summary says "converged": false, "reason": "REASON";
#     with -error_if_not_converged: exit 3, output written all the same.
#   No line may print "-nan". PATH = path: every point of the summary's "path" has a finite
#   loss (a non-finite one is written as null), i.e. no failed step was accepted into it.
prefix=$1 reason=$2 path=$3
shift 3
[ "$1" = "--" ] && shift
fail() { echo "failure_check: $*"; exit 1; }
run() { # run CMD [extra args]: sets out, rc
  rm -f "$prefix".json "$prefix".h5
  out=$("$@" 2>&1)
  rc=$?
  echo "$out" | tail -n 8
}

run "$@"
[ $rc -eq 0 ] || fail "expected exit 0, got $rc"
echo "$out" | grep -Eq "^petnet: warning: .* did not converge: $reason( |$)" ||
  fail "no warning line with reason '$reason'"
! echo "$out" | grep -q -- '-nan' || fail "the output prints -nan"
[ -s "$prefix".json ] && [ -s "$prefix".h5 ] || fail "$prefix.json or $prefix.h5 missing"
js=$(tr -d '\n ' < "$prefix".json)
echo "$js" | grep -q '"converged":false' || fail 'the summary lacks "converged": false'
echo "$js" | grep -q "\"reason\":\"$reason\"" || fail "the summary's reason is not \"$reason\""
if [ "$path" = path ]; then
  pts=$(echo "$js" | sed -n 's/.*"path":\[\([^]]*\)\].*/\1/p')
  echo "$js" | grep -q '"path":\[' || fail "the summary has no path"
  n=$(echo "$pts" | grep -o '"loss":' | wc -l)
  bad=$(echo "$pts" | grep -o '"loss":null' | wc -l)
  [ "$bad" -eq 0 ] || fail "$bad of $n path points have a non-finite loss"
  echo "failure_check: $n path points, all finite"
fi

run "$@" -error_if_not_converged
[ $rc -eq 3 ] || fail "with -error_if_not_converged: expected exit 3, got $rc"
[ -s "$prefix".json ] || fail "with -error_if_not_converged: $prefix.json missing"
echo "failure_check: ok (reason $reason; exit 0, and 3 with -error_if_not_converged)"
