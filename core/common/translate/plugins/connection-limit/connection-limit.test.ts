import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { gateway, translateGatewayAlone } from '../../testing/listeners';
import { httpListenerOptionIssues, listenerNetworkFilters } from '../run-listener-plugins';
import { CONNECTION_LIMIT_FILTER } from './connection-limit';

describe('connection limit plugin', () => {
  it('puts the connection_limit network filter before the connection manager', () => {
    const { listener, status } = translateGatewayAlone(gateway({ httpGateway: { options: { connectionLimit: { maxActiveConnections: 100, delayBeforeClose: '1s' } } } }));
    expect(status.state).toBe('Accepted');
    const filters = listener?.filterChains?.[0]?.filters ?? [];
    expect(filters.map((f) => f.name)).toEqual([CONNECTION_LIMIT_FILTER, 'envoy.filters.network.http_connection_manager']);
    expect(filters[0]?.typedConfig).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit',
      statPrefix: 'connection_limit',
      maxConnections: '100',
      delay: '1s',
    });
  });

  it('adds no filter, with a warning, when no limit is set', () => {
    expect(listenerNetworkFilters({ connectionLimit: {} })).toEqual([]);
    expect(httpListenerOptionIssues({ connectionLimit: {} }, re2FallbackValidator)).toEqual([
      { severity: 'warning', message: 'httpGateway.options.connectionLimit sets no maxActiveConnections, so no limit applies' },
    ]);
  });

  it('rejects a limit under 1', () => {
    expect(httpListenerOptionIssues({ connectionLimit: { maxActiveConnections: 0 } }, re2FallbackValidator).map((i) => i.message)).toEqual([
      'httpGateway.options.connectionLimit.maxActiveConnections must be at least 1, not 0',
    ]);
  });
});
