#!/usr/bin/env bash
# deck_help.sh DECKDIR CMD...: every deck DECKDIR/*.yaml with -help: it must parse and
# every key must be an option its problem and method read (the driver's unknown-option
# check runs under -help too), so the run exits 0 and lists the deck's problem's options.
dir=$1; shift
n=0
for deck in "$dir"/*.yaml; do
  out=$("$@" -options_file_yaml "$deck" -help 2>&1); rc=$?
  if [ $rc -ne 0 ]; then
    echo "$out" | grep -E 'petnet: error|ERROR' | head -3
    echo "deck_help: $deck -help exited $rc"; exit 1
  fi
  echo "$out" | grep -q -- "-method <now " || { echo "deck_help: $deck: no -method line"; exit 1; }
  n=$((n + 1))
done
[ $n -gt 0 ] || { echo "deck_help: no decks in $dir"; exit 1; }
echo "deck_help: ok ($n decks)"
