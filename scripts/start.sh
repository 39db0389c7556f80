#!/usr/bin/env bash
# Sets up and starts KubeLab: installs what is missing, builds, and opens the desktop app, which
# starts (or resumes) its embedded 3-node cluster. Extra arguments go to `kubelab`. Without a
# display it brings the cluster up through `kubelabctl up --nodes 3` instead, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -n "${QT_QPA_PLATFORM:-}" ]; then
  exec build/bin/kubelab "$@"
fi
echo "No display: starting the embedded cluster without the app (build/bin/kubelabctl up --name kubelab --nodes 3)."
exec build/bin/kubelabctl up --name kubelab --nodes 3
