// typedPerFilterConfig, shared by every plugin that configures its HTTP filter per route or virtual host.
import type { EnvoyAny, EnvoyRoute, EnvoyVirtualHost } from './envoy';

/** Sets the per-filter config of one HTTP filter on an Envoy route or virtual host. */
export function setPerFilterConfig(out: EnvoyRoute | EnvoyVirtualHost, filter: string, config: EnvoyAny): void {
  (out.typedPerFilterConfig ??= {})[filter] = config;
}
