#!/usr/bin/env bash
# version_check.sh SRC VERSION PETSC HDF5 KOKKOS CMD...: `CMD -version` must exit 0 and print
# petnet's VERSION with the git revision of the source tree SRC (its HEAD, "-dirty" allowed),
# and the versions CMake found for PETSc, HDF5 and Kokkos, each as the library reports it at
# run time, and an MPI library line.
src=$1 version=$2 petsc=$3 hdf5=$4; shift 4
kokkos=$(echo "$1" | awk -F. '{printf "%d.%d.%d", $1, $2, $3}'); shift # CMake may say 3.4.01
fail() { echo "$out"; echo "version_check: $*"; exit 1; }
out=$("$@" -version 2>&1) || fail "-version exited $?"
rev=$(git -C "$src" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
echo "$out" | grep -Eq "^petnet $version \(git $rev(-dirty)?\)$" || fail "no line 'petnet $version (git $rev)' (the revision is the build's: rebuild after a commit)"
echo "$out" | grep -Eq "^PETSc: Petsc Release Version $petsc, .*[^ ]$" || fail "no PETSc $petsc line"
echo "$out" | grep -q "^HDF5: $hdf5$" || fail "no HDF5 $hdf5 line"
echo "$out" | grep -Eq "^Kokkos: $kokkos \(execution space [A-Za-z]+, host [A-Za-z]+\)$" ||
  fail "no Kokkos $kokkos line"
echo "$out" | grep -Eq "^MPI: .+" || fail "no MPI line"
[ "$(echo "$out" | wc -l)" -eq 5 ] || fail "expected 5 lines (and no PETSc banner)"
echo "version_check: ok"
