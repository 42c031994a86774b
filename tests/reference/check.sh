#!/usr/bin/env bash
# CTest's algorithm1_reference_*: innate's trace, then the PyTorch transcription's replay.
# Usage: check.sh ALGORITHM1_TRACE OUT_DIR per_part|shared
# PyTorch comes from Debian's python3-torch (scripts/test installs it) or any python3 on
# PATH that has it; without one the test is skipped (77), unless INNATE_REQUIRE_REFERENCE=1.
set -euo pipefail
trace=$1 out=$2 adam=$3
here="$(cd "$(dirname "$0")" && pwd)"
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c "import torch, numpy" 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "check.sh: no python3 with torch and numpy (Debian: apt-get install python3-torch)"
  [ "${INNATE_REQUIRE_REFERENCE:-0}" = 1 ] && exit 1
  exit 77
fi
rm -rf "$out"
"$trace" "$out" --genome-adam "$adam"
exec "$python" "$here/algorithm1.py" check "$out"
