#!/usr/bin/env bash
# deck_check.sh PYTHON PLOT DESCRIBE SCHEMA VERSIONS PREFIX RANKS GRIDS PNGS -- CMD...
# One shipped deck end to end (tests/decks.cmake): runs CMD (the shortened deck, writing
# -output PREFIX) through output_check.py, which checks that PREFIX.json validates against
# SCHEMA, the provenance in the JSON and the HDF5 file, every dataset's attributes, and the
# XDMF sidecar: exactly the grids GRIDS ("-": no PREFIX.xmf), each field with its grid's
# shape in the HDF5 file and readable through h5py; then plot_check.sh has PLOT
# (petnet-plot) write the PNGs PNGS (fields,history: PREFIX_fields.png and
# PREFIX_history.png). Exit 77 (skipped) when PYTHON cannot import jsonschema, h5py and
# matplotlib.
py=$1 plot=$2 describe=$3 schema=$4 versions=$5 prefix=$6 ranks=$7 grids=$8 pngs=$9
shift 9
[ "$1" = "--" ] || { echo "deck_check: usage: deck_check.sh PYTHON PLOT DESCRIBE SCHEMA VERSIONS PREFIX RANKS GRIDS PNGS -- CMD..."; exit 1; }
shift
"$py" -c "import jsonschema, h5py, matplotlib" 2>/dev/null ||
  { echo "deck_check: $py cannot import jsonschema, h5py and matplotlib: skipped"; exit 77; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
opts=(--ranks "$ranks" --versions "$versions" --schema "$schema")
checks=schema,provenance,attributes
if [ "$grids" = "-" ]; then
  checks+=,noxdmf
else
  checks+=,xdmf,xdmf_h5py
  opts+=(--grids "$grids")
fi
rm -f "$prefix".json "$prefix".h5 "$prefix".xmf
exec bash "$here/plot_check.sh" "$py" "$plot" "$prefix" ${pngs//,/ } -- \
  "$py" "$here/output_check.py" "${opts[@]}" "$describe" "$prefix" "$checks" -- "$@"
