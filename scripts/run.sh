#!/usr/bin/env bash
# Set up petnet (scripts/setup.sh) and run the main job: the embedded default deck
# (inputs/allen_cahn_1d.yaml) on 2 MPI ranks, results in out/default.h5 and
# out/default.json. Extra arguments go to petnet, e.g.
#
#   scripts/run.sh -hom_monitor                 one line per homotopy step
#   scripts/run.sh -pde_eps 0.03                a different final eps
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
exec "${cmd[@]}"
