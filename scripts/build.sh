#!/usr/bin/env bash
# Installs what is missing, then configures and builds everything into build/ (executables in build/bin/).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-dependencies.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# Two cores on our machines and CI's: never more than two jobs.
ninja -C build -j2
# Building replaces the programs, and with them their capability: grant it again.
scripts/allow-low-ports.sh
