#!/usr/bin/env bash
# Builds etcd (go.etcd.io/etcd/server/v3) from the Go module proxy into a cache outside the repository and reuses it.
# Prints the binary's path on stdout; progress and the time taken on stderr.
# Cache: ${XDS_SANDBOX_TEST_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xds-sandbox/test-cluster}/etcd-<version>/etcd
set -euo pipefail

version="${ETCD_VERSION:-v3.7.3}"
cache="${XDS_SANDBOX_TEST_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xds-sandbox/test-cluster}"
dir="$cache/etcd-$version"
bin="$dir/etcd"

if ! command -v go >/dev/null 2>&1; then
  echo "build-etcd: go is not on PATH; install Go to build etcd" >&2
  exit 2
fi

mkdir -p "$dir"
start=$(date +%s.%N)
# One build at a time: tests started in parallel wait here for the first one's binary.
exec 9>"$dir/.lock"
flock 9

if [ -x "$bin" ]; then
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
  printf 'build-etcd: warm, %s already built (%.1f s)\n' "$version" "$elapsed" >&2
  echo "$bin"
  exit 0
fi

echo "build-etcd: building etcd $version from the Go module proxy (cold build, about 1.5 minutes on 2 cores)" >&2
work="$dir/module"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
cat > go.mod <<MOD
module xds-sandbox/test-cluster/etcd

go 1.24
MOD
export GOFLAGS="${GOFLAGS:-} -mod=mod"
go get "go.etcd.io/etcd/server/v3@$version" >&2
CGO_ENABLED=0 go build -trimpath -o "$bin.tmp" go.etcd.io/etcd/server/v3 >&2
mv "$bin.tmp" "$bin"
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
printf 'build-etcd: cold, built %s in %.1f s\n' "$version" "$elapsed" >&2
echo "$bin"
