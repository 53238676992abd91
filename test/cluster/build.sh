#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok from their Go
# modules into a per-version cache outside the repo. Idempotent: a stamp file skips the build
# when every binary of these pins is already there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
. "$here/versions.sh"

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-modcacherw

stamp="$CP_BIN/.stamp"
want="k8s=$K8S_VERSION etcd=$ETCD_VERSION kwok=$KWOK_VERSION"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
    [[ -x "$CP_BIN/$b" ]] || { rm -f "$stamp"; break; }
  done
  [[ -f "$stamp" ]] && { echo "control plane binaries cached in $CP_BIN"; exit 0; }
fi

command -v go >/dev/null || { echo "go is required to build the local control plane (Go 1.26)" >&2; exit 1; }
mkdir -p "$CP_BIN"
start=$SECONDS

ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=$K8S_MAJOR -X $p.gitMinor=$K8S_MINOR"
  ldflags="$ldflags -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

echo "building etcd $ETCD_VERSION ..."
(cd "$here/go/etcd" && go build -mod=mod -trimpath -ldflags "-s -w" -o "$CP_BIN/etcd" go.etcd.io/etcd/server/v3)

echo "building kwok $KWOK_VERSION ..."
GOBIN="$CP_BIN" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
# kwok v0.8.0 ships no built-in stages: keep the stage YAMLs from its module beside the binaries.
kwok_mod="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$KWOK_VERSION"
rm -rf "$CP_BIN/kwok-stages" && mkdir -p "$CP_BIN/kwok-stages"
cp -r "$kwok_mod/kustomize/stage/." "$CP_BIN/kwok-stages/"
chmod -R u+w "$CP_BIN/kwok-stages"

echo "building kube-apiserver, kube-controller-manager, kube-scheduler $K8S_VERSION (slow when cold) ..."
(cd "$here/go/kube" && go build -mod=mod -trimpath -ldflags "$ldflags" -o "$CP_BIN/" \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler)

"$CP_BIN/kube-apiserver" --version
echo "$want" > "$stamp"
echo "built in $((SECONDS - start)) s into $CP_BIN"
