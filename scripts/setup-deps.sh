#!/usr/bin/env bash
# Installs the Debian packages goiface needs to build and test, when missing.
# Usage: scripts/setup-deps.sh [--with-toolchains]
#   --with-toolchains  also the Go toolchains the fixture recorder uses (not needed to test).
set -euo pipefail

need=(cmake gcc g++ make pkg-config python3 libelf-dev libdwarf-dev libcmocka-dev zlib1g-dev libzstd-dev zstd
      python3.11-dev python3-dev gdb lldb-16 liblldb-16-dev python3-lldb-16)
if [ "${1:-}" = "--with-toolchains" ]; then
  need+=(golang-1.19-go delve hyperfine)
fi

missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
