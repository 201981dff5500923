#!/usr/bin/env bash
# The network kernels on an NVIDIA GPU, on a machine that has a CUDA compiler, CMake and
# Python but no PETSc, MPI, HDF5 or Kokkos: builds Kokkos 4 (CUDA + Serial host) from a
# source tree, the kernels-only petnet against it (cmake/PetnetKernelsOnly.cmake), runs
# the kernel tests (test_kernels: MLP jets, Jacobian and products against finite
# differences, the DeepONet's likewise) and the benchmark (bench_gpu_kernels), and
# writes a log and JSON files under $OUT.
#
#   PETNET_KOKKOS_SRC=.gpu/kokkos PETNET_GTEST_SRC=.gpu/googletest OUT=out/gpu \
#     benchmarks/gpu/run.sh
#
# Environment:
#   PETNET_KOKKOS_SRC   Kokkos 4.x source tree (required; patched in place for CUDA 13
#                       by patch_kokkos_cuda13.py, which keeps CUDA 12 working)
#   PETNET_GTEST_SRC    GoogleTest source tree (empty: an installed GoogleTest)
#   OUT                 output folder (default out/gpu): run.log, summary.json,
#                       bench_gpu.json (bench_host.json in a dry run), test_kernels.xml
#   PETNET_GPU_WORK     build folder (default .gpu in the checkout; reused when present)
#   PETNET_JOBS         parallel build jobs (default: all cores)
#   PETNET_CUDA_ARCH    compute capability as 90, 80, ... (default: nvidia-smi's)
#   PETNET_PEAK_GFLOPS, PETNET_PEAK_GBS   FP64 and memory peaks (default: by GPU name)
#   PETNET_BENCH_ARGS   extra bench_gpu_kernels options (e.g. --reps 5)
#   PETNET_RUN_LIMIT    seconds the tests, and the benchmark, may run (default 240)
#   PETNET_GPU_DRYRUN=1 no GPU used: the CUDA builds only (for PETNET_CUDA_ARCH, default
#                       90), then a host (Serial) Kokkos and kernels build whose tests and
#                       benchmark run on the CPU (PETNET_DRYRUN_BENCH_ARGS, default small
#                       sizes), and the tests once more with the portable loops the GPU
#                       runs (PETNET_GENERIC_LOOPS), so that every step is exercised.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${OUT:-$repo/out/gpu}
work=${PETNET_GPU_WORK:-$repo/.gpu}
jobs=${PETNET_JOBS:-$(nproc)}
dry=${PETNET_GPU_DRYRUN:-0}
ksrc=${PETNET_KOKKOS_SRC:-}
gsrc=${PETNET_GTEST_SRC:-}
limit=${PETNET_RUN_LIMIT:-240} # seconds for the tests, and for the benchmark (a hang ends)

die() {
  echo "run.sh: $*" >&2
  exit 1
}
[[ -n $ksrc && -f $ksrc/CMakeLists.txt && -d $ksrc/core/src ]] ||
  die "PETNET_KOKKOS_SRC must name a Kokkos 4.x source tree (got '${ksrc}')"
[[ -z $gsrc || -f $gsrc/googletest/CMakeLists.txt ]] ||
  die "PETNET_GTEST_SRC must name a GoogleTest source tree (got '${gsrc}')"
ksrc=$(cd "$ksrc" && pwd)
[[ -z $gsrc ]] || gsrc=$(cd "$gsrc" && pwd)
export PATH=/usr/local/cuda/bin:$PATH
for tool in cmake nvcc python3 timeout; do command -v $tool >/dev/null || die "$tool not found"; done
[[ $dry == 1 ]] || command -v nvidia-smi >/dev/null || die "nvidia-smi not found (no GPU?)"
mkdir -p "$OUT" "$work" || die "cannot create $OUT or $work"
log=$OUT/run.log
: >"$log"
exec > >(tee -a "$log") 2>&1
stages=() # "name status seconds" for summary.json
failed=""  # stages that failed without stopping the run

