#!/usr/bin/env bash
# Builds goiface (installing what is missing) and runs it on a bundled
# fixture: a core file of a Go 1.26 program and its executable.  Pass a
# command to run instead of the default ones, e.g.
#   scripts/example.sh print main.gSErrTypedNil --json
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

rec=build/fixtures/recordings/go1.26/ifaces/default
goiface() { build/plugin/cli/goiface --exe "$rec/exe" --core "$rec/core" "$@"; }

if [ $# -gt 0 ]; then
  goiface "$@"
  exit
fi
set -x
goiface version
goiface print main.gSErrTypedNil
goiface print main.gSEmbedded
goiface itabs | head -n 12
