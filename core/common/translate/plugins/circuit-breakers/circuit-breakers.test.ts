import { describe, expect, it } from 'vitest';
import { translateUpstreamAlone } from '../../testing/clusters';
import { obj } from '../../testing/objects';
import type { UpstreamSpec } from '../plugin';

function translate(circuitBreakers: UpstreamSpec['circuitBreakers']) {
  return translateUpstreamAlone(obj('Upstream', 'svc', { static: { hosts: [{ addr: '10.0.0.8', port: 8080 }] }, circuitBreakers }));
}

describe('circuit breakers plugin', () => {
  it('sets one default-priority threshold with the limits given', () => {
    const { cluster, status } = translate({ maxConnections: 100, maxPendingRequests: 10, maxRequests: 200, maxRetries: 3 });
    expect(status.state).toBe('Accepted');
    expect(cluster?.circuitBreakers).toEqual({ thresholds: [{ maxConnections: 100, maxPendingRequests: 10, maxRequests: 200, maxRetries: 3 }] });
  });

  it('leaves unset limits to Envoy', () => {
    expect(translate({ maxRetries: 0 }).cluster?.circuitBreakers).toEqual({ thresholds: [{ maxRetries: 0 }] });
  });

  it('warns that trackRemaining is dropped, as Gloo drops it', () => {
    const { cluster, status } = translate({ maxConnections: 5, trackRemaining: true });
    expect(status).toMatchObject({ state: 'Warning', reason: expect.stringContaining('circuitBreakers.trackRemaining is not translated') });
    expect(cluster?.circuitBreakers).toEqual({ thresholds: [{ maxConnections: 5 }] });
  });
});
