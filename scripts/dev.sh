#!/usr/bin/env bash
# `npm run dev`: tsc in watch mode plus a server restarted by node --watch on every rebuild.
# Arguments are passed to the server, e.g. `npm run dev -- --kubeconfig .cluster/kubeconfig`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tsc -p tsconfig.build.json
tsc -p tsconfig.build.json --watch --preserveWatchOutput &
watcher=$!
trap 'kill "$watcher" 2>/dev/null || true' EXIT INT TERM
node --watch-path=dist dist/main.js "$@"
