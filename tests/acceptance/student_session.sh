#!/usr/bin/env bash
# Issue 5's acceptance: a 3-node cluster from `kubelabctl up` on the process runtime (every
# container a real process), driven the way a student drives one, with the real kubectl and curl.
# Each numbered step is the issue's; a failed check prints what kubectl showed and the script
# exits 1 after bringing the cluster down.
#
#   tests/acceptance/student_session.sh BIN_DIR     (BIN_DIR holds kubelabctl and the daemons)
set -uo pipefail

bin_dir=$(cd "${1:?usage: student_session.sh BIN_DIR}" && pwd)
work=$(mktemp -d /tmp/kubelab-session.XXXXXX)
state="$work/state"
export HOME="$work" KUBECONFIG="$state/kubeconfig"
kubectl=(/usr/bin/kubectl -n shop)
failures=0

kubelabctl() { "$bin_dir/kubelabctl" "$@" --state-dir "$state"; }
cleanup() {
  kubelabctl down --purge >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
pass() { printf '   ok: %s\n' "$*"; }
fail() {
  printf '   FAILED: %s\n' "$1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/      | /'
  failures=$((failures + 1))
}
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
  local description=$1
  shift
  local output
  if output=$("$@" 2>&1); then pass "$description"; else fail "$description" "$output"; fi
}
# eventually SECONDS DESCRIPTION COMMAND...: retries the command every half second.
eventually() {
  local seconds=$1 description=$2
  shift 2
  local deadline=$((SECONDS + seconds)) output
  while true; do
    if output=$("$@" 2>&1); then
      pass "$description"
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "$description (after ${seconds} s)" "$output"
      return 1
    fi
    sleep 0.5
  done
}
# equals EXPECTED COMMAND...: the command prints exactly EXPECTED.
equals() {
  local expected=$1
  shift
  local actual
  actual=$("$@" 2>&1)
  [ "$actual" = "$expected" ] || { echo "expected '$expected', got '$actual'"; return 1; }
}
count_running() { "${kubectl[@]}" get pods -l "$1" --field-selector=status.phase=Running --no-headers 2>/dev/null | wc -l; }
ready_count() { equals "$2" "${kubectl[@]}" get "$1" -o 'jsonpath={.status.readyReplicas}'; }
# distinct_pods URL N: asks N times; prints how many different pods answered.
distinct_pods() {
  for _ in $(seq "$2"); do curl -s --max-time 2 "$1" | sed -n 's/^pod: //p'; done | sort -u | grep -c .
}
more_than_one_pod_answers() { local n; n=$(distinct_pods "$1" 30); [ "$n" -gt 1 ] || { echo "$n pod(s) answered $1"; return 1; }; }
# No component (their command lines name the state directory) and no container (they run in
# sandboxes under it) is left.
no_cluster_process() {
  local left=0 process
  for process in /proc/[0-9]*; do
    if tr '\0' ' ' <"$process/cmdline" 2>/dev/null | grep -q -- "$state/" ||
      readlink "$process/cwd" 2>/dev/null | grep -q -- "^$state/"; then
      echo "left: ${process#/proc/} $(tr '\0' ' ' <"$process/cmdline" 2>/dev/null)"
      left=1
    fi
  done
  [ "$left" -eq 0 ]
}
# rescheduled_away_from NODE: 5 nginx replicas Ready, and no live (not terminating) pod on NODE.
rescheduled_away_from() {
  local ready live_on_node
  ready=$("${kubectl[@]}" get deployment nginx-deployment -o 'jsonpath={.status.readyReplicas}')
  live_on_node=$("${kubectl[@]}" get pods -l app=nginx \
    -o 'jsonpath={range .items[*]}{.spec.nodeName} {.metadata.deletionTimestamp}{"\n"}{end}' |
    awk -v node="$1" '$1 == node && NF == 1' | wc -l)
  [ "$ready" = 5 ] && [ "$live_on_node" -eq 0 ] || { echo "ready: $ready, live pods on $1: $live_on_node"; return 1; }
}
no_terminating_pods() {
  local terminating
  terminating=$("${kubectl[@]}" get pods -l "$1" -o 'jsonpath={range .items[*]}{.metadata.deletionTimestamp}{"\n"}{end}' | grep -c .)
  [ "$terminating" -eq 0 ] || { "${kubectl[@]}" get pods -l "$1" -o wide; return 1; }
}
refused_by_quota() {
  local output
  if output=$("${kubectl[@]}" run extra --image=nginx:1.25 2>&1); then echo "created: $output"; return 1; fi
  echo "$output"
  grep -q 'exceeded quota: pods' <<<"$output"
}
image_tag_served() { curl -s -D - -o /dev/null --max-time 2 "$1" | grep -qi "^X-Image-Tag: $2"; }

