#!/usr/bin/env bash
# Sets up and runs every test: installs what is missing, builds, then runs the whole CTest suite
# (unit tests, and integration tests that start real processes against real etcd and kubelab-store).
# Every test must stop what it started: a process of this build still running afterwards that
# was not running before fails the run (and is stopped), so leaked clusters are caught in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh

programs="^$(pwd -P)/build/bin/"
running_before=$(pgrep -f "$programs" | sort || true)
status=0
ctest --test-dir build --output-on-failure --timeout 900 "$@" || status=$?

sleep 2  # a cluster stopped by the last test may still be on its way out
left_running=$(comm -13 <(echo "$running_before") <(pgrep -f "$programs" | sort || true) | grep . || true)
if [[ -n $left_running ]]; then
  echo "The tests left these processes running:" >&2
  for pid in $left_running; do ps -o pid=,args= -p "$pid" >&2 || true; done
  kill $left_running 2>/dev/null || true
  status=1
fi
exit "$status"
