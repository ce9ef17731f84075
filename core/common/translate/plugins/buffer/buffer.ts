// Request buffering, after Gloo's buffer plugin (projects/gloo/pkg/plugins/buffer/plugin.go: HttpFilters,
// translateBufferFilter): `httpGateway.options.buffer` becomes Envoy's buffer filter, which holds each
// request until its whole body has arrived and answers 413 when the body exceeds maxRequestBytes. Gloo
// stages it in the route stage, after the routing decision.
import type { BufferJson } from '../../../gen/envoy/envoy/extensions/filters/http/buffer/v3/buffer_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import type { Plugin } from '../plugin';
import { FilterStage } from '../plugin';

/** Name of Envoy's buffer HTTP filter. */
export const BUFFER_FILTER = 'envoy.filters.http.buffer';
const BUFFER_TYPE = typeUrl<BufferJson>('envoy.extensions.filters.http.buffer.v3.Buffer');

/** The buffer plugin. */
export const bufferPlugin: Plugin = {
  name: 'buffer',
  httpListenerOptions: ['buffer'],
  // Envoy requires max_request_bytes, greater than 0.
  checkHttpListener: (o, ctx) => (o.buffer && !o.buffer.maxRequestBytes ? [{ severity: 'error', message: `${ctx.field}.buffer.maxRequestBytes is required and must be greater than 0` }] : []),
  listenerHttpFilters: (o) =>
    o.buffer?.maxRequestBytes ? [{ stage: FilterStage.Route, filter: { name: BUFFER_FILTER, typedConfig: packAny(BUFFER_TYPE, { maxRequestBytes: o.buffer.maxRequestBytes }) } }] : [],
};
