#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs what is missing,
# builds, runs every test, then builds again with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs the suite once more under them.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh
jobs=$(nproc)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

# The debugger plugins are not built here: a sanitized library cannot be
# loaded into a debugger that was not built with the sanitizer runtime.
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DGOIFACE_SANITIZE=ON
cmake --build build-sanitize -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-sanitize --output-on-failure -j"$jobs"
