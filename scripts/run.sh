#!/usr/bin/env bash
# Set up petnet (scripts/setup.sh) and run the main job: the embedded default deck
# (inputs/allen_cahn_1d.yaml) on 2 MPI ranks, results in out/default.h5 and
# out/default.json. Extra arguments go to petnet, e.g.
#
#   scripts/run.sh -hom_eps_final 0.005
#   scripts/run.sh -options_file_yaml inputs/allen_cahn_1d_adam.yaml -output out/adam
#
# Paths are relative to the repository root. PETNET_NP overrides the rank count.
set -euo pipefail

# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
petnet_setup

cd "$PETNET_ROOT"
np=${PETNET_NP:-2}
# More ranks than cores (a 1-core CI runner): let OpenMPI oversubscribe.
if [[ $(nproc) -lt $np ]]; then
  export OMPI_MCA_rmaps_base_oversubscribe=1
fi
cmd=(mpiexec -n "$np" "$PETNET_BUILD_DIR/bin/petnet" -output out/default "$@")
echo "petnet run: ${cmd[*]}"
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
"${cmd[@]}"
# Name the results this run wrote (not older ones, nor those of an overriding -output).
wrote=0
for f in out/default.h5 out/default.json; do
  if [[ $f -nt $stamp ]]; then
    echo "petnet run: wrote $f"
    wrote=1
  fi
done
[[ $wrote -eq 1 ]] || echo "petnet run: nothing written to out/default.{h5,json}"
