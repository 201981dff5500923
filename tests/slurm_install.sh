#!/usr/bin/env bash
# slurm_install.sh BUILD_DIR DIR: installs the build into DIR/prefix and checks that the
# installed Slurm scripts work from there: the batch scripts carry the prefix, the sweep
# script lists the installed decks, and without PETNET_BIN or a petnet on PATH it runs
# PREFIX/bin/petnet (a run with a bad option, so it must fail with petnet's error, fast).
set -u
build=$1 dir=$2
fail() {
  echo "slurm_install: FAIL: $*"
  exit 1
}
rm -rf "$dir"
prefix=$dir/prefix
cmake --install "$build" --prefix "$prefix" >"$dir.install.log" 2>&1 || fail "cmake --install failed ($dir.install.log)"
share=$prefix/share/petnet
for f in petnet.sbatch operator_2d.sbatch trsqp_sweep.sbatch; do
  grep -q "$share/slurm" "$share/slurm/$f" || fail "$f does not carry the install prefix"
  grep -q "@PETNET_PREFIX@" "$share/slurm/$f" && fail "$f still has the prefix placeholder"
done
[ -x "$share/scripts/trsqp_sweep.sh" ] || fail "no installed scripts/trsqp_sweep.sh"
deck=$("$share/scripts/trsqp_sweep.sh" list | head -n 1 | sed 's/.*-options_file_yaml \([^ ]*\).*/\1/')
if [ "$deck" != "$share/inputs/trsqp_transport.yaml" ] || [ ! -r "$deck" ]; then
  fail "the sweep lists the deck '$deck'"
fi
# PATH without any petnet: the installed one must be found through the prefix.
out=$(cd "$dir" && env -u PETNET_BIN PATH=/usr/bin:/bin OUT="$dir/sweep" RANKS=1 \
  "$share/scripts/trsqp_sweep.sh" run 0 -no_such_option 2>&1) && fail "a failing run returned status 0"
echo "$out"
echo "$out" | grep -q " $prefix/bin/petnet\$" || fail "the sweep did not run $prefix/bin/petnet"
grep -q "unknown option -no_such_option" "$dir/sweep/"*.log || fail "the installed petnet did not run"
echo "slurm_install: ok"
