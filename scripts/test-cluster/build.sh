#!/usr/bin/env bash
# Builds (or finds in the cache) everything the tests' real servers need: etcd, then kube-apiserver and kubectl.
# Cache: ${XDS_SANDBOX_TEST_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xds-sandbox/test-cluster}, outside the repository.
# Without Go it says so and exits 0: the tests that need these servers are then skipped with that reason.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v go >/dev/null 2>&1; then
  echo "test-cluster: go is not on PATH; the etcd and kube-apiserver tests will be skipped" >&2
  exit 0
fi

start=$(date +%s)
bash "$here/build-etcd.sh" >/dev/null
bash "$here/build-kube.sh" >/dev/null
echo "test-cluster: etcd, kube-apiserver and kubectl ready in $(( $(date +%s) - start )) s (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
