#!/usr/bin/env bash
# scaling_collect_check.sh DIR MPIEXEC NPFLAG PETNET DECK
#   Tiny real runs of the 2D operator deck on 1 and 2 ranks (and 2 ranks with twice the
#   functions), then slurm/collect_scaling.py on their JSON summaries: the table must have
#   the runs' rows, ranks and work counters, and speed-up / efficiency equal to the ratios
#   recomputed here from the JSON files (jq); mixed runs without --mode must be refused.
set -uo pipefail
dir=$1 mpiexec=$2 npflag=$3 petnet=$4 deck=$5
collect="$(dirname "$0")/../slurm/collect_scaling.py"
fail() { echo "scaling_collect_check: $*"; exit 1; }
rm -rf "$dir" && mkdir -p "$dir"/strong "$dir"/weak "$dir"/mixed
small=(-options_file_yaml "$deck" -op_m 9 -op_n_test 2 -nn_branch 8 -nn_trunk 8 -nn_features 4 -pde_eps 0.5
       -hom_max_steps 1 -hom_ls_ksp_max_it 5 -hom_phase1_ls_ksp_max_it 5 -hom_phase1_gn_max_it 1 -hom_monitor 0
       -pde_ref_refine 2)
run() { # RANKS FUNCTIONS PREFIX
  "$mpiexec" "$npflag" "$1" "$petnet" "${small[@]}" -op_n_train "$2" -output "$3" >"$3.log" 2>&1 ||
    { cat "$3.log"; fail "petnet on $1 ranks failed"; }
}
run 1 6 "$dir/strong/r1"
run 2 6 "$dir/strong/r2"
cp "$dir/strong/r1.json" "$dir/weak/r1.json"
run 2 12 "$dir/weak/r2"
cp "$dir/strong/r1.json" "$dir/mixed/a.json"
cp "$dir/weak/r2.json" "$dir/mixed/b.json"
cp "$dir/strong/r2.json" "$dir/mixed/c.json"

# every summary carries the counters the table is made of
for f in "$dir"/strong/*.json "$dir"/weak/*.json; do
  for k in linearizations jtw_products jv_products s_per_linearization s_per_lsqr_it cpu_s_per_lsqr_it peak_rss_bytes_max_rank; do
    v=$(jq -r ".metrics.$k" "$f")
    awk -v v="$v" 'BEGIN{exit !(v + 0 > 0)}' || fail "$f: metrics.$k = $v, expected > 0"
  done
done
[[ $(jq .metrics.linearizations "$dir/strong/r1.json") == $(jq .metrics.linearizations "$dir/strong/r2.json") ]] ||
  fail "1 and 2 ranks did different numbers of linearizations"

check_table() { # MODE DIR: rows of the table vs the JSON files
  local mode=$1 d=$2 out t0 r0 rows0
  out=$("$collect" "$d") || fail "collector failed on $d"
  echo "$out"
  echo "$out" | head -n 1 | grep -q "^$mode scaling, 2 runs" || fail "expected '$mode scaling, 2 runs' for $d"
  t0=$(jq .metrics.s_per_lsqr_it "$d/r1.json"); r0=1; rows0=$(jq .rows "$d/r1.json")
  for f in "$d/r1.json" "$d/r2.json"; do
    local ranks rows t lin line want_s want_e
    ranks=$(jq .ranks "$f"); rows=$(jq .rows "$f"); t=$(jq .metrics.s_per_lsqr_it "$f")
    lin=$(jq .metrics.linearizations "$f")
    line=$(echo "$out" | grep "^| $ranks | $rows |") || fail "no table row for $ranks ranks, $rows rows"
    if [[ $mode == strong ]]; then
      want_s=$(awk -v a="$t0" -v b="$t" 'BEGIN{printf "%.3f", a / b}')
      want_e=$(awk -v a="$t0" -v b="$t" -v r0=$r0 -v r="$ranks" 'BEGIN{printf "%.3f", a * r0 / (b * r)}')
    else
      want_s=$(awk -v a="$t0" -v b="$t" -v n0="$rows0" -v n="$rows" 'BEGIN{printf "%.3f", (n / b) / (n0 / a)}')
      want_e=$(awk -v a="$t0" -v b="$t" 'BEGIN{printf "%.3f", a / b}')
    fi
    IFS='|' read -r -a cells <<<"$line"
    [[ $(echo "${cells[5]}" | xargs) == "$lin" ]] || fail "linearizations column '${cells[5]}' != $lin"
    [[ $(echo "${cells[12]}" | xargs) == "$want_s" ]] || fail "$mode speed-up '${cells[12]}' != $want_s ($f)"
    [[ $(echo "${cells[13]}" | xargs) == "$want_e" ]] || fail "$mode efficiency '${cells[13]}' != $want_e ($f)"
  done
}
check_table strong "$dir/strong"
check_table weak "$dir/weak"
[[ $(jq .rows "$dir/weak/r2.json") == $((2 * $(jq .rows "$dir/weak/r1.json"))) ]] || fail "weak pair: rows not doubled"

if "$collect" "$dir/mixed" >"$dir/mixed.log" 2>&1; then fail "mixed runs were tabulated without --mode"; fi
grep -q "neither the same rows" "$dir/mixed.log" || fail "mixed runs: unexpected message: $(cat "$dir/mixed.log")"
echo '{"ranks": 1}' >"$dir/mixed/bad.json"
if "$collect" "$dir/mixed/bad.json" >"$dir/bad.log" 2>&1; then fail "a non-operator summary was accepted"; fi
grep -q "not an operator-job summary" "$dir/bad.log" || fail "bad summary: unexpected message: $(cat "$dir/bad.log")"
echo "scaling_collect_check: ok"
