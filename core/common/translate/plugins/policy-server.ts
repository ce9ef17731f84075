// The servers Settings names for policy filters (the external auth server, the rate-limit server):
// an Upstream reference becomes the cluster the filter talks to (Gloo's UpstreamToClusterName). With no
// Settings object, the servers of a default install's Settings are named (DEFAULT_INSTALL_SETTINGS).
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import type { PolicyView } from '../gloo/policy-view';
import { clusterName, describeKey } from '../names';
import { didYouMean } from '../ref-suggestion';
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
  if (policy.upstreams.has(key)) return { cluster };
  // A default install creates the server's Upstream; a config without Settings seldom has it.
  const named = policy.assumedSettings ? `the config has no Settings, so those of a default Gloo Gateway Enterprise install are assumed: their ${field} names ${describeKey(key)}, which the install creates but this config does not have` : `Settings ${field} names ${describeKey(key)}, which does not exist${didYouMean(key, policy.upstreams)}`;
  return { cluster, missing: `${named}, so cluster ${cluster} is missing` };
}
