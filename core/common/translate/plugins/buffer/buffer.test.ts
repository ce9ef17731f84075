import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { gateway, translateGatewayAlone } from '../../testing/listeners';
import { httpListenerOptionIssues } from '../run-listener-plugins';
import { BUFFER_FILTER } from './buffer';

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
