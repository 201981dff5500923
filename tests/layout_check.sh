#!/usr/bin/env bash
# layout_check.sh CHECKER SRC: run a layout checker (scripts/check_layers.sh or
# scripts/check_sizes.sh) on SRC, which must pass, and on a copy of SRC with one planted
# violation, which must fail; so the test fails both when the tree breaks the rule and
# when the checker stops seeing a violation.
set -uo pipefail
checker=$1 src=$2
"$checker" "$src" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src" "$tmp/src"
case $(basename "$checker") in
check_layers.sh) # pde may include only core
  echo '#include "nn/mlp.hpp"' >>"$tmp/src/pde/problem.hpp" ;;
check_sizes.sh) # a 120-line function
  { echo 'int planted_long_function(int a) {'; for i in $(seq 120); do echo "  a += $i;"; done
    echo '  return a;'; echo '}'; } >"$tmp/src/core/planted.cpp" ;;
*) echo "layout_check: unknown checker $checker"; exit 1 ;;
esac
if "$checker" "$tmp/src" >"$tmp/out" 2>&1; then
  echo "layout_check: $checker did not report the planted violation"
  exit 1
fi
grep -q "planted\|pde/problem.hpp" "$tmp/out" || { echo "layout_check: wrong report:"; cat "$tmp/out"; exit 1; }
echo "layout_check: $checker reports the planted violation"
