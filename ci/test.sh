#!/usr/bin/env bash
# The README's second command: set up, build with warnings as errors, and run every test
# (unit, golden and end-to-end) through ctest, then the sanitizer build's tests and fuzz pass
# (GREENLIGHT_SANITIZERS=0 skips the latter).
# .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
GREENLIGHT_WERROR=ON bash ci/setup.sh
export PATH="$PWD/.tools/bin:$PATH"  # helm, when set-up installed it there
(cd build && ctest --output-on-failure -j "$(nproc)" --timeout 900)

# Then the ASan + UBSan build (clang, build-asan/): unit and golden tests and a short fuzz pass of
# every target (crashers replayed first). The Python end-to-end tests (e2e.*) and the two checks of
# the repository's text (layering, json_dump_safety) run above only, and so do the two
# million-document limit tests: they test a count, and under ASan each takes minutes of allocator
# work. On by default; GREENLIGHT_SANITIZERS=0 leaves it out (README, "Limits, fuzzing and
# sanitizers", gives its measured cost on 2 cores).
if [ "${GREENLIGHT_SANITIZERS:-1}" != 0 ]; then
  GREENLIGHT_SANITIZE=1 bash ci/setup.sh
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-asan && ctest --output-on-failure -j "$(nproc)" --timeout 900 \
     -E '^e2e\.|^layering$|^json_dump_safety$|TooManyDocumentsStopsTheStream')
fi
