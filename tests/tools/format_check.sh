#!/usr/bin/env bash
# format_check.sh - every C file of the tree is formatted with the repo's .clang-format:
# runs `clang-format --dry-run --Werror` on each .c/.h file (in a git checkout the
# tracked ones plus new files not yet added, else every .c/.h outside build*/, data/ and
# hidden folders) and fails listing the files that are not formatted.
# usage: format_check.sh [SOURCE_DIR] [CLANG_FORMAT]   (defaults: the repo, clang-format)
# Exit 0 all formatted, 1 some not (the list and the command that fixes them), 2 no
# clang-format or no .clang-format. The repo's style is checked with Debian 12's
# clang-format 14 (scripts/setup.sh installs it); other versions may format differently.
set -u
src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cf=${2:-clang-format}
cd "$src" || exit 2
if ! command -v "$cf" >/dev/null 2>&1; then
  echo "format_check: '$cf' not found (scripts/setup.sh installs clang-format)" >&2
  exit 2
fi
if [ ! -f .clang-format ]; then
  echo "format_check: no .clang-format in $src" >&2
  exit 2
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.c' '*.h' | sort -u)
else
  mapfile -t files < <(find . \( -name 'build*' -o -name data -o -name '.*' ! -name . \) -prune -o \
    -type f \( -name '*.c' -o -name '*.h' \) -print | sed 's#^\./##' | sort)
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "format_check: no .c/.h files found under $src" >&2
  exit 2
fi
bad=()
for f in "${files[@]}"; do
  [ -f "$f" ] || continue # deleted in the work tree but not yet in the index
  "$cf" --style=file --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -ne 0 ]; then
  echo "format_check: ${#bad[@]} of ${#files[@]} files are not clang-formatted ($("$cf" --version | head -n1)):"
  printf '  %s\n' "${bad[@]}"
  echo "fix: clang-format -i ${bad[*]}"
  exit 1
fi
echo "format_check: all ${#files[@]} .c/.h files are clang-formatted"
