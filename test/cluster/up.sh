#!/usr/bin/env bash
# Starts a local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# kwok with $K8S_MCP_KWOK_NODES fake nodes, default 2) on 127.0.0.1; writes an admin kubeconfig to
# <state dir>/kubeconfig. State dir: $K8S_MCP_CLUSTER_DIR or <repo>/.cluster. Idempotent: a running, ready cluster in the
# state dir is reused. See docs/control-plane.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=versions.sh
. "$here/versions.sh"

started=$SECONDS
STATE="$(state_dir)"
# One up/down at a time per state dir (fd 9 is closed for the components, see start()).
exec 9>"$STATE/.lock"
flock -w 300 9 || { log "timed out waiting for the lock on $STATE"; exit 1; }

if cluster_ready "$STATE"; then
  log "cluster already running (state dir $STATE)"
  echo "$STATE/kubeconfig"
  exit 0
fi

# Leftovers of a previous (dead or half-started) cluster: stop what was recorded, start clean.
if [[ -d "$STATE/pids" ]]; then
  log "stale cluster state in $STATE: cleaning up"
  stop_recorded "$STATE"
fi
clear_state "$STATE"

for tool in openssl curl base64; do
  command -v "$tool" >/dev/null || { log "$tool is required"; exit 1; }
done

ensure_go_on_path
bash "$here/build.sh" >&2

PKI="$STATE/pki"
LOGS="$STATE/logs"
PIDS="$STATE/pids"
mkdir -p "$PKI" "$LOGS" "$PIDS"

