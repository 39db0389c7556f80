#!/usr/bin/env bash
# Sets up and runs every test: installs what is missing, builds, then runs the whole CTest suite
# (unit tests, and integration tests that start real processes against real etcd and kubelab-store).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh
ctest --test-dir build --output-on-failure --timeout 900 "$@"
