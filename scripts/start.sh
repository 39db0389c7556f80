#!/usr/bin/env bash
# Sets up and starts KubeLab: installs what is missing, builds, and brings up the embedded
# cluster. Extra arguments go to `kubelabctl up` (for example --nodes 3).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh
exec build/bin/kubelabctl up "$@"
