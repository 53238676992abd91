#!/usr/bin/env bash
# Stops the control plane recorded in the state dir ($K8S_MCP_CLUSTER_DIR or <repo>/.cluster):
# recorded PIDs only, in reverse start order (TERM, wait, KILL), then removes the cluster's files.
# Idempotent. Never kills by name.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

dir="${K8S_MCP_CLUSTER_DIR:-$REPO_ROOT/.cluster}"
if [[ ! -d "$dir" ]]; then
  log "nothing to stop ($dir does not exist)"
  exit 0
fi
STATE="$(cd "$dir" && pwd)"

exec 9>"$STATE/.lock"
flock -w 300 9 || { log "timed out waiting for the lock on $STATE"; exit 1; }

stop_recorded "$STATE"
clear_state "$STATE"
rm -f "$STATE/.lock"
rmdir "$STATE" 2>/dev/null || true
log "cluster stopped (state dir $STATE)"
