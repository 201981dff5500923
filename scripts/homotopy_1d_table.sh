#!/usr/bin/env bash
# Regenerates the 1D Allen–Cahn rows of docs/RESULTS.md: runs the decks and the
# ablations on 2 ranks and prints one markdown table row per run (from the JSON
# summaries). Usage: scripts/homotopy_1d_table.sh [outdir]   (after scripts/setup.sh)
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/homotopy_1d}
mkdir -p "$out"
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
run() { # name, then petnet options
  local name=$1; shift
  mpiexec -n 2 build/bin/petnet "$@" -output "$out/$name" > "$out/$name.log" 2>&1
  local json; json=$(tr -d '\n ' < "$out/$name.json")
  local l2 ix wall
  l2=$(echo "$json" | sed -n 's/.*"metrics":{[^}]*"l2re":\([^,}]*\).*/\1/p')
  ix=$(echo "$json" | sed -n 's/.*"metrics":{[^}]*"interface_x":\([^,}]*\).*/\1/p')
  wall=$(echo "$json" | sed -n 's/.*"wall_s":\([^,}]*\).*/\1/p')
  printf '| %s | %s | %s | %.1f s | `mpiexec -n 2 build/bin/petnet %s` |\n' "$name" "$l2" "$ix" "$wall" "$*"
}
deck=inputs/allen_cahn_1d.yaml
echo "| run | L2RE | interface x | wall (2 ranks) | command |"
echo "|---|---|---|---|---|"
run ac1d_eps0.01 -options_file_yaml $deck
run ac1d_eps0.03 -options_file_yaml $deck -pde_eps 0.03
run ac1d_eps0.005 -options_file_yaml $deck -pde_eps 0.005
run ac1d_eps0.002 -options_file_yaml $deck -pde_eps 0.002
run ac1d_eps0.001 -options_file_yaml $deck -pde_eps 0.001
run euler_deck_eps0.01 -options_file_yaml inputs/allen_cahn_1d_euler.yaml
run euler_deck_eps0.03 -options_file_yaml inputs/allen_cahn_1d_euler.yaml -pde_eps 0.03
run euler_fixed_nometric_rc1e-3 -options_file_yaml $deck -hom_corrector_its 0 -hom_adaptive 0 -hom_ls_metric 0 -hom_ls_rcond 1e-3
run euler_fixed_nometric_rc1e-5 -options_file_yaml $deck -hom_corrector_its 0 -hom_adaptive 0 -hom_ls_metric 0 -hom_ls_rcond 1e-5
run tracker_nometric -options_file_yaml $deck -hom_ls_metric 0
run adam_eps0.01 -options_file_yaml inputs/allen_cahn_1d_adam.yaml -adam_monitor 0
run lbfgs_eps0.01 -problem allen_cahn_1d -method lbfgs -pde_eps 0.01 -nn_hidden 30,30,30 -sample_n_res 200 -lbfgs_max_it 5000
