#!/usr/bin/env bash
# checkpoint_bad.sh DIR CLI_CHECK MPIEXEC NPFLAG PETNET DECK_ARGS...
#   Makes a good checkpoint with a short run, then damaged and foreign ones, and checks
#   that -restart refuses each with one clear error line, exit != 0 and nothing written
#   (cli_check.sh fail mode).
set -u
dir=$1; check=$2; mpiexec=$3; npflag=$4; petnet=$5; shift 5
args=("$@")
rm -rf "$dir"; mkdir -p "$dir"
fail() { echo "checkpoint_bad: FAIL: $*"; exit 1; }
"$petnet" "${args[@]}" -hom_monitor false -hom_final_its 2 -checkpoint_every 5 -output "$dir/good" > "$dir/good.log" 2>&1 ||
  { tail "$dir/good.log"; fail "the run that makes the checkpoint failed"; }
good="$dir/good.ckpt.h5"
[ -s "$good" ] || fail "no checkpoint written"
size=$(stat -c %s "$good")
head -c $((size / 2)) "$good" > "$dir/truncated.h5"
echo "not a checkpoint" > "$dir/text.h5"
# One byte changed in the last eighth of the file (raw data, past the HDF5 metadata).
cp "$good" "$dir/flipped.h5"
off=$((size - size / 8))
orig=$(od -An -tu1 -j $off -N1 "$good" | tr -d ' ')
printf "$(printf '\\%03o' $(( (orig + 1) % 256 )))" | dd of="$dir/flipped.h5" bs=1 seek=$off conv=notrunc status=none
cmp -s "$good" "$dir/flipped.h5" && fail "could not modify the copy"
# A checkpoint of another problem (1D Allen–Cahn, gauss_newton).
"$petnet" -problem allen_cahn_1d -method gauss_newton -nn_hidden 4 -sample_n_res 10 -gn_max_it 3 -checkpoint_every 1 \
  -checkpoint_file "$dir/other.h5" > "$dir/other.log" 2>&1 || { tail "$dir/other.log"; fail "allen_cahn run failed"; }
# A checkpoint of the same operator network trained by another method (Adam).
"$petnet" -problem burgers_1d_operator -method adam -pde_eps 0.5 -op_n_train 6 -op_n_test 2 -op_m 32 -nn_branch 16,16 \
  -nn_trunk 16,16 -nn_features 8 -adam_s_steps 1 -adam_max_it 3 -checkpoint_every 1 -checkpoint_file "$dir/adam.h5" \
  > "$dir/adam.log" 2>&1 || { tail "$dir/adam.log"; fail "adam run failed"; }

run() { # name regex ranks extra args...
  local name=$1 regex=$2 np=$3; shift 3
  echo "== $name"
  bash "$check" fail "$regex" "$dir/out_$name" "$mpiexec" $npflag $np "$petnet" "${args[@]}" "$@" -output "$dir/out_$name" ||
    fail "$name"
}
run missing "-restart .*nothere.h5: no such file" 1 -restart "$dir/nothere.h5"
run truncated "-restart .*truncated.h5: .*(truncated or corrupt|corrupt checkpoint)" 2 -restart "$dir/truncated.h5"
run text "-restart .*text.h5: not an HDF5 file" 1 -restart "$dir/text.h5"
run flipped "-restart .*flipped.h5: .*corrupt" 2 -restart "$dir/flipped.h5"
run other_problem "incompatible checkpoint: written for problem allen_cahn_1d, this run has problem burgers_1d_operator" 1 \
  -restart "$dir/other.h5"
run other_width "incompatible checkpoint: written for parameter count 1377, this run has parameter count 1445" 2 \
  -nn_features 10 -restart "$good"
run other_method "incompatible checkpoint: written for method adam, this run has method homotopy" 1 \
  -restart "$dir/adam.h5"
run other_eps "incompatible checkpoint: written for eps 0.5, this run has eps 0.1" 1 -pde_eps 0.1 \
  -restart "$good"
run other_seed "incompatible checkpoint: written for seed 0, this run has seed 3" 1 -seed 3 -restart "$good"
# The same widths with a network parity: another function of the same θ.
echo "== other_parity"
bash "$check" fail "incompatible checkpoint: written for network 1-4-1 .p = 13., this run has network 1-4-1 .p = 13., parity odd" \
  "$dir/out_parity" "$mpiexec" $npflag 1 "$petnet" -problem allen_cahn_1d -method gauss_newton -nn_hidden 4 \
  -sample_n_res 10 -gn_max_it 3 -nn_parity odd -restart "$dir/other.h5" -output "$dir/out_parity" || fail other_parity
echo "checkpoint_bad: ok"
