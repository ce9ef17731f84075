// The servers Settings names for policy filters (the external auth server, the rate-limit server):
// an Upstream reference becomes the cluster the filter talks to (Gloo's UpstreamToClusterName).
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import type { PolicyView } from '../gloo/policy-view';
import { clusterName, describeKey } from '../names';
import { refKey, resolveRef } from '../../model/resource';

/** A server's cluster, or why the filter cannot be configured; `missing` when the Upstream named does not exist. */
export type ServerLookup = { readonly cluster: string; readonly missing?: string } | { readonly problem: string };

/** The cluster of the server at `ref` in Settings field `field` (`extauth.extauthzServerRef`); its namespace defaults to the Settings'. */
export function settingsServer(policy: PolicyView | undefined, ref: ResourceRefJson | undefined, field: string): ServerLookup {
  if (!policy?.settings) return { problem: `there is no Settings object to name the server (${field})` };
  if (!ref?.name) return { problem: `Settings names no server (${field})` };
  const namespace = ref.namespace || policy.settingsNamespace || 'gloo-system';
  const key = refKey(resolveRef('Upstream', ref, namespace));
  const cluster = clusterName(namespace, ref.name);
  return policy.upstreams.has(key) ? { cluster } : { cluster, missing: `Settings ${field} names ${describeKey(key)}, which does not exist, so cluster ${cluster} is missing` };
}
