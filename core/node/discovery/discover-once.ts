// One round of discovery for `xds-sandbox discover --once`: scan every source, probe every Upstream
// that is or would be written, and plan the writes, with their functions, without starting the loop.
import type { DiscoveryView } from '../../common/discovery/discovery-view';
import type { PlanStep } from '../../common/discovery/reconcile-plan';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import type { DiscoveryLoop } from './discovery-loop';
import { discoveryView } from './discovery-report';

/** What one round found and would write. */
export interface DiscoverRound {
  readonly steps: readonly PlanStep[];
  readonly view: DiscoveryView;
}

/** Scans, probes and plans once; the loop must not have been started. */
export async function discoverOnce(loop: DiscoveryLoop, store: ResourceStore): Promise<DiscoverRound> {
  loop.upstreams = await store.client('Upstream').list(ALL_NAMESPACES);
  await loop.scanAll();
  const planned = loop.plan().flatMap((s) => (s.op === 'create' || s.op === 'update' ? [s.upstream] : []));
  const plannedKeys = new Set(planned.map((u) => `${u.metadata.namespace}/${u.metadata.name}`));
  const probed = loop.config.sources.length && loop.config.fdsMode !== 'DISABLED' ? [...loop.upstreams.filter((u) => !plannedKeys.has(`${u.metadata.namespace}/${u.metadata.name}`)), ...planned] : [];
  loop.fds.update(probed);
  await loop.fds.probeAll();
  const steps = loop.plan();
  const stored = loop.upstreams;
  loop.upstreams = [...stored.filter((u) => !plannedKeys.has(`${u.metadata.namespace}/${u.metadata.name}`)), ...planned];
  const view = discoveryView(loop);
  loop.upstreams = stored;
  return { steps, view };
}
