import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { gateway, translateGatewayAlone } from '../../testing/listeners';
import { httpListenerOptionIssues } from '../run-listener-plugins';
import { routeOptionIssues } from '../run-plugins';
import { BUFFER_FILTER, bufferPerRoute } from './buffer';

describe('buffer plugin', () => {
  it('adds the buffer filter with the request size limit, just before the router', () => {
    const { hcm, status } = translateGatewayAlone(gateway({ httpGateway: { options: { buffer: { maxRequestBytes: 65536 } } } }));
    expect(status.state).toBe('Accepted');
    expect(hcm?.httpFilters?.map((f) => f.name)).toEqual([BUFFER_FILTER, 'envoy.filters.http.router']);
    expect(hcm?.httpFilters?.[0]?.typedConfig).toEqual({ '@type': 'type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer', maxRequestBytes: 65536 });
  });

  it('rejects a buffer without a size limit, which Envoy requires', () => {
    expect(httpListenerOptionIssues({ buffer: {} }, re2FallbackValidator).map((i) => i.message)).toEqual(['httpGateway.options.buffer.maxRequestBytes is required and must be greater than 0']);
  });
});

describe('buffer per route', () => {
  it('turns buffering off, or sets its own limit, where bufferPerRoute says so', () => {
    expect(bufferPerRoute({ disabled: true })).toEqual({ disabled: true });
    expect(bufferPerRoute({ buffer: { maxRequestBytes: 10 } })).toEqual({ buffer: { maxRequestBytes: 10 } });
    expect(bufferPerRoute({})).toBeUndefined();
  });

  it('rejects a per-route buffer without a size limit', () => {
    expect(routeOptionIssues({ bufferPerRoute: { buffer: {} } }, 'forward', re2FallbackValidator).map((i) => i.message)).toEqual(['options.bufferPerRoute.buffer.maxRequestBytes is required and must be greater than 0']);
  });
});
