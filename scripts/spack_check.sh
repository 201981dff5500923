#!/usr/bin/env bash
# Check the Spack recipe and both environments with the Spack found on PATH (or $SPACK):
#   1. spack audit packages petnet
#   2. spack.yaml (Debian 12 externals): spack concretize -f --test root must plan to
#      build petnet alone (compiler-wrapper and gcc-runtime are Spack's own shims,
#      copied, not compiled);
#   3. spack/envs/cluster: petnet+cuda cuda_arch=90 must take a Kokkos 4 with
#      +cuda+cuda_lambda cuda_arch=90, petnet+openmp a Kokkos 4 with +openmp;
#   4. what must fail: two cuda_arch values, petnet+openmp against Debian's Kokkos 3.4.
# Spack writes .spack-env/ and spack.lock next to a spack.yaml, so the checks run on a copy
# of the checkout in a temporary directory. Exit status: 0 all passed, 1 a check failed,
# 77 no Spack. Usage: scripts/spack_check.sh [--audit-only]   (see docs/SPACK.md)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

spack_bin=${SPACK:-$(command -v spack || true)}
if [[ -z "$spack_bin" || ! -x "$spack_bin" ]]; then
  echo "spack_check: no spack on PATH (or \$SPACK): skipped" >&2
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/petnet-spack.XXXXXX")
trap 'rm -rf "$work"' EXIT
git ls-files -co --exclude-standard | tar -cf - -T - | tar -xf - -C "$work"
failures=0

check() { # check NAME COMMAND...: run COMMAND, keep its output in $work/NAME.log
  local name=$1
  shift
  if "$@" >"$work/$name.log" 2>&1; then
    echo "spack_check: $name: ok"
    return 0
  fi
  echo "spack_check: $name: FAILED ($*)"
  tail -n 20 "$work/$name.log"
  failures=$((failures + 1))
  return 1
}
expect_fail() { # expect_fail NAME COMMAND...: COMMAND must exit non-zero
  local name=$1
  shift
  if "$@" >"$work/$name.log" 2>&1; then
    echo "spack_check: $name: FAILED (succeeded, should not: $*)"
    failures=$((failures + 1))
  else
    echo "spack_check: $name: ok (refused: $(grep -m1 -i 'error' "$work/$name.log"))"
  fi
}
grep_log() { # grep_log NAME REGEX: the log of check NAME has a line matching REGEX
  if grep -Eq "$2" "$work/$1.log"; then
    echo "spack_check: $1 has /$2/: ok"
  else
    echo "spack_check: $1 lacks /$2/: FAILED"
    failures=$((failures + 1))
  fi
}

local_env=("$spack_bin" -e "$work")
cluster_env=("$spack_bin" -e "$work/spack/envs/cluster")

check audit "${local_env[@]}" audit packages petnet
if [[ "${1:-}" == "--audit-only" ]]; then
  exit $((failures > 0))
fi

if check local_concretize "${local_env[@]}" concretize -f --test root; then
  # Lines " -  HASH  NAME@..." are what Spack would install; [e] marks an external.
  built=$(awk '$1 == "-" { sub(/^\^/, "", $3); sub(/@.*/, "", $3); print $3 }' \
    "$work/local_concretize.log" | sort -u | grep -vx -e compiler-wrapper -e gcc-runtime)
  if [[ "$built" == "petnet" ]]; then
    echo "spack_check: local environment builds petnet alone" \
      "($(grep -c '^\[e\]' "$work/local_concretize.log") externals): ok"
  else
    echo "spack_check: local environment would build: $(echo $built): FAILED"
    failures=$((failures + 1))
  fi
fi

if check cluster_cuda "${cluster_env[@]}" spec petnet+cuda cuda_arch=90; then
  grep_log cluster_cuda '\^kokkos@4\.[^ ]*\+cuda[~+][^ ]*\+cuda_lambda.* cuda_arch=90 '
  grep_log cluster_cuda '\^kokkos@4\.[^ ]*\+wrapper'
fi
if check cluster_openmp "${cluster_env[@]}" spec petnet+openmp; then
  grep_log cluster_openmp '\^kokkos@4\.[^ ]*\+openmp'
  grep_log cluster_openmp '\^fftw@[^ ]*~mpi'
fi

expect_fail two_cuda_archs "${cluster_env[@]}" spec petnet+cuda cuda_arch=80,90
expect_fail local_openmp "${local_env[@]}" spec petnet+openmp

echo "spack_check: $failures failed"
exit $((failures > 0))