# stage [-k] NAME COMMAND...: runs and times one step and records it; a failure stops the
# script, or with -k (keep going) is remembered and makes the script's exit status non-zero.
stage() {
  local keep=0
  if [[ $1 == -k ]]; then
    keep=1
    shift
  fi
  local name=$1 t0=$SECONDS rc=0
  shift
  echo "=== $name: $*"
  "$@" || rc=$?
  local dt=$((SECONDS - t0))
  stages+=("$name $rc $dt")
  echo "=== $name: exit $rc after ${dt} s"
  if ((rc != 0 && keep)); then
    failed+=" $name"
  elif ((rc != 0)); then
    summary
    die "stage $name failed (exit $rc); see $log"
  fi
}

summary() {
  {
    printf '{"dry_run": %s, "gpu": "%s", "compute_cap": "%s", "kokkos_arch": "%s", ' \
      "$([[ $dry == 1 ]] && echo true || echo false)" "$gpu_name" "$cap" "$arch"
    printf '"nvcc": "%s", "jobs": %s, "stages": [' "$nvcc_version" "$jobs"
    local sep="" s
    for s in "${stages[@]}"; do
      read -r n rc dt <<<"$s"
      printf '%s{"stage": "%s", "exit": %s, "seconds": %s}' "$sep" "$n" "$rc" "$dt"
      sep=", "
    done
    printf ']}\n'
  } >"$OUT/summary.json"
}

# --- the device ----------------------------------------------------------------------
nvcc_version=$(nvcc --version | sed -n 's/.*release \([0-9.]*\).*/\1/p')
gpu_name="none (dry run)"
cap=${PETNET_CUDA_ARCH:-}
if [[ $dry != 1 ]]; then
  nvidia-smi --query-gpu=name,compute_cap,memory.total,clocks.max.sm,driver_version \
    --format=csv
  gpu_name=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)
  [[ -n $cap ]] || cap=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d .)
fi
cap=${cap:-90}
case $cap in
  70) arch=VOLTA70 ;; 75) arch=TURING75 ;; 80) arch=AMPERE80 ;; 86) arch=AMPERE86 ;;
  89) arch=ADA89 ;; 90) arch=HOPPER90 ;;
  *) die "no Kokkos architecture known for compute capability $cap" ;;
esac
# FP64 (non-tensor-core: the kernels are scalar FMAs) and HBM peaks from the datasheets.
case $gpu_name in
  *H100*PCIe*) peak_f=25600 peak_b=2000 ;;
  *H100*NVL*) peak_f=30000 peak_b=3900 ;;
  *H100*) peak_f=33500 peak_b=3350 ;;
  *H200*) peak_f=33500 peak_b=4800 ;;
  *) peak_f=0 peak_b=0 ;;
esac
peak_f=${PETNET_PEAK_GFLOPS:-$peak_f}
peak_b=${PETNET_PEAK_GBS:-$peak_b}
echo "run.sh: GPU '$gpu_name', compute capability $cap -> Kokkos_ARCH_$arch, nvcc $nvcc_version," \
  "$jobs jobs, peaks ${peak_f} GFLOP/s FP64 and ${peak_b} GB/s, dry run: $dry"

# --- Kokkos --------------------------------------------------------------------------
# nvcc_wrapper with this GPU's architecture as its default (its own default, sm_70, is
# refused by CUDA 13 already when CMake tests the compiler).
wrapper=$work/tools/nvcc_wrapper
mkdir -p "$work/tools"
sed "s/^default_arch=\"sm_70\"/default_arch=\"sm_$cap\"/" "$ksrc/bin/nvcc_wrapper" >"$wrapper.new"
chmod +x "$wrapper.new"
if cmp -s "$wrapper.new" "$wrapper"; then rm "$wrapper.new"; else mv "$wrapper.new" "$wrapper"; fi

# generator DIR: Ninja for a new build folder where ninja exists (an image may lack make);
# an existing folder keeps the generator it was configured with.
generator() {
  if [[ ! -f $1/CMakeCache.txt ]] && command -v ninja >/dev/null; then echo "-GNinja"; fi
}

