// typedPerFilterConfig, shared by every plugin that configures its HTTP filter per route or virtual host.
import type { EnvoyAny, EnvoyClusterWeight, EnvoyRoute, EnvoyVirtualHost } from './envoy';

/** Sets the per-filter config of one HTTP filter on an Envoy route, virtual host or weighted cluster. */
export function setPerFilterConfig(out: EnvoyRoute | EnvoyVirtualHost | EnvoyClusterWeight, filter: string, config: EnvoyAny): void {
  (out.typedPerFilterConfig ??= {})[filter] = config;
}
