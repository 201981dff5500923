#!/usr/bin/env bash
# Check the include rule of src/ (docs/ARCHITECTURE.md): a file in layer L may include
# petnet headers only from L itself and from the layers allowed for L below. Prints one
# line per violation (file:line: layer -> included header) and exits non-zero if any.
#
#   scripts/check_layers.sh [SRC_DIR]
set -uo pipefail
src=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src}

declare -A allowed=(
  [core]=""
  [functions]="core"
  [linalg]="core"
  [quadrature]="core"
  [sampling]="core"
  [nn]="core"
  [pde]="core"
  [io]="core"
  [reference]="core pde quadrature io"
  [residuals]="core functions linalg nn pde quadrature sampling"
  [solvers]="core linalg functions"
  [ritz]="core linalg quadrature"
  [jobs]="*"
)

bad=0
while IFS= read -r -d '' file; do
  rel=${file#"$src"/}
  layer=${rel%%/*}
  [[ $rel == */* ]] || continue # top-level files (none expected) are not in a layer
  if [[ -z ${allowed[$layer]+x} ]]; then
    echo "$rel: directory '$layer' is not a known layer (add it to scripts/check_layers.sh and docs/ARCHITECTURE.md)"
    bad=1
    continue
  fi
  ok=" $layer ${allowed[$layer]} "
  [[ $ok == *" * "* ]] && continue
  while IFS=: read -r line inc; do
    target=${inc%%/*}
    [[ -d $src/$target ]] || continue # a system or generated header
    if [[ $ok != *" $target "* ]]; then
      echo "$rel:$line: layer $layer may not include $inc"
      bad=1
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" |
    sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
done < <(find "$src" -type f \( -name '*.hpp' -o -name '*.cpp' \) -print0 | sort -z)
if [[ $bad -eq 0 ]]; then echo "check_layers: every include in $src follows the layer rule"; fi
exit $bad
