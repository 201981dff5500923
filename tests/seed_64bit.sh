#!/usr/bin/env bash
# seed_64bit.sh DIR PETNET: -seed is 64-bit. -seed 4294967297 once wrapped to 1 (PetscInt is
# 32-bit); now the two seeds must give different starts, and the same seed the same one.
set -u
dir=$1; petnet=$2
rm -rf "$dir"; mkdir -p "$dir"
loss() { # the final Adam loss of a 2-iteration run with seed $1
  "$petnet" -problem allen_cahn_1d -method adam -adam_max_it 2 -nn_hidden 8 -sample_n_res 20 -seed "$1" \
    -output "$dir/s$1_$2" > "$dir/s$1_$2.log" 2>&1 || { tail "$dir/s$1_$2.log"; exit 1; }
  grep -o '"loss": *[-0-9.e+]*' "$dir/s$1_$2.json" | head -1
}
a=$(loss 1 a) || exit 1
b=$(loss 4294967297 a) || exit 1
c=$(loss 4294967297 b) || exit 1
echo "seed 1: $a; seed 4294967297: $b, again: $c"
[ -n "$a" ] && [ -n "$b" ] || { echo "seed_64bit: no loss in the summaries"; exit 1; }
[ "$a" != "$b" ] || { echo "seed_64bit: FAIL: seed 4294967297 gives the same run as seed 1"; exit 1; }
[ "$b" = "$c" ] || { echo "seed_64bit: FAIL: the same seed gives different runs"; exit 1; }
echo "seed_64bit: ok"
