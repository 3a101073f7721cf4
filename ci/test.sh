#!/usr/bin/env bash
# The README's second command: set up, build with warnings as errors, and run every test
# (unit, golden and end-to-end) through ctest. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
GREENLIGHT_WERROR=ON bash ci/setup.sh
export PATH="$PWD/.tools/bin:$PATH"  # helm, when set-up installed it there
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900
