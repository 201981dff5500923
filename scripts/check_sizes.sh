#!/usr/bin/env bash
# Check the size rules of src/ (docs/ARCHITECTURE.md): no file over MAX_FILE lines (files aim
# at about 500) and no function body over MAX_FN lines. Prints one line per offender and exits non-zero if any.
#
#   scripts/check_sizes.sh [SRC_DIR] [MAX_FILE] [MAX_FN]       defaults: src 550 100
#
# A function body is a brace block whose opening line looks like a definition (a ')'
# before the '{', or a '{' alone after such a line) and that is not inside another
# function; lambdas and blocks inside a function count towards that function.
set -uo pipefail
src=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src}
max_file=${2:-550}
max_fn=${3:-100}

bad=0
while IFS= read -r -d '' file; do
  rel=${file#"$src"/}
  n=$(wc -l <"$file")
  if ((n > max_file)); then
    echo "$rel: $n lines (more than $max_file)"
    bad=1
  fi
  if ! awk -v max="$max_fn" -v rel="$rel" '
    BEGIN { depth = 0; infn = 0; prev = ""; rc = 0 }
    {
      line = $0
      gsub(/\\./, "", line)                # escaped characters
      gsub(/"[^"]*"/, "\"\"", line)         # string literals
      gsub(/'\''[^'\'']*'\''/, "0", line)  # character literals
      sub(/\/\/.*/, "", line)               # line comments
      for (i = 1; i <= length(line); ++i) {
        c = substr(line, i, 1)
        if (c == "{") {
          head = substr(line, 1, i - 1)
          if (head ~ /^[[:space:]]*$/) head = prev
          isfn = !infn && head ~ /\)[[:space:]]*(const)?[[:space:]]*(override)?[[:space:]]*(noexcept)?[[:space:]]*(->[^{]*)?[[:space:]]*$/ &&
                 head !~ /^[[:space:]]*(namespace|struct|class|enum|union|if|for|while|switch|else)[^a-zA-Z0-9_]/
          ++depth
          if (isfn) { infn = 1; fdepth = depth; start = NR; sig = $0 }
        } else if (c == "}") {
          if (infn && depth == fdepth) {
            len = NR - start + 1
            if (len > max) {
              gsub(/^[[:space:]]+/, "", sig)
              printf "%s:%d: function of %d lines (more than %d): %s\n", rel, start, len, max, substr(sig, 1, 70)
              rc = 1
            }
            infn = 0
          }
          --depth
        }
      }
      if (line !~ /^[[:space:]]*$/) prev = line
    }
    END { exit rc }' "$file"; then
    bad=1
  fi
done < <(find "$src" -type f \( -name '*.hpp' -o -name '*.cpp' \) -print0 | sort -z)
if [[ $bad -eq 0 ]]; then echo "check_sizes: every file in $src is within $max_file lines and every function within $max_fn"; fi
exit $bad
