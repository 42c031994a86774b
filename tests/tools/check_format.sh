#!/usr/bin/env bash
# Every C++ file of the repository in the layout .clang-format gives it (clang-format 14,
# Debian's clang-format package, which scripts/setup installs). Exit 77 (CTest: skipped)
# where clang-format is absent. Usage: check_format.sh SOURCE_DIR
set -uo pipefail
cd "$1" || exit 2
command -v clang-format >/dev/null 2>&1 || { echo "clang-format not found: skipped"; exit 77; }
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null) || files=$(find engine genomes tasks apps tests bench fuzz python -name '*.cpp' -o -name '*.hpp')
if ! clang-format --dry-run -Werror $files; then
  echo "format: run clang-format -i on the files above"
  exit 1
fi
echo "format: $(echo "$files" | wc -w) files as .clang-format lays them out"
