#!/usr/bin/env bash
# cli_check.sh MODE REGEX PREFIX CMD...
#   MODE pass: CMD must exit 0 (and print REGEX if given).
#   MODE fail: CMD must exit non-zero, print one error line (on stderr) matching REGEX,
#              and leave nothing under PREFIX (PREFIX.h5, .json, .xmf, temporaries).
mode=$1; regex=$2; prefix=$3; shift 3
if [ -n "$prefix" ]; then rm -f "$prefix".h5 "$prefix".json "$prefix".xmf "$prefix".h5.tmp "$prefix".json.tmp "$prefix".xmf.tmp; fi
# stdout and stderr into two files: mpiexec forwards the two streams separately, and
# merged (2>&1) a rank's error line can land in the middle of a line of its help text.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
out=$(cat "$tmp/out" "$tmp/err")
tail -n 30 "$tmp/out"; tail -n 10 "$tmp/err"
if [ "$mode" = pass ]; then
  [ $rc -eq 0 ] || { echo "cli_check: expected success, got exit $rc"; exit 1; }
else
  [ $rc -ne 0 ] || { echo "cli_check: expected failure, got exit 0"; exit 1; }
  nerr=$(grep -c '^petnet: error:' "$tmp/err")
  [ "$nerr" -ge 1 ] || { echo "cli_check: no 'petnet: error:' line"; exit 1; }
fi
if [ -n "$regex" ]; then
  echo "$out" | grep -Eq -- "$regex" || { echo "cli_check: output does not match /$regex/"; exit 1; }
fi
if [ "$mode" = fail ] && [ -n "$prefix" ]; then
  for f in "$prefix".h5 "$prefix".json "$prefix".xmf "$prefix".h5.tmp "$prefix".json.tmp "$prefix".xmf.tmp; do
    [ ! -e "$f" ] || { echo "cli_check: $f was written by a failed run"; exit 1; }
  done
fi
echo "cli_check: ok"
