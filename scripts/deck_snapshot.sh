#!/usr/bin/env bash
# Run every deck in inputs/ with reduced iteration counts and keep its HDF5 output, so
# that two builds (before and after a change that must not alter any result) can be
# compared bit for bit:
#
#   scripts/deck_snapshot.sh run OUTDIR [BUILD_DIR]     writes OUTDIR/<deck>.h5/.json/.log
#   scripts/deck_snapshot.sh compare DIR_A DIR_B [BUILD_DIR]
#                                                       h5_compare of every dataset at 0
#
# Each deck runs on 2 ranks with the options below appended (the same for both builds):
# fewer phase-I, path, corrector and optimizer iterations, smaller evaluation grids, and
# no wall-clock limits, so that the outputs do not depend on the machine's speed.
# PETNET_SNAPSHOT_DECKS (a space-separated list of deck names without .yaml) restricts
# the set.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ $(id -u) -eq 0 ]]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi

# reduced DECK: the options that shorten that deck (by its method and problem).
reduced() {
  local deck=$1 method problem
  method=$(sed -n 's/^method: *//p' "$deck")
  problem=$(sed -n 's/^problem: *//p' "$deck")
  case $method in
  homotopy)
    case $problem in
    *operator) echo "-hom_phase1_gn_max_it 2 -hom_max_steps 2 -hom_corrector_its 3 -hom_final_its 2 -op_n_test 4" ;;
    highfreq) echo "-hom_phase1_gn_max_it 30 -hom_max_steps 15" ;;
    *) echo "-hom_phase1_gn_max_it 30 -hom_max_steps 15 -hom_final_its 2" ;;
    esac ;;
  homotopy_loss)
    case $problem in
    allen_cahn_1d) echo "-hl_phase1_gn_max_it 30 -hl_gn_max_it 3 -pde_eps 0.097" ;;
    allen_cahn_2d) echo "-hl_phase1_gn_max_it 10 -hl_gn_max_it 2 -hl_s_list 0.9,0.8" ;;
    highfreq) echo "-hl_phase1_gn_max_it 30 -hl_gn_max_it 5 -hl_eps_list 0.05 -pde_eps 0.05" ;;
    esac ;;
  adam)
    case $problem in
    *operator) echo "-adam_s_steps 2 -adam_max_it 20 -op_n_test 4" ;;
    *) echo "-adam_max_it 200" ;;
    esac ;;
  dbn | bfgs) echo "-ritz_iterations 20" ;;
  adbn) echo "-ritz_iterations 20 -dbn_max_refine 2" ;;
  afem) echo "-afem_refine 3" ;;
  trsqp) echo "-pre_max_it 100 -trsqp_max_it 200 -trsqp_max_time 0 -eval_nx 256 -eval_nt 100" ;;
  alm | penalty) echo "-pre_max_it 100 -pen_outer 3 -pen_inner_max_it 50 -eval_nx 256 -eval_nt 100" ;;
  pinn) echo "-pre_max_it 100 -pinn_max_it 200 -eval_nx 256 -eval_nt 100" ;;
  esac
}

decks() {
  if [[ -n ${PETNET_SNAPSHOT_DECKS:-} ]]; then
    for d in $PETNET_SNAPSHOT_DECKS; do echo "$root/inputs/$d.yaml"; done
  else
    ls "$root"/inputs/*.yaml
  fi
}

cmd=${1:-}
case $cmd in
run)
  out=${2:?usage: deck_snapshot.sh run OUTDIR [BUILD_DIR]}
  bin=${3:-$root/build}/bin/petnet
  mkdir -p "$out"
  fail=0
  for deck in $(decks); do
    name=$(basename "$deck" .yaml)
    # shellcheck disable=SC2046
    if mpiexec -n 2 "$bin" -options_file_yaml "$deck" $(reduced "$deck") -output "$out/$name" \
      >"$out/$name.log" 2>&1; then
      echo "snapshot: $name ok"
    else
      echo "snapshot: $name FAILED (see $out/$name.log)"
      fail=1
    fi
  done
  exit $fail ;;
compare)
  a=${2:?usage: deck_snapshot.sh compare DIR_A DIR_B [BUILD_DIR]}
  b=${3:?usage: deck_snapshot.sh compare DIR_A DIR_B [BUILD_DIR]}
  h5c=${4:-$root/build}/bin/h5_compare
  fail=0
  for deck in $(decks); do
    name=$(basename "$deck" .yaml) same=0
    # every dataset but the timings (needs h5ls, Debian's hdf5-tools)
    for ds in $(h5ls -r "$a/$name.h5" | awk '$2 == "Dataset" {print $1}' | grep -vE 'time|wall|seconds'); do
      if "$h5c" "$a/$name.h5" "$b/$name.h5" "$ds" 0 >/dev/null 2>&1; then
        same=$((same + 1))
      else
        echo "compare: $name $ds DIFFERS"
        fail=1
      fi
    done
    echo "compare: $name: $same datasets identical"
  done
  exit $fail ;;
*)
  echo "usage: deck_snapshot.sh run OUTDIR [BUILD_DIR] | compare DIR_A DIR_B [BUILD_DIR]" >&2
  exit 2 ;;
esac
