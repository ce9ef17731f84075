#!/usr/bin/env bash
# Builds kube-apiserver and kubectl for the tests' throwaway cluster into a cache outside the repository, and reuses them.
# A wrapper module requires k8s.io/kubernetes and replaces each of its staging modules (the `=> ./staging/...` lines of
# kubernetes' own go.mod) with the matching v0 release, which is what building kubernetes from the module proxy needs.
# Prints the folder holding both binaries on stdout; progress and the time taken (cold or warm) on stderr.
# Cache: ${XDS_SANDBOX_TEST_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xds-sandbox/test-cluster}/kube-<version>/bin
set -euo pipefail

version="${KUBE_VERSION:-v1.37.2}"
staging_version="v0.${version#v1.}"
cache="${XDS_SANDBOX_TEST_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xds-sandbox/test-cluster}"
dir="$cache/kube-$version"
bin="$dir/bin"

if ! command -v go >/dev/null 2>&1; then
  echo "build-kube: go is not on PATH; install Go to build kube-apiserver" >&2
  exit 2
fi

mkdir -p "$bin"
start=$(date +%s)
# One build at a time: tests started in parallel wait here for the first one's binaries.
exec 9>"$dir/.lock"
flock 9

if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kubectl" ]; then
  echo "build-kube: warm, kube-apiserver and kubectl $version already built ($(( $(date +%s) - start )) s)" >&2
  echo "$bin"
  exit 0
fi

echo "build-kube: building kube-apiserver and kubectl $version from the Go module proxy (cold: about 13 minutes and 2.3 GB on 2 cores)" >&2
cd "$dir"
kube_gomod=$(GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
staging=$(sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./staging/.*#\1#p' "$kube_gomod")
if [ -z "$staging" ]; then
  echo "build-kube: found no staging modules in $kube_gomod" >&2
  exit 1
fi
{
  echo "module xds-sandbox.local/test-cluster"
  echo
  echo "go $(go env GOVERSION | sed 's/^go//; s/^\([0-9]*\.[0-9]*\).*/\1/')"
  echo
  echo "require k8s.io/kubernetes $version"
  echo
  echo "replace ("
  for m in $staging; do echo "	$m => $m $staging_version"; done
  echo ")"
} > go.mod
printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "k8s.io/kubernetes/cmd/kube-apiserver"\n\t_ "k8s.io/kubernetes/cmd/kubectl"\n)\n' > tools.go
GOFLAGS=-mod=mod go mod tidy -e >&2 || true
GOFLAGS=-mod=mod go get "k8s.io/kubernetes@$version" >&2
for cmd in kube-apiserver kubectl; do
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -tags selinux,notest,grpcnotrace -o "$bin/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd" >&2
  mv "$bin/$cmd.tmp" "$bin/$cmd"
done
echo "build-kube: cold build of kube-apiserver and kubectl $version took $(( $(date +%s) - start )) s" >&2
echo "$bin"
