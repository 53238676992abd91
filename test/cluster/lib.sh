# Shared helpers for up.sh / down.sh (sourced, not executed).
# shellcheck shell=bash

CLUSTER_SH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CLUSTER_SH_DIR/../.." && pwd)"
# Components in start order; they are stopped in reverse order.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

# State dir of the cluster: $K8S_MCP_CLUSTER_DIR or <repo>/.cluster (made absolute).
state_dir() {
  local d="${K8S_MCP_CLUSTER_DIR:-$REPO_ROOT/.cluster}"
  mkdir -p "$d"
  (cd "$d" && pwd)
}

# Go 1.26 lives in /usr/local/go/bin on the project's machines; it may not be on PATH.
ensure_go_on_path() {
  if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
    export PATH="$PATH:/usr/local/go/bin"
  fi
}

log() { printf '[cluster] %s\n' "$*" >&2; }

# wait_for <seconds> <command...>: retry every 0.25 s until the command succeeds.
wait_for() {
  local timeout=$1
  shift
  local end=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS >= end)) && return 1
    sleep 0.25
  done
}

# pid_alive <pid>: true if the process exists and is not a zombie.
pid_alive() {
  local pid=$1 state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || return 1
  [[ "$state" != Z ]]
}

# pid_is <pid> <component>: the PID still runs that component's binary (guards against PID reuse
# after a reboot or a crash: a recorded PID is only signalled if it is still ours).
pid_is() {
  local exe
  exe=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
  [[ "$(basename "${exe% (deleted)}")" == "$2" ]]
}

# Ports in use (any state, any address) according to /proc/net/tcp{,6}, one decimal per line.
used_ports() {
  local f
  for f in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $f ]] || continue
    awk 'NR > 1 { split($2, a, ":"); print a[2] }' "$f"
  done | while read -r hex; do echo $((16#$hex)); done | sort -un
}

# free_ports <n>: print n distinct free TCP ports below the ephemeral range (20000-32767).
free_ports() {
  local n=$1 used picked=() p tries=0
  used=" $(used_ports | tr '\n' ' ') "
  while ((${#picked[@]} < n)); do
    ((tries++ > 10000)) && { echo "no free ports found" >&2; return 1; }
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
    [[ "$used" == *" $p "* ]] && continue
    [[ " ${picked[*]} " == *" $p "* ]] && continue
    # Nothing may be listening there on loopback either (belt and braces).
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then continue; fi
    picked+=("$p")
  done
  echo "${picked[@]}"
}

# stop_pid <pid> [name]: TERM, wait up to 10 s, then KILL. Only ever called with recorded PIDs.
stop_pid() {
  local pid=$1 name=${2:-process} i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  log "$name (pid $pid) did not stop after TERM; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
}

# stop_recorded <state dir> [ours]: stop every recorded component PID in reverse start order.
# Without "ours", a PID is only signalled if it still runs the component's binary.
stop_recorded() {
  local dir=$1 ours=${2:-} i c pid stopped=()
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
    c=${COMPONENTS[i]}
    [[ -f "$dir/pids/$c.pid" ]] || continue
    pid=$(cat "$dir/pids/$c.pid" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && { [[ "$ours" == ours ]] || pid_is "$pid" "$c"; }; then
      stop_pid "$pid" "$c"
      stopped+=("$pid")
    fi
    rm -f "$dir/pids/$c.pid"
  done
  # The components were orphaned when up.sh exited, so init reaps them; some inits (e.g. in
  # sandboxes) do that only every second or two. Wait up to 10 s so no zombie PID lingers.
  local end=$((SECONDS + 10)) any
  while :; do
    any=0
    for pid in "${stopped[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then any=1; fi
    done
    if ((any == 0 || SECONDS >= end)); then break; fi
    sleep 0.2
  done
}

# Everything up.sh writes into a state dir. Only these are ever removed (the state dir may hold
# other things, e.g. <repo>/.cluster/test is the state dir of the jest-owned cluster).
STATE_ENTRIES=(pids logs pki etcd apiserver-certs kubeconfig ports.env kwok.yaml pod.log)

clear_state() {
  local dir=$1 e
  for e in "${STATE_ENTRIES[@]}"; do rm -rf "${dir:?}/$e"; done
}

# cluster_ready <state dir>: every recorded PID alive and the apiserver's /readyz says ok.
cluster_ready() {
  local dir=$1 c pid port
  [[ -f "$dir/kubeconfig" && -f "$dir/ports.env" && -f "$dir/pki/ca.crt" ]] || return 1
  for c in "${COMPONENTS[@]}"; do
    pid=$(cat "$dir/pids/$c.pid" 2>/dev/null) || return 1
    pid_alive "$pid" && pid_is "$pid" "$c" || return 1
  done
  port=$(sed -n 's/^APISERVER_PORT=//p' "$dir/ports.env")
  [[ "$(curl -fsS --max-time 5 --cacert "$dir/pki/ca.crt" "https://127.0.0.1:$port/readyz" 2>/dev/null)" == ok ]]
}

# apiserver_args <state dir> <etcd port> <apiserver port>: sets APISERVER_ARGS, kube-apiserver's
# command line. One definition for up.sh and restart-apiserver.sh, so a restart is the same server.
# configmaps#0 (see up.sh): ConfigMap watches are served by etcd itself.
apiserver_args() {
  local dir=$1 etcd_port=$2 port=$3 pki="$1/pki"
  APISERVER_ARGS=(
    --etcd-servers="http://127.0.0.1:$etcd_port"
    --bind-address=127.0.0.1 --secure-port="$port"
    --advertise-address=127.0.0.1 --endpoint-reconciler-type=none
    --tls-cert-file="$pki/serving.crt" --tls-private-key-file="$pki/serving.key"
    --client-ca-file="$pki/ca.crt"
    --kubelet-client-certificate="$pki/admin.crt" --kubelet-client-key="$pki/admin.key"
    --proxy-client-cert-file="$pki/admin.crt" --proxy-client-key-file="$pki/admin.key"
    --service-account-issuer=https://kubernetes.default.svc.cluster.local
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key"
    --service-cluster-ip-range=10.96.0.0/16
    --authorization-mode=RBAC --allow-privileged=true
    --watch-cache-sizes=configmaps#0
    --cert-dir="$dir/apiserver-certs" --profiling=false --v=1
  )
}
