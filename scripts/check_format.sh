#!/usr/bin/env bash
# Check that every C++ file of the repository is formatted by .clang-format: prints the
# files clang-format would change and exits non-zero if any. The formatting depends on
# clang-format's version; the committed tree is formatted by Debian 12's clang-format 14,
# so with another major version the check is skipped (exit 77, ctest's SKIP_RETURN_CODE).
# To format: clang-format -i FILE...
#
#   scripts/check_format.sh [ROOT]
set -uo pipefail
root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
want=14
if ! command -v clang-format >/dev/null 2>&1; then
  echo "check_format: clang-format not found (Debian: apt-get install clang-format)"
  exit 77
fi
major=$(clang-format --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
if [[ $major != "$want" ]]; then
  echo "check_format: clang-format $major found; the tree is formatted with version $want: skipped"
  exit 77
fi
cd "$root" || exit 1
bad=0
while IFS= read -r -d '' f; do
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "$f: not formatted (clang-format -i $f)"
    bad=1
  fi
done < <(find src apps tests benchmarks -type f \( -name '*.hpp' -o -name '*.cpp' \) -print0 | sort -z)
if [[ $bad -eq 0 ]]; then echo "check_format: every C++ file follows .clang-format"; fi
exit $bad