step "0. kubelabctl up --nodes 3 (process runtime)"
started=$SECONDS
if ! up=$(kubelabctl up --nodes 3 --runtime process 2>&1); then
  fail "kubelabctl up" "$up"
  exit 1
fi
pass "up in $((SECONDS - started)) s"
check "3 nodes Ready" equals 3 sh -c "/usr/bin/kubectl get nodes --no-headers | grep -c ' Ready '"
/usr/bin/kubectl create namespace shop >/dev/null

step "1. the seed note's nginx Deployment, 3 replicas; rollout status"
"${kubectl[@]}" apply -f - >/dev/null <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
EOF
check "rollout status" "${kubectl[@]}" rollout status deployment/nginx-deployment --timeout=60s
check "3 pods Running" equals 3 count_running app=nginx

step "2. exposed as NodePort and LoadBalancer; more than one pod answers each"
"${kubectl[@]}" expose deployment nginx-deployment --name=nginx-nodeport --type=NodePort --port=80 >/dev/null
"${kubectl[@]}" expose deployment nginx-deployment --name=nginx-lb --type=LoadBalancer --port=80 >/dev/null
node_port=$("${kubectl[@]}" get service nginx-nodeport -o 'jsonpath={.spec.ports[0].nodePort}')
eventually 20 "LoadBalancer has an address" sh -c \
  "/usr/bin/kubectl -n shop get service nginx-lb -o 'jsonpath={.status.loadBalancer.ingress[0].ip}' | grep -q ."
lb_ip=$("${kubectl[@]}" get service nginx-lb -o 'jsonpath={.status.loadBalancer.ingress[0].ip}')
eventually 10 "NodePort http://127.10.1.1:$node_port/ reaches several pods" more_than_one_pod_answers \
  "http://127.10.1.1:$node_port/"
eventually 10 "LoadBalancer http://$lb_ip/ reaches several pods" more_than_one_pod_answers "http://$lb_ip/"

step "3. scale to 5"
"${kubectl[@]}" scale deployment/nginx-deployment --replicas=5 >/dev/null
eventually 30 "5 ready replicas" ready_count deployment/nginx-deployment 5

step "4. set image: two ReplicaSets hand over; then rollout undo"
"${kubectl[@]}" set image deployment/nginx-deployment nginx=nginx:1.16.1 >/dev/null
check "rollout to 1.16.1" "${kubectl[@]}" rollout status deployment/nginx-deployment --timeout=60s
check "two ReplicaSets, the new one with 5 pods and the old with 0" sh -c \
  "/usr/bin/kubectl -n shop get rs -l app=nginx -o 'jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}={.status.replicas}{\"\\n\"}{end}' | sort | tr '\\n' ' ' | grep -qx 'nginx:1.14.2=0 nginx:1.16.1=5 '"
eventually 10 "the Service serves 1.16.1" image_tag_served "http://$lb_ip/" 1.16.1
check "ScalingReplicaSet events" sh -c "/usr/bin/kubectl -n shop get events | grep -q ScalingReplicaSet"
"${kubectl[@]}" rollout undo deployment/nginx-deployment >/dev/null
check "undo rolls back" "${kubectl[@]}" rollout status deployment/nginx-deployment --timeout=60s
check "the template is 1.14.2 again" equals nginx:1.14.2 "${kubectl[@]}" get deployment nginx-deployment \
  -o 'jsonpath={.spec.template.spec.containers[0].image}'
eventually 10 "the Service serves 1.14.2 again" image_tag_served "http://$lb_ip/" 1.14.2

step "5. a deleted pod is replaced"
victim=$("${kubectl[@]}" get pods -l app=nginx -o 'jsonpath={.items[0].metadata.name}')
"${kubectl[@]}" delete pod "$victim" --wait=false >/dev/null
eventually 30 "$victim replaced, 5 Running" sh -c \
  "! /usr/bin/kubectl -n shop get pods -l app=nginx | grep -q $victim && [ \$(/usr/bin/kubectl -n shop get pods -l app=nginx --field-selector=status.phase=Running --no-headers | wc -l) -eq 5 ]"

step "6. a busybox Job; its logs"
"${kubectl[@]}" apply -f - >/dev/null <<'EOF'
apiVersion: batch/v1
kind: Job
metadata: {name: countdown}
spec:
  template:
    spec:
      containers:
      - name: countdown
        image: busybox:1.36
        command: [sh, -c, "for i in 3 2 1; do echo $i; done; echo liftoff"]
      restartPolicy: Never
  backoffLimit: 2
