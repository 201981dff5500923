#!/usr/bin/env bash
# compare_runs.sh A.json B.json RTOL NAME...
#   Checks that the metrics NAME of two JSON summaries (e.g. the same run on 1 and 2
#   ranks) agree: |a - b| <= RTOL * max(|a|, |b|).
a=$1 b=$2 rtol=$3; shift 3
for f in "$a" "$b"; do [ -s "$f" ] || { echo "compare_runs: $f missing"; exit 1; }; done
fail=0
for name in "$@"; do
  va=$(jq -r ".metrics.$name // empty" "$a") vb=$(jq -r ".metrics.$name // empty" "$b")
  if [ -z "$va" ] || [ -z "$vb" ]; then echo "compare_runs: metric $name missing"; fail=1; continue; fi
  if awk -v a="$va" -v b="$vb" -v t="$rtol" 'BEGIN{d=a-b; if(d<0)d=-d; m=(a<0?-a:a); n=(b<0?-b:b); if(n>m)m=n; exit !(d<=t*m)}'; then
    echo "compare_runs: $name $va vs $vb ok (rtol $rtol)"
  else
    echo "compare_runs: $name $va vs $vb differ by more than rtol $rtol"; fail=1
  fi
done
exit $fail
