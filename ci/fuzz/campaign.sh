#!/usr/bin/env bash
# A fuzz campaign: every target of tests/fuzz for SECONDS (default 600) in the sanitizer build,
# corpora kept in build-asan/fuzz-corpus/<target> between campaigns, the unpacked
# ../shared/corpus manifests as extra seeds when present. Appends one line per target
# (executions, result) to build-asan/fuzz-campaign.log. Usage: ci/fuzz/campaign.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_TARGET=${1:-600}
shift || true
[ -d build-asan ] || GREENLIGHT_SANITIZE=1 bash ci/setup.sh
cmake --build build-asan >/dev/null
EXTRA=()
if [ -f ../shared/corpus/corpus.tar.xz ]; then
  mkdir -p build-asan/shared-corpus
  [ -d build-asan/shared-corpus/corpus ] || tar -xJf ../shared/corpus/corpus.tar.xz -C build-asan/shared-corpus
  EXTRA=(--extra-seeds build-asan/shared-corpus/corpus/manifests)
fi
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  for f in tests/fuzz/*_fuzzer.cpp; do t=$(basename "$f" _fuzzer.cpp); TARGETS+=("$t"); done
fi
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${TARGETS[@]}"; do
  # Artifacts per target: one target's crasher must not fail the next one's run.
  mkdir -p "build-asan/fuzz-corpus/$t" "build-asan/fuzz-artifacts/$t"
  seeds=("${EXTRA[@]}")
  # Only manifest-shaped targets get the real-repository manifests as seeds.
  case "$t" in document|overlay|rules) ;; *) seeds=() ;; esac
  line=$(python3 tests/fuzz/run_fuzzer.py --mode campaign --seconds "$SECONDS_PER_TARGET" \
           --keep "build-asan/fuzz-corpus/$t" --artifacts "build-asan/fuzz-artifacts/$t" "${seeds[@]}" \
           "build-asan/tests/${t}_fuzzer" "$t" | tail -1) || true
  echo "$(date -u +%FT%TZ) $line" | tee -a build-asan/fuzz-campaign.log
done
