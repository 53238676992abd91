# Pinned versions of the local control plane (see docs/control-plane.md for why these).
K8S_VERSION=v1.36.3
K8S_MAJOR=1
K8S_MINOR=36
ETCD_VERSION=v3.6.14
KWOK_VERSION=v0.8.0
CP_HOME="${K8S_MCP_CP_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/k8s-mcp}"
CP_BIN="$CP_HOME/bin/$K8S_VERSION-etcd$ETCD_VERSION-kwok$KWOK_VERSION"
# helm for the chart tests (test/helm), built by build-helm.sh from test/cluster/go/helm.
HELM_VERSION=v3.22.0
HELM_BIN="$CP_HOME/bin/helm-$HELM_VERSION"
