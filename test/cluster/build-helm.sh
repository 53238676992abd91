#!/usr/bin/env bash
# Builds helm from its Go module (pinned in test/cluster/go/helm) into a per-version cache outside
# the repo, beside the control-plane binaries. Idempotent: a stamp file skips the build when the
# binary of this pin is already there. Prints nothing but progress; the binary is $HELM_BIN/helm.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
. "$here/versions.sh"

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-modcacherw

stamp="$HELM_BIN/.stamp"
want="helm=$HELM_VERSION"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$HELM_BIN/helm" ]]; then
  echo "helm cached in $HELM_BIN"
  exit 0
fi

if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="$PATH:/usr/local/go/bin"
fi
command -v go >/dev/null || { echo "go is required to build helm (Go 1.26)" >&2; exit 1; }
mkdir -p "$HELM_BIN"
rm -f "$stamp"
start=$SECONDS

# The same version stamps as helm's Makefile: `helm version` and the Kubernetes version that
# `helm lint`/`helm template` assume (capabilities) follow the client-go the module was built with.
cd "$here/go/helm"
kv="$(go list -mod=mod -f '{{.Version}}' -m k8s.io/client-go)" # v0.35.x -> Kubernetes 1.35
kv="${kv#v}"
k8s_major=$((${kv%%.*} + 1))
k8s_minor="$(echo "$kv" | cut -d. -f2)"
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
ldflags="$ldflags -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for p in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  ldflags="$ldflags -X $p.k8sVersionMajor=$k8s_major -X $p.k8sVersionMinor=$k8s_minor"
done

echo "building helm $HELM_VERSION ..."
go build -mod=mod -trimpath -ldflags "$ldflags" -o "$HELM_BIN/helm" helm.sh/helm/v3/cmd/helm

"$HELM_BIN/helm" version --short
echo "$want" > "$stamp"
echo "built in $((SECONDS - start)) s into $HELM_BIN"
