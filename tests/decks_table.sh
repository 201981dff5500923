#!/usr/bin/env bash
# decks_table.sh INPUTS TABLE: every INPUTS/*.yaml has exactly one line in TABLE
# (tests/decks.txt) and every line names a deck of INPUTS, so a deck added without its
# shortened run fails here (and as deck_NAME_missing once CMake has globbed it).
inputs=$1 table=$2
[ -d "$inputs" ] && [ -r "$table" ] || { echo "decks_table: usage: decks_table.sh INPUTS_DIR TABLE"; exit 1; }
bad=0
listed=$(grep -v '^[[:space:]]*\(#\|$\)' "$table" | awk '{print $1}')
for f in "$inputs"/*.yaml; do
  d=$(basename "$f" .yaml)
  n=$(grep -cx "$d" <<<"$listed")
  [ "$n" -eq 1 ] || { echo "decks_table: inputs/$d.yaml has $n lines in $(basename "$table") (needs 1)"; bad=1; }
done
for d in $listed; do
  [ -f "$inputs/$d.yaml" ] || { echo "decks_table: $(basename "$table") names $d, which is not in inputs/"; bad=1; }
done
[ $bad -eq 0 ] && echo "decks_table: $(wc -l <<<"$listed") decks, each with one line"
exit $bad