EOF
check "the Job completes" "${kubectl[@]}" wait --for=condition=complete job/countdown --timeout=60s
check "kubectl logs job/countdown" sh -c "/usr/bin/kubectl -n shop logs job/countdown | tr '\\n' ' ' | grep -qx '3 2 1 liftoff '"

step "7. a DaemonSet: one pod per node; after node add, one more"
"${kubectl[@]}" apply -f - >/dev/null <<'EOF'
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-logger}
spec:
  selector: {matchLabels: {app: node-logger}}
  template:
    metadata: {labels: {app: node-logger}}
    spec:
      containers: [{name: logger, image: kubelab/logger:1}]
EOF
check "rollout status" "${kubectl[@]}" rollout status daemonset/node-logger --timeout=60s
check "3 logger pods Running" equals 3 count_running app=node-logger
check "kubelabctl node add" kubelabctl node add
eventually 30 "4 nodes Ready" equals 4 sh -c "/usr/bin/kubectl get nodes --no-headers | grep -c ' Ready '"
eventually 30 "4 logger pods Running" equals 4 count_running app=node-logger

step "8. a StatefulSet: pods in order, each with its claim"
"${kubectl[@]}" apply -f - >/dev/null <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kv}
spec:
  serviceName: kv
  replicas: 2
  selector: {matchLabels: {app: kv}}
  template:
    metadata: {labels: {app: kv}}
    spec:
      containers: [{name: kv, image: kubelab/kv:1, volumeMounts: [{name: data, mountPath: /data}]}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
EOF
check "rollout status" "${kubectl[@]}" rollout status statefulset/kv --timeout=90s
check "claims data-kv-0 and data-kv-1 Bound" equals "Bound Bound" "${kubectl[@]}" get pvc data-kv-0 data-kv-1 \
  -o 'jsonpath={.items[0].status.phase} {.items[1].status.phase}'
kv0=$("${kubectl[@]}" get pod kv-0 -o 'jsonpath={.status.conditions[?(@.type=="Ready")].lastTransitionTime}')
kv1=$("${kubectl[@]}" get pod kv-1 -o 'jsonpath={.status.startTime}')
check "kv-1 started after kv-0 was Ready ($kv0 <= $kv1)" test ! "$kv1" \< "$kv0"

step "9. a quota rejects the extra pod"
running=$("${kubectl[@]}" get pods --field-selector=status.phase=Running --no-headers | wc -l)
"${kubectl[@]}" create quota pods --hard="pods=$running" >/dev/null
eventually 10 "quota counts $running pods" sh -c "/usr/bin/kubectl -n shop get quota pods -o 'jsonpath={.status.used.pods}' | grep -qx $running"
check "the extra pod is refused: exceeded quota" refused_by_quota
"${kubectl[@]}" delete quota pods >/dev/null

step "10. kill a node; its pods are rescheduled"
victim_node=$("${kubectl[@]}" get pods -l app=nginx -o 'jsonpath={.items[0].spec.nodeName}')
before=$("${kubectl[@]}" get pods -l app=nginx -o "jsonpath={range .items[?(@.spec.nodeName==\"$victim_node\")]}{.metadata.name} {end}")
check "kubelabctl kill node $victim_node" kubelabctl kill node "$victim_node"
eventually 30 "$victim_node NotReady" sh -c "/usr/bin/kubectl get node $victim_node --no-headers | grep -q NotReady"
# As in Kubernetes, the evicted pods stay Terminating while their node cannot confirm it.
eventually 60 "5 nginx pods Ready again, none of them on $victim_node (there were: $before)" \
  rescheduled_away_from "$victim_node"
check "kubelabctl start node $victim_node" kubelabctl start node "$victim_node"
eventually 60 "back, $victim_node finishes the evicted pods" no_terminating_pods app=nginx

step "11. down, then up: everything is there again"
check "kubelabctl down" kubelabctl down
check "no process of the cluster is left" no_cluster_process
check "kubelabctl up" kubelabctl up
eventually 60 "the Deployment has 5 ready replicas" ready_count deployment/nginx-deployment 5
eventually 60 "the StatefulSet has 2 ready replicas" ready_count statefulset/kv 2
check "the Job is still Complete" sh -c "/usr/bin/kubectl -n shop get job countdown | grep -q Complete"
eventually 20 "the LoadBalancer answers again" more_than_one_pod_answers "http://$lb_ip/"

printf '\n%s\n' "$([ "$failures" -eq 0 ] && echo "all steps passed" || echo "$failures check(s) failed")"
[ "$failures" -eq 0 ]
