#!/usr/bin/env bash
# monitor_check.sh MODE ... CMD...: where a run's monitor lines go.
#   file PATH REGEX CMD...  CMD exits 0, PATH holds a line matching REGEX and the standard
#                           output none (the lines went to the file instead)
#   absent REGEX CMD...     CMD exits 0 and prints no line matching REGEX (a cancelled monitor)
#   draw PATH TITLE REGEX CMD...  CMD (-X_monitor draw:tikz:PATH) exits 0, prints lines matching
#                           REGEX, and PATH holds one TikZ frame per printed line, each a graph
#                           titled TITLE with the axis label log10(loss)
fail() { echo "monitor_check: $*"; exit 1; }
mode=$1; shift
case $mode in
file)
  path=$1; regex=$2; shift 2
  rm -f "$path"
  out=$("$@" 2>&1) || { echo "$out" | tail -n 20; fail "expected success, got exit $?"; }
  [ -f "$path" ] || fail "$path was not written"
  grep -Eq -- "$regex" "$path" || { head -n 20 "$path"; fail "$path does not match /$regex/"; }
  echo "$out" | grep -Eq -- "$regex" && fail "the standard output matches /$regex/ too"
  echo "monitor_check: $(grep -Ec -- "$regex" "$path") lines in $path" ;;
absent)
  regex=$1; shift
  out=$("$@" 2>&1) || { echo "$out" | tail -n 20; fail "expected success, got exit $?"; }
  echo "$out" | grep -Eq -- "$regex" && { echo "$out" | grep -E -- "$regex" | head -5; fail "output matches /$regex/"; }
  echo "$out" | tail -n 3 ;;
draw)
  path=$1; title=$2; regex=$3; shift 3
  rm -f "$path"
  out=$("$@" 2>&1) || { echo "$out" | tail -n 20; fail "expected success, got exit $?"; }
  [ -f "$path" ] || fail "$path was not written"
  lines=$(echo "$out" | grep -Ec -- "$regex")
  frames=$(grep -c 'begin{frame}' "$path")
  titled=$(grep -c "{$title}" "$path")
  labels=$(grep -c '{log10(loss)}' "$path")
  [ "$lines" -ge 2 ] || fail "expected at least 2 lines matching /$regex/, got $lines"
  [ "$frames" -eq "$lines" ] && [ "$titled" -eq "$lines" ] && [ "$labels" -eq "$lines" ] ||
    fail "$lines monitor lines but $frames frames, $titled titles '$title', $labels axis labels in $path"
  echo "monitor_check: $frames graphs in $path" ;;
*) fail "unknown mode $mode" ;;
esac
echo "monitor_check: ok"
