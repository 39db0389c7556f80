#!/usr/bin/env bash
# Lets an ordinary user's cluster serve ports below 1024 (nginx's containerPort 80, a Service on
# port 80): gives the two programs that bind them, kubelab-workload (containers) and
# kubelab-proxy (Services), the capability cap_net_bind_service and nothing else. Needs root or
# sudo without a password; otherwise it says how, and the rest of KubeLab works without it.
set -euo pipefail
cd "$(dirname "$0")/.."

programs=(build/bin/kubelab-workload build/bin/kubelab-proxy)
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "note: ports below 1024 need: sudo setcap cap_net_bind_service=+ep ${programs[*]}"
  exit 0
fi
for program in "${programs[@]}"; do
  if ! getcap "$program" | grep -q cap_net_bind_service; then
    "${as_root[@]}" setcap cap_net_bind_service=+ep "$program" ||
      echo "note: could not give $program cap_net_bind_service; ports below 1024 need root"
  fi
done
