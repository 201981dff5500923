#!/usr/bin/env bash
# bad_input_fixtures.sh DIR PETNET H5_FIXTURE
#   The hostile files the bad-input suite (bad_input.txt) points petnet at: a FIFO, a
#   device node, symlinks at temporary and target names, decks with a repeated key or a
#   NUL byte, HDF5 files claiming 2^37 doubles in a few kilobytes, a real checkpoint
#   whose parameter dataset claims as much. "check" as a 4th argument instead verifies
#   afterwards that none of them was replaced, followed or written through.
set -u
dir=$1; petnet=$2; fixture=$3; mode=${4:-make}
fail() { echo "bad_input_fixtures: FAIL: $*"; exit 1; }
decoy="decoy file: must never change"
if [ "$mode" = check ]; then
  [ -p "$dir/fifo" ] || fail "fifo is no longer a FIFO"
  [ -c "$dir/dev" ] || [ -L "$dir/dev" ] || fail "dev is no longer a device node (or its stand-in link)"
  for l in sym.h5.tmp symck.ckpt.h5.tmp link.h5 linkck.ckpt.h5; do
    [ -L "$dir/$l" ] || fail "$l is no longer a symlink"
  done
  [ "$(cat "$dir/decoy.txt")" = "$decoy" ] || fail "the symlinks' target was written through"
  [ -d "$dir/dirtarget.h5" ] || fail "dirtarget.h5 is no longer a directory"
  [ -z "$(ls "$dir/out")" ] || fail "failed runs left files: $(ls "$dir/out")"
  echo "bad_input_fixtures: intact"
  exit 0
fi
rm -rf "$dir"; mkdir -p "$dir/out"
cd "$dir" || exit 1
mkfifo fifo || fail "mkfifo"
# A character device like /dev/null (root only); others get a symlink to /dev/null.
mknod dev c 1 3 2> /dev/null || ln -s /dev/null dev
echo "$decoy" > decoy.txt
ln -s decoy.txt sym.h5.tmp      # -output DIR/sym: its temporary is a symlink
ln -s decoy.txt symck.ckpt.h5.tmp
ln -s decoy.txt link.h5         # -output DIR/link: the target itself is a symlink
ln -s decoy.txt linkck.ckpt.h5
mkdir dirtarget.h5 deckdir.yaml
echo "plain file" > afile
echo "not an HDF5 file" > text.h5
: > empty.h5
printf 'problem: allen_cahn_1d\nmethod: adam\nnn:\n  hidden: 8,8\nadam_max_it: 5\nnn_hidden: 4\n' > dup_nested.yaml
printf 'problem: allen_cahn_1d\nmethod: adam\nseed: 1\nadam_max_it: 5\nseed: 2\n' > dup.yaml
printf 'problem: transport\nmethod: trsqp\ntrsqp:\n  max_it: 3\ntrsqp:\n  rho: 0.3\n' > dup_parent.yaml
printf 'problem: allen_cahn_1d\nmethod: adam\n\0adam_max_it: 5\n' > nul.yaml
printf -- '-problem ritz_exp\n-method dbn -ritz_n 10\n-ritz_n 20\n' > dup.opts
printf "method: adam\nseed: 3\n" > noproblem.yaml
"$fixture" huge.h5 theta 137438953472 || fail "h5_fixture huge.h5"
"$fixture" huge_ref.h5 reference/u 137438953472 && "$fixture" huge_ref.h5 reference/eps 1 ||
  fail "h5_fixture huge_ref.h5"
# A real checkpoint of a tiny run, then its parameters replaced by a 2^37-value claim.
"$petnet" -problem allen_cahn_1d -method gauss_newton -nn_hidden 4 -sample_n_res 10 -gn_max_it 2 \
  -checkpoint_every 1 -checkpoint_file "$dir/good.ckpt.h5" > good.log 2>&1 || { tail good.log; fail "checkpoint run"; }
cp good.ckpt.h5 huge.ckpt.h5
key=theta # the parameters, as every solver state names them
"$fixture" huge.ckpt.h5 "state/$key" 137438953472 || fail "h5_fixture huge.ckpt.h5"
echo "bad_input_fixtures: made in $dir"
