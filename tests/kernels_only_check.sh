#!/usr/bin/env bash
# kernels_only_check.sh SRC BUILD KOKKOS_DIR [LAUNCHER]: configure BUILD from SRC as the
# kernels-only build (-DPETNET_KERNELS_ONLY=ON: no PETSc, MPI or HDF5) against the Kokkos
# config in KOKKOS_DIR, with the portable loops the GPU backends run
# (-DPETNET_GENERIC_LOOPS=ON; the normal build's unit tests cover the host vector code),
# build it, and run its kernel tests (test_kernels) and one short benchmark run. Reuses BUILD, so a second run rebuilds only what changed; LAUNCHER (e.g.
# ccache) is the main build's compiler launcher.
set -uo pipefail
src=$1 build=$2 kokkos_dir=$3 launcher=${4:-}
args=(-DCMAKE_BUILD_TYPE=Release -DPETNET_KERNELS_ONLY=ON -DPETNET_GENERIC_LOOPS=ON
  "-DKokkos_DIR=$kokkos_dir")
[[ -z $launcher ]] || args+=("-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher")
mkdir -p "$build" || exit 1
start=$SECONDS
cmake -S "$src" -B "$build" "${args[@]}" >"$build/kernels_only_configure.log" 2>&1 ||
  { cat "$build/kernels_only_configure.log"; echo "kernels_only_check: configure failed"; exit 1; }
cmake --build "$build" -j 2 >"$build/kernels_only_build.log" 2>&1 ||
  { tail -n 60 "$build/kernels_only_build.log"; echo "kernels_only_check: build of $build failed"; exit 1; }
echo "kernels_only_check: built in $((SECONDS - start)) s"
"$build/bin/test_kernels" || { echo "kernels_only_check: test_kernels failed"; exit 1; }
# The benchmark at small sizes: it runs, and its JSON holds every kernel it printed.
"$build/bin/bench_gpu_kernels" --n 200 --nf 4 --m 9 --reps 1 --json "$build/bench.json" ||
  { echo "kernels_only_check: bench_gpu_kernels failed"; exit 1; }
n=$(grep -c '"kernel"' "$build/bench.json")
[[ $n == 6 ]] || { echo "kernels_only_check: bench.json has $n results, expected 6"; exit 1; }
