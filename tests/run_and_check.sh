#!/usr/bin/env bash
# run_and_check.sh PREFIX CHECK... -- CMD...
#   Runs CMD (which must write PREFIX.json), then checks metrics of the summary.
#   Each CHECK is "name<=value" or "name>=value" on a number in "metrics".
prefix=$1; shift
checks=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do checks+=("$1"); shift; done
shift
rm -f "$prefix".json "$prefix".h5
"$@" || { echo "run_and_check: command failed"; exit 1; }
[ -s "$prefix".json ] || { echo "run_and_check: $prefix.json missing"; exit 1; }
[ -s "$prefix".h5 ] || { echo "run_and_check: $prefix.h5 missing"; exit 1; }
metrics=$(tr -d '\n ' < "$prefix".json | sed -n 's/.*"metrics":{\([^}]*\)}.*/\1/p')
fail=0
for c in "${checks[@]}"; do
  name=${c%%[<>]=*}; op=$(echo "$c" | grep -o '[<>]='); bound=${c##*[<>]=}
  value=$(echo "$metrics" | tr ',' '\n' | sed -n "s/^\"$name\":\(.*\)$/\1/p")
  if [ -z "$value" ] || [ "$value" = null ]; then echo "run_and_check: metric $name missing"; fail=1; continue; fi
  if awk -v v="$value" -v b="$bound" -v op="$op" 'BEGIN{exit !((op=="<=") ? (v+0 <= b+0) : (v+0 >= b+0))}'; then
    echo "run_and_check: $name = $value ($op $bound) ok"
  else
    echo "run_and_check: $name = $value violates $op $bound"; fail=1
  fi
done
exit $fail
