// Which Upstreams function discovery probes, after Gloo's selectUpstreamsForDiscovery
// (projects/discovery/pkg/fds/syncer/discovery_syncer.go). The sandbox has no Namespace objects, so
// no namespace is whitelisted by label; kube-system and kube-public are blacklisted as in Gloo.
import type { Resource } from '../model/resource';
import type { FdsMode } from './discovery-config';
import { FDS_LABEL } from './labels';

const DEFAULT_BLACKLISTED_NAMESPACES = new Set(['kube-system', 'kube-public']);

/** Whether function discovery probes this Upstream under `mode`, and why not when it does not. */
export function fdsChoice(u: Resource<'Upstream'>, mode: FdsMode): { readonly probe: true } | { readonly probe: false; readonly why: string } {
  if (mode === 'DISABLED') return { probe: false, why: 'function discovery is DISABLED in Settings' };
  const labels = [u.spec.discoveryMetadata?.labels, u.metadata.labels];
  const blacklisted = labels.some((l) => l?.[FDS_LABEL] === 'disabled');
  const whitelisted = labels.some((l) => l?.[FDS_LABEL] === 'enabled');
  const namespace = u.spec.kube?.serviceNamespace || u.metadata.namespace;
  if (mode === 'WHITELIST') {
    return whitelisted ? { probe: true } : { probe: false, why: `fdsMode is WHITELIST and the Upstream is not labelled ${FDS_LABEL}: enabled` };
  }
  if (blacklisted) return { probe: false, why: `labelled ${FDS_LABEL}: disabled` };
  if (DEFAULT_BLACKLISTED_NAMESPACES.has(namespace) && !whitelisted) return { probe: false, why: `namespace ${namespace} is not probed unless the Upstream is labelled ${FDS_LABEL}: enabled` };
  return { probe: true };
}