# build_kokkos NAME CXX [CMAKE OPTIONS...]: configure, build and install into $work/NAME.
build_kokkos() {
  local name=$1 cxx=$2
  shift 2
  # shellcheck disable=SC2046  # generator prints one word or nothing
  cmake $(generator "$work/build-$name") -S "$ksrc" -B "$work/build-$name" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_STANDARD=17 -DKokkos_ENABLE_SERIAL=ON \
    -DKokkos_ENABLE_TESTS=OFF -DKokkos_ENABLE_EXAMPLES=OFF \
    -DCMAKE_INSTALL_PREFIX="$work/$name" "$@" >"$work/configure-$name.log" ||
    { tail -40 "$work/configure-$name.log"; return 1; }
  cmake --build "$work/build-$name" -j "$jobs" && cmake --install "$work/build-$name" >/dev/null
}

# build_kernels NAME KOKKOS_PREFIX CXX [CMAKE OPTIONS...]: the kernels-only petnet in
# $work/build-NAME.
build_kernels() {
  local name=$1 kprefix=$2 cxx=$3
  shift 3
  # shellcheck disable=SC2046
  cmake $(generator "$work/build-$name") -S "$repo" -B "$work/build-$name" \
    -DCMAKE_BUILD_TYPE=Release -DPETNET_KERNELS_ONLY=ON \
    -DKokkos_ROOT="$kprefix" -DCMAKE_CXX_COMPILER="$cxx" -DPETNET_GTEST_SRC="$gsrc" "$@" \
    >"$work/configure-$name.log" || { tail -40 "$work/configure-$name.log"; return 1; }
  cmake --build "$work/build-$name" -j "$jobs"
}

# run_kernels NAME JSON BENCH_ARGS...: the tests, then the benchmark (also after a failed
# test, so that one run on a lent GPU yields both; the failure is in the exit status).
run_kernels() {
  local name=$1 json=$2
  shift 2
  stage -k "test-$name" timeout "$limit" "$work/build-$name/bin/test_kernels" \
    --gtest_output="xml:$OUT/test_kernels.xml"
  stage "bench-$name" timeout "$limit" "$work/build-$name/bin/bench_gpu_kernels" \
    --json "$OUT/$json" --peak-gflops "$peak_f" --peak-gbs "$peak_b" "$@"
}

stage patch-kokkos python3 "$repo/benchmarks/gpu/patch_kokkos_cuda13.py" "$ksrc"
stage kokkos-cuda build_kokkos kokkos-cuda "$wrapper" -DKokkos_ENABLE_CUDA=ON \
  -DKokkos_ENABLE_CUDA_CONSTEXPR=ON "-DKokkos_ARCH_$arch=ON"
stage kernels-cuda build_kernels kernels-cuda "$work/kokkos-cuda" "$wrapper"
if [[ $dry != 1 ]]; then
  # shellcheck disable=SC2086  # PETNET_BENCH_ARGS is a list of options
  run_kernels kernels-cuda bench_gpu.json ${PETNET_BENCH_ARGS:-}
else
  peak_f=0 peak_b=0 # no fractions of a GPU's peaks for CPU figures
  stage kokkos-host build_kokkos kokkos-host "${CXX:-g++}"
  stage kernels-host build_kernels kernels-host "$work/kokkos-host" "${CXX:-g++}"
  # shellcheck disable=SC2086
  run_kernels kernels-host bench_host.json ${PETNET_DRYRUN_BENCH_ARGS:---n 2500,10000 --nf 100 --reps 5}
  # The loops the GPU runs (no host vector code), tested on the CPU.
  stage kernels-host-generic build_kernels kernels-host-generic "$work/kokkos-host" "${CXX:-g++}" \
    -DPETNET_GENERIC_LOOPS=ON
  stage -k test-kernels-host-generic "$work/build-kernels-host-generic/bin/test_kernels" \
    --gtest_output="xml:$OUT/test_kernels_generic.xml"
fi
summary
[[ -z $failed ]] || die "failed:$failed; see $log"
echo "run.sh: done; $log, $OUT/summary.json"
