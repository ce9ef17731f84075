// Connection limits, after Gloo's connection_limit plugin (projects/gloo/pkg/plugins/connection_limit/
// plugin.go: generateNetworkFilter, NetworkFiltersHTTP): `httpGateway.options.connectionLimit` becomes
// Envoy's connection_limit network filter, before the HTTP connection manager in every filter chain,
// staged before rate limiting. Connections over the limit are closed, after delayBeforeClose if set.
import type { ConnectionLimitJson as GlooConnectionLimit } from '../../../gen/gloo/api/v1/options/connection_limit/connection_limit_pb';
import type { ConnectionLimitJson } from '../../../gen/envoy/envoy/extensions/filters/network/connection_limit/v3/connection_limit_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import type { CheckContext, Plugin } from '../plugin';
import { FilterStage } from '../plugin';

/** Name of Envoy's connection limit network filter (Gloo names the filter after its config type). */
export const CONNECTION_LIMIT_FILTER = 'envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit';
/** Stat prefix Gloo gives the filter. */
export const CONNECTION_LIMIT_STAT_PREFIX = 'connection_limit';
const CONNECTION_LIMIT_TYPE = typeUrl<ConnectionLimitJson>('envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit');

/** Envoy's ConnectionLimit config of Gloo's, or undefined when no limit is set (Gloo adds no filter then). */
export function connectionLimitConfig(c: GlooConnectionLimit): ConnectionLimitJson | undefined {
  if (c.maxActiveConnections === undefined) return undefined;
  const out: ConnectionLimitJson = { statPrefix: CONNECTION_LIMIT_STAT_PREFIX, maxConnections: String(c.maxActiveConnections) };
  if (c.delayBeforeClose) out.delay = c.delayBeforeClose;
  return out;
}

function checkConnectionLimit(c: GlooConnectionLimit | undefined, ctx: CheckContext): Issue[] {
  if (!c) return [];
  const issues: Issue[] = [];
  const at = `${ctx.field}.connectionLimit`;
  if (c.maxActiveConnections === undefined) issues.push({ severity: 'warning', message: `${at} sets no maxActiveConnections, so no limit applies` });
  else if (c.maxActiveConnections < 1) issues.push({ severity: 'error', message: `${at}.maxActiveConnections must be at least 1, not ${c.maxActiveConnections}` });
  const bad = durationProblem(`${at}.delayBeforeClose`, c.delayBeforeClose);
  if (bad) issues.push({ severity: 'error', message: bad });
  return issues;
}

/** The connection limit plugin. */
export const connectionLimitPlugin: Plugin = {
  name: 'connection-limit',
  httpListenerOptions: ['connectionLimit'],
  checkHttpListener: (o, ctx) => checkConnectionLimit(o.connectionLimit, ctx),
  listenerNetworkFilters(o) {
    const config = o.connectionLimit && connectionLimitConfig(o.connectionLimit);
    return config ? [{ stage: FilterStage.RateLimit, weight: -1, filter: { name: CONNECTION_LIMIT_FILTER, typedConfig: packAny(CONNECTION_LIMIT_TYPE, config) } }] : [];
  },
};
