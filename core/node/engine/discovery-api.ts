// The Discovery part of the EngineApi, over the discovery loop `serve` runs beside the gateway loop.
import type { EngineApi } from '../../common/api/contract';
import { discoveryConfig } from '../../common/discovery/discovery-config';
import { StoreError } from '../../common/model/errors';
import type { DiscoveryHandle } from '../discovery/start-discovery';

/** `discovery()` and `adoptUpstream()` of the discovery loop running now (or of none: discovery off, or run by the leader). */
export function discoveryMethods(current: () => DiscoveryHandle | undefined = () => undefined): Pick<EngineApi, 'discovery' | 'adoptUpstream'> {
  return {
    discovery: async () => current()?.view() ?? offView(),
    adoptUpstream: async (key) => {
      if (key.kind !== 'Upstream') throw new StoreError('Invalid', `only Upstreams are adopted, not ${key.kind}`);
      const d = current();
      if (!d) throw new StoreError('Invalid', 'discovery is not running here (it is off, or the leader of this store runs it)');
      return d.adopt(key);
    },
  };
}

function offView() {
  const c = discoveryConfig(undefined, 'off');
  return { running: false, fdsMode: c.fdsMode, writeNamespace: c.writeNamespace, sources: [], upstreams: [], passes: [], problems: [] };
}
