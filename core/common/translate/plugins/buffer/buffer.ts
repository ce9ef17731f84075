// Request buffering, after Gloo's buffer plugin (projects/gloo/pkg/plugins/buffer/plugin.go: HttpFilters,
// translateBufferFilter): `httpGateway.options.buffer` becomes Envoy's buffer filter, which holds each
// request until its whole body has arrived and answers 413 when the body exceeds maxRequestBytes. Gloo
// stages it in the route stage, after the routing decision. `bufferPerRoute` on a route, virtual host
// or weighted destination (ProcessRoute, ProcessVirtualHost, ProcessWeightedDestination) becomes the
// filter's BufferPerRoute config there: disabled, or its own limit. As in Gloo it only adds per-route
// config: the filter itself comes from the listener's `buffer` option alone.
import type { BufferPerRouteJson as GlooBufferPerRoute } from '../../../gen/gloo/api/external/envoy/extensions/filters/http/buffer/v3/buffer_pb';
import type { BufferJson, BufferPerRouteJson } from '../../../gen/envoy/envoy/extensions/filters/http/buffer/v3/buffer_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import type { Issue } from '../../served';
import type { EnvoyClusterWeight, EnvoyRoute, EnvoyVirtualHost } from '../envoy';
import { setPerFilterConfig } from '../per-filter-config';
import type { CheckContext, Plugin } from '../plugin';
import { FilterStage } from '../plugin';

/** Name of Envoy's buffer HTTP filter. */
export const BUFFER_FILTER = 'envoy.filters.http.buffer';
const BUFFER_TYPE = typeUrl<BufferJson>('envoy.extensions.filters.http.buffer.v3.Buffer');
const PER_ROUTE_TYPE = typeUrl<BufferPerRouteJson>('envoy.extensions.filters.http.buffer.v3.BufferPerRoute');

/** Envoy's BufferPerRoute of Gloo's (getNoBufferConfig, getBufferConfig); undefined when it sets neither. */
export function bufferPerRoute(b: GlooBufferPerRoute): BufferPerRouteJson | undefined {
  if (b.disabled) return { disabled: true };
  return b.buffer ? { buffer: { maxRequestBytes: b.buffer.maxRequestBytes ?? 0 } } : undefined;
}

// Envoy's BufferPerRoute validation: a buffer's max_request_bytes must be greater than 0.
function checkPerRoute(b: GlooBufferPerRoute | undefined, ctx: CheckContext): Issue[] {
  if (!b || b.disabled || !b.buffer || b.buffer.maxRequestBytes) return [];
  return [{ severity: 'error', message: `${ctx.field}.bufferPerRoute.buffer.maxRequestBytes is required and must be greater than 0` }];
}

function setPerRoute(b: GlooBufferPerRoute | undefined, out: EnvoyRoute | EnvoyVirtualHost | EnvoyClusterWeight): void {
  const config = b ? bufferPerRoute(b) : undefined;
  if (config) setPerFilterConfig(out, BUFFER_FILTER, packAny(PER_ROUTE_TYPE, config));
}

/** The buffer plugin. */
export const bufferPlugin: Plugin = {
  name: 'buffer',
  httpListenerOptions: ['buffer'],
  routeOptions: ['bufferPerRoute'],
  virtualHostOptions: ['bufferPerRoute'],
  weightedDestinationOptions: ['bufferPerRoute'],
  // Envoy requires max_request_bytes, greater than 0.
  checkHttpListener: (o, ctx) => (o.buffer && !o.buffer.maxRequestBytes ? [{ severity: 'error', message: `${ctx.field}.buffer.maxRequestBytes is required and must be greater than 0` }] : []),
  checkRoute: (o, _action, ctx) => checkPerRoute(o.bufferPerRoute, ctx),
  checkVirtualHost: (o, ctx) => checkPerRoute(o.bufferPerRoute, ctx),
  checkWeightedDestination: (o, ctx) => checkPerRoute(o.bufferPerRoute, ctx),
  route: (o, out) => setPerRoute(o.bufferPerRoute, out),
  virtualHost: (o, out) => setPerRoute(o.bufferPerRoute, out),
  weightedDestination: (o, out) => setPerRoute(o.bufferPerRoute, out),
  listenerHttpFilters: (o) =>
    o.buffer?.maxRequestBytes ? [{ stage: FilterStage.Route, filter: { name: BUFFER_FILTER, typedConfig: packAny(BUFFER_TYPE, { maxRequestBytes: o.buffer.maxRequestBytes }) } }] : [],
};
