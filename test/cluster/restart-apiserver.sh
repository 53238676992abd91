#!/usr/bin/env bash
# Starts kube-apiserver again in a running cluster's state dir ($K8S_MCP_CLUSTER_DIR or
# <repo>/.cluster) with the command line up.sh used (apiserver_args in lib.sh), after it died or was
# killed (the sync e2e kills it mid-watch). A no-op when the recorded kube-apiserver still runs.
# Waits for /readyz. The other components are left alone: they reconnect by themselves.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=versions.sh
. "$here/versions.sh"

dir="${K8S_MCP_CLUSTER_DIR:-$REPO_ROOT/.cluster}"
[[ -f "$dir/ports.env" && -d "$dir/pids" ]] || { log "no cluster state in $dir"; exit 1; }
STATE="$(cd "$dir" && pwd)"
exec 9>"$STATE/.lock"
flock -w 300 9 || { log "timed out waiting for the lock on $STATE"; exit 1; }

# shellcheck disable=SC1091
. "$STATE/ports.env"
pidfile="$STATE/pids/kube-apiserver.pid"
pid=$(cat "$pidfile" 2>/dev/null || true)
if [[ -n "$pid" ]] && pid_alive "$pid" && pid_is "$pid" kube-apiserver; then
  log "kube-apiserver already running (pid $pid)"
else
  apiserver_args "$STATE" "$ETCD_PORT" "$APISERVER_PORT"
  setsid "$CP_BIN/kube-apiserver" "${APISERVER_ARGS[@]}" </dev/null >>"$STATE/logs/kube-apiserver.log" 2>&1 9>&- &
  echo $! >"$pidfile"
  log "kube-apiserver restarted (pid $!)"
fi
ready() {
  [[ "$(curl -fsS --max-time 5 --cacert "$STATE/pki/ca.crt" "https://127.0.0.1:$APISERVER_PORT/readyz" 2>/dev/null)" == ok ]]
}
if ! wait_for 120 ready; then
  log "kube-apiserver not ready after 120 s; see $STATE/logs/kube-apiserver.log"
  exit 1
fi
log "kube-apiserver ready"
