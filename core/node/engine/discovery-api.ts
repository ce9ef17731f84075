// The Discovery part of the EngineApi, over the discovery loop `serve` runs beside the gateway loop.
import type { EngineApi } from '../../common/api/contract';
import { discoveryConfig } from '../../common/discovery/discovery-config';
import { StoreError } from '../../common/model/errors';
import type { DiscoveryHandle } from '../discovery/start-discovery';

/** `discovery()` and `adoptUpstream()` of a running discovery loop (or of none: discovery off). */
export function discoveryMethods(d: DiscoveryHandle | undefined): Pick<EngineApi, 'discovery' | 'adoptUpstream'> {
  return {
    discovery: async () => d?.view() ?? offView(),
    adoptUpstream: async (key) => {
      if (key.kind !== 'Upstream') throw new StoreError('Invalid', `only Upstreams are adopted, not ${key.kind}`);
      if (!d) throw new StoreError('Invalid', 'discovery is not running');
      return d.adopt(key);
    },
  };
}

function offView() {
  const c = discoveryConfig(undefined, 'off');
  return { running: false, fdsMode: c.fdsMode, writeNamespace: c.writeNamespace, sources: [], upstreams: [], passes: [], problems: [] };
}
