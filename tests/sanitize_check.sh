#!/usr/bin/env bash
# sanitize_check.sh SRC BUILD JOBS [LAUNCHER]: configure BUILD from SRC as the sanitizer
# build (-DPETNET_SANITIZE=ON, AddressSanitizer + UndefinedBehaviorSanitizer), build the
# unit test executables only, and run the unit tests there. Fails when the build fails
# or any unit test fails (a sanitizer report aborts the test that triggered it). Reuses
# BUILD, so a second run rebuilds only what changed; LAUNCHER (e.g. ccache) is the main
# build's compiler launcher.
set -uo pipefail
src=$1 build=$2 jobs=$3 launcher=${4:-}
args=(-DCMAKE_BUILD_TYPE=Release -DPETNET_SANITIZE=ON)
[[ -z $launcher ]] || args+=("-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher")
mkdir -p "$build" || exit 1
start=$SECONDS
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$src" -B "$build" "${args[@]}" >"$build/sanitize_configure.log" 2>&1 ||
    { cat "$build/sanitize_configure.log"; echo "sanitize_check: configure failed"; exit 1; }
fi
cmake --build "$build" --target unit_tests -j "$jobs" >"$build/sanitize_build.log" 2>&1 ||
  { tail -n 60 "$build/sanitize_build.log"; echo "sanitize_check: build of $build failed"; exit 1; }
echo "sanitize_check: built the unit tests in $((SECONDS - start)) s"
start=$SECONDS
ctest --test-dir "$build" -L unit -j "$jobs" --output-on-failure --no-tests=error
rc=$?
echo "sanitize_check: ran the unit tests under ASan + UBSan in $((SECONDS - start)) s"
exit $rc
