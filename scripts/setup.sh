#!/usr/bin/env bash
# Set up petnet on Debian 12: install the Debian packages that are missing, then
# configure (Release) and build build/. Safe to run again: installed packages are
# skipped and an existing build/ is reused (an up-to-date build is a fast no-op).
#
#   scripts/setup.sh                    as root, or as a user with sudo
#
# Environment:
#   PETNET_BUILD_DIR   build directory, relative to the repository root (default: build)
#   PETNET_JOBS        parallel build jobs (default: nproc)
#
# scripts/run.sh and scripts/test.sh source this file and call petnet_setup, which
# also exports the OpenMPI variables that let mpiexec run as root (only when root).
set -euo pipefail

PETNET_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PETNET_BUILD_DIR=${PETNET_BUILD_DIR:-build}

# Everything petnet needs from Debian 12 (README.md, "Dependencies", says what each is for).
PETNET_DEBIAN_PACKAGES=(
  petsc-dev libopenmpi-dev openmpi-bin libhdf5-openmpi-dev
  libtrilinos-kokkos-dev libtrilinos-kokkos-kernels-dev libgtest-dev
  libopenblas-dev libfftw3-dev libfftw3-mpi-dev
  cmake g++ make pkg-config clang-format
  python3-h5py python3-matplotlib python3-jsonschema
)

petnet_die() {
  echo "petnet setup: error: $*" >&2
  exit 1
}

petnet_log() {
  echo "petnet setup: $*"
}

# Run a command as root: directly when root, otherwise through sudo (never waiting for
# a password when there is no terminal to type it on, e.g. in CI).
petnet_as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [[ -t 0 ]]; then sudo "$@"; else sudo -n "$@"; fi
  else
    petnet_die "need root to run '$*': run as root or install sudo"
  fi
}

# petnet_install_packages PKG...: install those of PKG that dpkg does not list as installed
# (apt-get update only when one is missing).
petnet_install_packages() {
  command -v dpkg-query >/dev/null 2>&1 ||
    petnet_die "dpkg-query not found: this script expects Debian 12"
  local missing=() pkg
  for pkg in "$@"; do
    if [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    petnet_log "Debian packages: all $# installed"
    return
  fi
  petnet_log "installing missing Debian packages: ${missing[*]}"
  petnet_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
    petnet_die "apt-get update failed"
  petnet_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" ||
    petnet_die "apt-get install failed for: ${missing[*]}"
}

petnet_build() {
  local bdir="$PETNET_ROOT/$PETNET_BUILD_DIR"
  local jobs=${PETNET_JOBS:-$(nproc)}
  if [[ ! -f "$bdir/CMakeCache.txt" ]]; then
    petnet_log "configuring $PETNET_BUILD_DIR/ (Release)"
    cmake -S "$PETNET_ROOT" -B "$bdir" -DCMAKE_BUILD_TYPE=Release ||
      petnet_die "CMake configure failed (see the messages above)"
  fi
  # Reconfigures by itself when a CMakeLists.txt changed; a no-op when up to date.
  petnet_log "building $PETNET_BUILD_DIR/ with -j$jobs"
  cmake --build "$bdir" -j "$jobs" || petnet_die "build failed (see the compiler messages above)"
}

# OpenMPI refuses to start as root unless told to; set that only for root.
petnet_mpi_env() {
  if [[ $(id -u) -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  fi
}

petnet_setup() {
  petnet_install_packages "${PETNET_DEBIAN_PACKAGES[@]}"
  petnet_build
  petnet_mpi_env
}

# Executed (not sourced): do the set-up.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  petnet_setup
fi
