// The Upstream sources, one line each: adding Docker or Consul is one file and one line here.
import type { DiscoveryConfig, SourceKind } from '../../../common/discovery/discovery-config';
import { kubernetesSource } from './kubernetes';
import { localListenersSource } from './local-listeners';
import type { UpstreamSource } from './source';
import { staticTargetsSource } from './static-targets';

/** What building a source may read besides the config. */
export interface SourceContext {
  readonly ownPorts?: () => readonly number[];
  readonly ownPid?: number;
}

const SOURCES: Readonly<Record<SourceKind, (c: DiscoveryConfig, ctx: SourceContext) => UpstreamSource>> = {
  local: (c, ctx) => localListenersSource({ writeNamespace: c.writeNamespace, ignoredPorts: c.ignoredPorts, ignoredProcesses: c.ignoredProcesses, ...ctx }),
  kubernetes: (c) => kubernetesSource({ ...(c.kubeconfig ? { kubeconfig: c.kubeconfig } : {}), writeNamespace: c.writeNamespace, watchLabels: c.watchLabels, timeoutMs: c.probeTimeoutMs }),
  static: (c) => staticTargetsSource({ targets: c.staticTargets, writeNamespace: c.writeNamespace, connectTimeoutMs: c.probeTimeoutMs }),
};

/** The sources a config turns on; an Error naming the known kinds for one that is not. */
export function sourcesFor(config: DiscoveryConfig, ctx: SourceContext = {}): UpstreamSource[] {
  return config.sources.map((kind) => {
    if (!Object.hasOwn(SOURCES, kind)) throw new Error(`unknown discovery source "${kind}"; known sources: ${Object.keys(SOURCES).join(', ')}`);
    return SOURCES[kind](config, ctx);
  });
}