current=""
on_exit() {
  local rc=$?
  if ((rc != 0)); then
    log "cluster start failed (exit $rc)${current:+ while starting $current}; tearing down"
    if [[ -n "$current" && -f "$LOGS/$current.log" ]]; then
      log "last lines of $LOGS/$current.log:"
      tail -n 40 "$LOGS/$current.log" >&2 || true
    fi
    stop_recorded "$STATE" ours
  fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- ports --------------------------------------------------------------------------------------
read -r ETCD_PORT ETCD_PEER_PORT APISERVER_PORT KCM_PORT SCHED_PORT KWOK_PORT < <(free_ports 6)
cat >"$STATE/ports.env" <<EOF
ETCD_PORT=$ETCD_PORT
ETCD_PEER_PORT=$ETCD_PEER_PORT
APISERVER_PORT=$APISERVER_PORT
KCM_PORT=$KCM_PORT
SCHED_PORT=$SCHED_PORT
KWOK_PORT=$KWOK_PORT
EOF
log "ports: etcd $ETCD_PORT/$ETCD_PEER_PORT, apiserver $APISERVER_PORT, kcm $KCM_PORT, scheduler $SCHED_PORT, kwok $KWOK_PORT"

# ---- PKI ----------------------------------------------------------------------------------------
# ECDSA P-256 keys like envtest's (RSA-2048 generation costs ~1 s per key on a busy 2-core machine).
# CA, apiserver serving cert (also kwok's), admin client cert (O=system:masters), SA key pair.
current=pki
EC=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
(
  cd "$PKI"
  exec >"$LOGS/pki.log" 2>&1
  openssl req -x509 "${EC[@]}" -nodes -sha256 -days 3650 -subj "/CN=k8s-mcp-test-ca" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -keyout ca.key -out ca.crt
  openssl req "${EC[@]}" -nodes -sha256 -subj "/CN=kube-apiserver" -keyout serving.key -out serving.csr
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" \
    "subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1" \
    >serving.ext
  openssl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -sha256 \
    -extfile serving.ext -out serving.crt
  openssl req "${EC[@]}" -nodes -sha256 -subj "/O=system:masters/CN=k8s-mcp-admin" \
    -keyout admin.key -out admin.csr
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=clientAuth" >admin.ext
  openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -sha256 \
    -extfile admin.ext -out admin.crt
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out sa.key
  openssl pkey -in sa.key -pubout -out sa.pub
  rm -f ./*.csr
)
chmod 600 "$PKI"/*.key
log "PKI generated after $((SECONDS - started))s"

API="https://127.0.0.1:$APISERVER_PORT"
KUBECONFIG_FILE="$STATE/kubeconfig"
umask_old=$(umask)
umask 077
cat >"$KUBECONFIG_FILE" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: k8s-mcp-local
  cluster:
    server: $API
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
users:
- name: k8s-mcp-admin
  user:
    client-certificate-data: $(base64 -w0 "$PKI/admin.crt")
    client-key-data: $(base64 -w0 "$PKI/admin.key")
contexts:
- name: k8s-mcp-local
  context: {cluster: k8s-mcp-local, user: k8s-mcp-admin, namespace: default}
current-context: k8s-mcp-local
EOF
umask "$umask_old"

CURL_ADMIN=(curl -fsS --max-time 10 -A k8s-mcp-up --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key")

# start <name> <args...>: run a component detached (own session, stdio to its log), record PID.
start() {
  local name=$1
  shift
  current=$name
  log "starting $name"
  setsid "$@" </dev/null >"$LOGS/$name.log" 2>&1 9>&- &
  echo $! >"$PIDS/$name.pid"
}

# alive_and <name> <command...>: fail fast when the component died, else run the check.
alive_and() {
  local name=$1
  shift
  pid_alive "$(cat "$PIDS/$name.pid")" || return 2
  "$@"
}

# wait_ready <name> <seconds> <command...>: wait for the check, failing fast if <name> died.
# $WHAT (default <name> ready) names the condition in messages.
wait_ready() {
  local name=$1 timeout=$2 end what=${WHAT:-"$1 ready"}
  shift 2
  end=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ! pid_alive "$(cat "$PIDS/$name.pid")"; then
      log "$name exited during startup"
      return 1
    fi
    if ((SECONDS >= end)); then
      log "timed out after ${timeout}s waiting for: $what"
      return 1
    fi
    sleep 0.25
  done
  log "$what after $((SECONDS - started))s"
}

# ---- etcd ---------------------------------------------------------------------------------------
start etcd "$CP_BIN/etcd" --name=node0 --data-dir="$STATE/etcd" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="node0=http://127.0.0.1:$ETCD_PEER_PORT" \
  --unsafe-no-fsync=true --auto-compaction-retention=1 --quota-backend-bytes=2147483648 \
  --log-level=warn
wait_ready etcd 30 curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_PORT/health"

# ---- kube-apiserver -----------------------------------------------------------------------------
# The command line is apiserver_args in lib.sh (restart-apiserver.sh starts the same server).
# configmaps#0: ConfigMap watches are served by etcd itself, so compacting etcd really expires an
# old resourceVersion (410 Gone) — the sync relist e2e needs that real trigger. A fresh watch cache
# would instead answer an old resourceVersion with the current state until it evicts events.
apiserver_args "$STATE" "$ETCD_PORT" "$APISERVER_PORT"
start kube-apiserver "$CP_BIN/kube-apiserver" "${APISERVER_ARGS[@]}"
wait_ready kube-apiserver 120 bash -c '[[ "$(curl -fsS --max-time 5 --cacert "$1" "$2/readyz")" == ok ]]' _ "$PKI/ca.crt" "$API"

# The client-go defaults (20 QPS for the controller manager, 50 for the scheduler) would make the
# benchmark's 10,000 pods take minutes to appear; nothing here competes for the API server.
CLIENT_RATE=(--kube-api-qps=300 --kube-api-burst=600)

# ---- kube-controller-manager --------------------------------------------------------------------
start kube-controller-manager "$CP_BIN/kube-controller-manager" --kubeconfig="$KUBECONFIG_FILE" \
  --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --leader-elect=false \
  --root-ca-file="$PKI/ca.crt" --service-account-private-key-file="$PKI/sa.key" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics \
  --node-monitor-period=5s --node-monitor-grace-period=40s --profiling=false --v=1 \
  "${CLIENT_RATE[@]}" --concurrent-replicaset-syncs=10 --concurrent-deployment-syncs=10
wait_ready kube-controller-manager 60 curl -fsSk --max-time 2 "https://127.0.0.1:$KCM_PORT/healthz"

# ---- kube-scheduler -----------------------------------------------------------------------------
start kube-scheduler "$CP_BIN/kube-scheduler" --kubeconfig="$KUBECONFIG_FILE" \
  --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --leader-elect=false \
  --authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics --profiling=false --v=1 \
  "${CLIENT_RATE[@]}"
wait_ready kube-scheduler 60 curl -fsSk --max-time 2 "https://127.0.0.1:$SCHED_PORT/healthz"

# ---- kwok ---------------------------------------------------------------------------------------
# kwok v0.8.0 has no built-in stages: assemble them from the stage YAMLs copied by build.sh.
STAGES="$CP_BIN/kwok-stages"
# A small CRI-format log served for every container of every pod (kwok ClusterLogs).
POD_LOG="$STATE/pod.log"
now=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
for i in 1 2 3 4 5; do
  printf '%s stdout F k8s-mcp fake container log line %d\n' "$now" "$i"
done >"$POD_LOG"
{
  for f in node/fast/node-initialize.yaml \
    node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml \
    pod/chaos/pod-container-running-failed.yaml; do
    [[ -f "$STAGES/$f" ]] || { log "missing kwok stage $STAGES/$f (rerun build.sh)"; exit 1; }
    echo '---'
    cat "$STAGES/$f"
  done
  # Project stages (opt-in by pod label, e.g. simulated failures for the demo), if any.
  for f in "$here"/kwok-stages/*.yaml; do
    [[ -f "$f" ]] || continue
    echo '---'
    cat "$f"
  done
  cat <<EOF
---
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  # Same reason as CLIENT_RATE: kwok's client-side rate limit would pace status updates of
  # thousands of pods. A KwokConfiguration replaces kwok's defaults, so the ones this cluster
  # relies on (as of v0.8: the parallelisms, the kubelet endpoints that serve logs) are restated.
  disableQPSLimits: true
  enableDebuggingHandlers: true
  enablePodsOnNodeSyncListPager: true
  nodeLeaseParallelism: 4
  nodePlayStageParallelism: 4
  podPlayStageParallelism: 4
  podsOnNodeSyncParallelism: 4
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: k8s-mcp-all-pods
spec:
  logs:
  - logsFile: $POD_LOG
    previousLogsFile: $POD_LOG
EOF
} >"$STATE/kwok.yaml"

start kwok "$CP_BIN/kwok" --kubeconfig="$KUBECONFIG_FILE" --config="$STATE/kwok.yaml" \
  --manage-all-nodes=true \
  --node-name=localhost --node-port="$KWOK_PORT" --server-address="127.0.0.1:$KWOK_PORT" \
  --tls-cert-file="$PKI/serving.crt" --tls-private-key-file="$PKI/serving.key" \
  --node-lease-duration-seconds=40 --cidr=10.244.0.0/16
wait_ready kwok 30 curl -fsS --max-time 2 "http://127.0.0.1:$KWOK_PORT/healthz"

# ---- bootstrap ----------------------------------------------------------------------------------
current=kube-controller-manager
WHAT="default ServiceAccount" wait_ready kube-controller-manager 60 "${CURL_ADMIN[@]}" "$API/api/v1/namespaces/default/serviceaccounts/default"

current=kwok
# Room for 2000 pods a node: the benchmark's 1,000 pods must not crowd out the e2e suites.
NODES=${K8S_MCP_KWOK_NODES:-2}
[[ "$NODES" =~ ^[1-9][0-9]*$ ]] || { log "K8S_MCP_KWOK_NODES=$NODES: expected a positive integer"; exit 1; }
for ((i = 0; i < NODES; i++)); do
  node_json=$(
    cat <<EOF
{"apiVersion":"v1","kind":"Node","metadata":{"name":"kwok-node-$i",
 "labels":{"kubernetes.io/hostname":"kwok-node-$i","kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","type":"kwok"},
 "annotations":{"kwok.x-k8s.io/node":"fake","node.alpha.kubernetes.io/ttl":"0"}},
 "status":{"capacity":{"cpu":"32","memory":"256Gi","pods":"2000"},
           "allocatable":{"cpu":"32","memory":"256Gi","pods":"2000"}}}
EOF
  )
  "${CURL_ADMIN[@]}" -o /dev/null -X POST -H 'Content-Type: application/json' \
    --data-binary "$node_json" "$API/api/v1/nodes"
done
node_ready() {
  "${CURL_ADMIN[@]}" -H 'Accept: application/json' "$API/api/v1/nodes/$1" | grep -q '"type":"Ready","status":"True"'
}
for ((i = 0; i < NODES; i++)); do
  WHAT="node kwok-node-$i Ready" wait_ready kwok 60 node_ready "kwok-node-$i"
done

current=""
trap - EXIT
log "cluster up in $((SECONDS - started)) s (state dir $STATE)"
echo "$KUBECONFIG_FILE"
