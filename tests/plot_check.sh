#!/usr/bin/env bash
# plot_check.sh PYTHON PLOT PREFIX PNG... -- CMD...
# Runs CMD (a petnet run with -output PREFIX; its last 2 lines of output are shown, its
# last 40 when it fails), then PLOT PREFIX.h5 with PYTHON; each PNG named
# (PREFIX_fields, PREFIX_history) must be written, be a PNG and not be empty.
# Exit 77 (skipped) when PYTHON cannot import h5py and matplotlib.
py=$1; plot=$2; prefix=$3; shift 3
pngs=()
while [ "$1" != "--" ]; do pngs+=("$1"); shift; done
shift
"$py" -c "import h5py, matplotlib" 2>/dev/null || { echo "plot_check: no h5py/matplotlib: skipped"; exit 77; }
rm -f "${prefix}"_*.png
run=$("$@" 2>&1) || { echo "$run" | tail -n 40; echo "plot_check: the run failed"; exit 1; }
echo "$run" | tail -n 2
out=$(MPLBACKEND=Agg "$py" "$plot" "$prefix.h5" 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "plot_check: petnet-plot exited with $rc"; exit 1; }
for p in "${pngs[@]}"; do
  f=${prefix}_$p.png
  [ -s "$f" ] || { echo "plot_check: $f not written"; exit 1; }
  [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "plot_check: $f is not a PNG"; exit 1; }
  echo "$out" | grep -q "wrote $f" || { echo "plot_check: $f not reported"; exit 1; }
done
# bad input: one line, non-zero exit
bad=$("$py" "$plot" "$prefix.missing.h5" 2>&1); brc=$?
[ $brc -ne 0 ] && [ "$(echo "$bad" | wc -l)" -eq 1 ] && echo "$bad" | grep -q "^petnet-plot: error: cannot open" ||
  { echo "plot_check: a missing file gave: $bad (exit $brc)"; exit 1; }
echo "plot_check: ok"
