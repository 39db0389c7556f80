#!/usr/bin/env bash
# Re-captures the golden inputs of protobuf_test.cpp from the real kubectl.
#
# For each case below it runs kubectl against capturestub.py and keeps the one protobuf request
# body kubectl sent as <case>.pb. For `kubectl create ...` cases it also keeps what the same
# command prints with --dry-run=client -o json as <case>.json, the JSON form the decoded body must
# equal. Cases whose command has no dry-run (auth, debug, drain) keep a hand-written <case>.json.
#
# Usage: capture.sh [KUBECTL]   (default /usr/bin/kubectl)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
kubectl_binary="${1:-/usr/bin/kubectl}"
work="$(mktemp -d)"
stub_pid=""
cleanup() {
  if [[ -n "$stub_pid" ]]; then kill "$stub_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$work/bodies" "$work/objects"
# CronJobs and RBAC objects setting every field the decoder knows, to zero values and to distinct ones.
python3 "$here/makestubs.py" "$here/../../../../cluster/apiserver" "$work/objects"
python3 "$here/capturestub.py" "$port" "$work/bodies" "$work/objects" >"$work/stub.log" 2>&1 &
stub_pid=$!
for _ in $(seq 50); do
  if python3 -c "import socket; socket.create_connection(('127.0.0.1',$port))" 2>/dev/null; then break; fi
  sleep 0.1
done

# Inputs some commands read: a binary file (for binaryData) and a TLS pair (kubectl checks it).
printf 'line one\nline two\n' >"$work/settings.conf"
printf '\x00\x01\x02\xff\xfe' >"$work/blob.bin"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj /CN=web.example.com \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null

run_kubectl() {
  KUBECONFIG=/dev/null "$kubectl_binary" --server "http://127.0.0.1:$port" "$@"
}

# capture NAME DRYRUN(yes|no) ARGS...: keeps the single protobuf body kubectl sends.
capture() {
  local name="$1" dry_run="$2"
  shift 2
  rm -f "$work"/bodies/*
  run_kubectl "$@" >/dev/null 2>&1 || true
  local bodies=()
  for meta in "$work"/bodies/*.meta; do
    [[ -e "$meta" ]] || continue
    if grep -q 'application/vnd.kubernetes.protobuf' "$meta"; then bodies+=("${meta%.meta}.bin"); fi
  done
  if [[ ${#bodies[@]} -ne 1 ]]; then
    echo "capture $name: expected one protobuf body, got ${#bodies[@]}" >&2
    exit 1
  fi
  cp "${bodies[0]}" "$here/$name.pb"
  if [[ "$dry_run" == yes ]]; then
    # The flags go before any "--", after which kubectl passes words on as the container command.
    local flagged=() argument inserted=no
    for argument in "$@"; do
      if [[ "$argument" == "--" && "$inserted" == no ]]; then flagged+=(--dry-run=client -o json); inserted=yes; fi
      flagged+=("$argument")
    done
    if [[ "$inserted" == no ]]; then flagged+=(--dry-run=client -o json); fi
    run_kubectl "${flagged[@]}" >"$here/$name.json" 2>/dev/null
  fi
  echo "captured $name"
}

capture namespace yes create namespace team-a
capture namespace_labels yes create namespace team-b --save-config
capture deployment yes create deployment web --image=nginx:1.25 --replicas=3 --port=80
capture deployment_zero_replicas yes create deployment idle --image=nginx --replicas=0
capture deployment_two_images yes create deployment pair --image=nginx --image=busybox:1.36
capture deployment_command yes create deployment sleeper --image=busybox:1.36 --port=8080 -- sleep 3600
capture configmap yes create configmap app-config --from-literal=mode=prod --from-literal=level=3 \
  --from-file="$work/settings.conf" --from-file=blob="$work/blob.bin"
capture configmap_hash yes create configmap hashed --from-literal=a=b --append-hash
capture secret_generic yes create secret generic db --from-literal=user=admin --from-literal=password='s3cr=t' \
  --from-file=blob="$work/blob.bin"
capture secret_tls yes create secret tls web-tls --cert="$work/tls.crt" --key="$work/tls.key"
capture secret_docker_registry yes create secret docker-registry regcred --docker-server=registry.example.com \
  --docker-username=dev --docker-password=pass --docker-email=dev@example.com
capture service_clusterip yes create service clusterip api --tcp=80:8080 --tcp=443:8443
capture service_headless yes create service clusterip headless --clusterip=None
capture service_nodeport yes create service nodeport np --tcp=80:8080 --node-port=30080
capture service_loadbalancer yes create service loadbalancer lb --tcp=80:8080
capture service_externalname yes create service externalname ext --external-name=db.example.com --tcp=5432
capture serviceaccount yes create serviceaccount builder
capture job yes create job once --image=busybox -- echo hello
capture job_from_cronjob yes create job manual --from=cronjob/nightly
capture job_from_zeros yes create job zeros-copy --from=cronjob/zeros
capture job_from_values yes create job values-copy --from=cronjob/values
for kind in role clusterrole rolebinding clusterrolebinding; do
  for variant in zeros values; do
    capture "reconcile_${kind}_${variant}" yes auth reconcile -f "$work/objects/${kind}_${variant}.json"
  done
done
capture cronjob yes create cronjob nightly --image=busybox --schedule='0 2 * * *' --restart=OnFailure -- /bin/sh -c date
capture role yes create role reader --verb=get,list,watch --resource=pods,pods/log,deployments.apps --resource-name=web
capture clusterrole yes create clusterrole pod-reader --verb=get,list --resource=pods
capture clusterrole_aggregated yes create clusterrole monitoring --aggregation-rule=rbac.example.com/aggregate-to-monitoring=true
capture clusterrole_nonresource yes create clusterrole health --verb=get --non-resource-url=/healthz,/livez
capture rolebinding yes create rolebinding readers --role=reader --user=alice --group=devs --serviceaccount=default:builder
capture clusterrolebinding yes create clusterrolebinding viewers --clusterrole=view --user=bob --group=ops
capture quota yes create quota compute --hard=cpu=2,memory=4Gi,pods=10,requests.cpu=500m --scopes=NotTerminating
capture can_i_resource no auth can-i create deployments.apps -n dev
capture can_i_subresource no auth can-i get pods --subresource=log -n default
capture can_i_named no auth can-i delete pods/web-1 -n default
capture can_i_all_namespaces no auth can-i list secrets --all-namespaces
capture can_i_nonresource no auth can-i get /healthz
capture can_i_list no auth can-i --list -n dev
capture whoami no auth whoami
capture debug_copy no debug web-1 --image=busybox:1.36 --copy-to=web-1-debug --profile=general
capture debug_node no debug node/node1 --image=busybox:1.36 --profile=general
capture drain_delete_options no drain node1 --ignore-daemonsets --disable-eviction --grace-period=15 --timeout=5s
